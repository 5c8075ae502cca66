// Windows services: how many in each state, and the automatic ones that are not running.
(function () {
  'use strict';
  const { cell, row, fill, text } = SM.dom;
  async function update() {
    const a = await SM.api.get('/api/v1/services');
    if (a.status === 404) return false;
    if (a.status !== 200 || !a.changed) return true;
    const list = a.body.services;
    const byState = new Map();
    for (const s of list) byState.set(s.state, (byState.get(s.state) || 0) + 1);
    text('services-count', String(list.length));
    text('services-states', Array.from(byState).map(([s, n]) => s + ' ' + n).join(' · '));
    const down = list.filter((s) => s.start_type === 'auto' && s.state !== 'running' && !s.delayed_start);
    const rows = down.map((s) => row([s.name, cell(s.display_name || '', { title: s.description || '' }),
      cell(s.state, { cls: 'state-' + s.state })]));
    fill('services', rows.length ? rows : [row(['none', '', ''])]);
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'services-panel', collector: 'services', update });
})();
