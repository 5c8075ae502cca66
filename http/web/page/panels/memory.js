// Memory: used share of physical memory now and for the last ten minutes, and the figures.
(function () {
  'use strict';
  const { text } = SM.dom;
  let chart = null;
  async function update() {
    chart = chart || SM.charts.create('memory-chart', 'percent', 150);
    const [a, history] = await Promise.all([SM.api.get('/api/v1/memory'), SM.history.recent()]);
    if (a.status === 404) return false;
    if (a.status === 200) {
      const m = a.body;
      const total = m.physical_total_bytes;
      const used = total - m.physical_available_bytes;
      text('memory-used', SM.fmt.percent((100 * used) / total));
      let figures = SM.fmt.bytes(used) + ' used of ' + SM.fmt.bytes(total) + ', ' +
        SM.fmt.bytes(m.physical_available_bytes) + ' available';
      if (m.swap_total_bytes) figures += '; swap/page files ' + SM.fmt.bytes(m.swap_total_bytes);
      text('memory-figures', figures);
    }
    const used = SM.history.named(history, 'memory.used_percent');
    if (used.length) SM.charts.update(chart, [{ label: 'used', points: used[0].points, width: 2 }]);
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'memory-panel', collector: 'memory', update });
})();
