// Connections: how many, by protocol and state, and the listening sockets with their process.
(function () {
  'use strict';
  const { cell, row, fill, text } = SM.dom;
  async function update() {
    const a = await SM.api.get('/api/v1/connections');
    if (a.status === 404) return false;
    if (a.status !== 200 || !a.changed) return true;
    const list = a.body.connections;
    const byState = new Map();
    for (const c of list) {
      const key = c.proto === 'udp' ? 'UDP' : c.state;
      byState.set(key, (byState.get(key) || 0) + 1);
    }
    text('connections-count', String(a.body.count));
    text('connections-states', Array.from(byState).sort((x, y) => y[1] - x[1])
      .map(([s, n]) => s + ' ' + n).join(' · '));
    const listening = list.filter((c) => c.state === 'LISTEN')
      .sort((x, y) => x.local_port - y.local_port).slice(0, 25);
    fill('listening', listening.map((c) => row([
      c.proto + (c.family === 6 ? '6' : ''), c.local_address, cell(String(c.local_port), { cls: 'n' }),
      c.process || (c.pid === null ? '' : 'pid ' + c.pid),
    ])));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'connections-panel', collector: 'connections', update });
})();
