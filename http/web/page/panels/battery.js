// Battery: charge and power state, only where a battery is present.
(function () {
  'use strict';
  const { text } = SM.dom;
  async function update() {
    const a = await SM.api.get('/api/v1/battery');
    if (a.status !== 200) return false;  // off, or not collected yet
    const b = a.body;
    if (!b.present) return false;
    text('battery-charge', b.charge_percent === null ? '' : SM.fmt.percent(b.charge_percent));
    const parts = [b.ac_online ? 'on AC power' : 'on battery', b.charging ? 'charging' : ''];
    if (b.seconds_remaining) parts.push(SM.fmt.duration(b.seconds_remaining) + ' left');
    if (b.critical) parts.push('critical'); else if (b.low) parts.push('low');
    text('battery-state', parts.filter(Boolean).join(', '));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'battery-panel', collector: 'battery', update });
})();
