// Network: bytes per second received and sent per interface, now and for the last ten minutes.
(function () {
  'use strict';
  const { cell, row, fill } = SM.dom;
  let chart = null;
  async function update() {
    chart = chart || SM.charts.create('network-chart', 'bytes/s', 170);
    const [a, history] = await Promise.all([SM.api.get('/api/v1/network/interfaces'), SM.history.recent()]);
    if (a.status === 404) return false;
    if (a.status === 200 && a.changed) {
      fill('interfaces', a.body.interfaces.map((i) => row([
        cell(i.friendly_name || i.name, { title: i.description || i.name }),
        i.oper_status || '',
        cell((i.ipv4 || []).concat(i.ipv6 || []).join(' '), { title: (i.ipv4 || []).concat(i.ipv6 || []).join('\n') }),
        cell(SM.fmt.rate(i.bytes_received_per_second), { cls: 'n' }),
        cell(SM.fmt.rate(i.bytes_sent_per_second), { cls: 'n' }),
      ], { name: i.name })));
    }
    const rx = SM.history.named(history, 'network.interfaces.bytes_received_per_second');
    const tx = SM.history.named(history, 'network.interfaces.bytes_sent_per_second');
    const list = rx.map((s) => ({ label: s.item + ' in', points: s.points }))
      .concat(tx.map((s) => ({ label: s.item + ' out', points: s.points })));
    if (list.length) SM.charts.update(chart, list);
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'network-panel', collector: 'network', update });
})();
