// The header: hostname, OS, uptime, logical CPUs, process count (GET /api/v1/system).
(function () {
  'use strict';
  const { text } = SM.dom;
  async function update() {
    const a = await SM.api.get('/api/v1/system');
    if (a.status !== 200) return true;  // the header stays, with what it had
    const s = a.body;
    text('hostname', s.hostname);
    document.title = s.hostname + ' – sysmetrics';
    text('os', s.os ? [s.os.product, s.os.version, s.os.architecture].filter(Boolean).join(' ') : '');
    text('uptime', SM.fmt.duration(s.uptime_seconds));
    text('cores', String(s.logical_cpus));
    text('processes-count', SM.fmt.count(s.processes));
    text('version', s.service ? s.service.version + ' (' + s.service.platform + ')' : '');
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'host-panel', collector: 'system', update });
})();
