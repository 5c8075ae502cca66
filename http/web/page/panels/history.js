// One GET /api/v1/history per poll for every chart, shared by the panels that draw them.
(function () {
  'use strict';
  const SERIES = ['cpu.busy_percent', 'cpu.cores.busy_percent', 'memory.used_percent',
    'network.interfaces.bytes_received_per_second', 'network.interfaces.bytes_sent_per_second'];
  const PATH = '/api/v1/history?series=' + SERIES.join(',') + '&after=-600';
  let pending = null;
  let pendingAt = 0;
  // The series of the last ten minutes by name: [{name, item, points}], or [] when the
  // service keeps no history. Panels asking within one poll share one request.
  function recent() {
    const now = Date.now();
    if (!pending || now - pendingAt > 1000) {
      pendingAt = now;
      pending = SM.api.get(PATH).then((a) => (a.status === 200 ? a.body.series : []));
    }
    return pending;
  }
  function named(list, name) { return list.filter((s) => s.name === name); }
  SM.history = { recent, named };
})();
