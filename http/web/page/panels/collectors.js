// Collector health, from the list the poll loop already fetched (GET /api/v1/collectors).
(function () {
  'use strict';
  const { cell, row, fill } = SM.dom;
  async function update() {
    const list = Array.from(SM.collectors.values());
    fill('collectors', list.map((c) => row([
      c.name, cell(c.state + (c.idle ? ' (idle)' : ''), { cls: 'state-' + c.state }),
      cell(c.interval_seconds + ' s', { cls: 'n' }),
      cell(c.age_seconds === null ? '–' : c.age_seconds.toFixed(1) + ' s', { cls: 'n' }),
      cell(SM.fmt.count(c.runs_total), { cls: 'n' }), cell(SM.fmt.count(c.failures_total), { cls: 'n' }),
      cell([c.last_error].concat(c.notes || []).filter(Boolean).join('; '),
        { title: [c.last_error].concat(c.notes || []).filter(Boolean).join('\n') }),
    ], { name: c.name })));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'collectors-panel', collector: null, update });
})();
