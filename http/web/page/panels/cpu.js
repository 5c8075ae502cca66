// CPU: busy % now and for the last ten minutes, in total and per core.
(function () {
  'use strict';
  const { text, bar } = SM.dom;
  let total = null;
  let cores = null;
  async function update() {
    total = total || SM.charts.create('cpu-chart', 'percent', 150);
    cores = cores || SM.charts.create('cores-chart', 'percent', 150);
    const [a, history] = await Promise.all([SM.api.get('/api/v1/cpu'), SM.history.recent()]);
    if (a.status === 404) return false;
    if (a.status === 200) {
      const cpu = a.body;
      text('cpu-busy', SM.fmt.percent(cpu.total.busy_percent));
      const bars = cpu.cores.map((c) => {
        const b = bar((c.busy_percent || 0) / 100, c.id + ': ' + SM.fmt.percent(c.busy_percent));
        b.dataset.core = c.id;
        return b;
      });
      document.getElementById('cpu-cores').replaceChildren(...bars);
    }
    const busy = SM.history.named(history, 'cpu.busy_percent');
    if (busy.length) SM.charts.update(total, [{ label: 'busy', points: busy[0].points, width: 2 }]);
    const perCore = SM.history.named(history, 'cpu.cores.busy_percent');
    if (perCore.length) SM.charts.update(cores, perCore.map((s) => ({ label: 'core ' + s.item, points: s.points })));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'cpu-panel', collector: 'cpu', update });
})();
