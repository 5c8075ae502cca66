// The poll loop: every few seconds each panel whose collector runs here updates itself; a panel
// whose collector is off or unsupported (or whose endpoint answers 404) stays hidden. Polling
// pauses while the tab is hidden and resumes at once when it is shown.
(function () {
  'use strict';
  const POLL_MS = 3000;
  let timer = null;
  let running = false;

  function setStatus(message, error) {
    const el = document.getElementById('status');
    el.textContent = message;
    el.classList.toggle('error', !!error);
  }

  async function updatePanel(panel, collectors) {
    const section = document.getElementById(panel.id);
    const c = panel.collector ? collectors.get(panel.collector) : null;
    if (panel.collector && (!c || c.state === 'unsupported')) {
      section.hidden = true;
      return;
    }
    const shown = await panel.update(c);
    section.hidden = shown === false;
  }

  async function tick() {
    running = true;
    try {
      const answer = await SM.api.get('/api/v1/collectors');
      if (answer.status !== 200) throw new Error('/api/v1/collectors answered ' + answer.status);
      const collectors = new Map(answer.body.collectors.map((c) => [c.name, c]));
      SM.collectors = collectors;
      const failures = [];
      await Promise.all(SM.panels.map((p) => updatePanel(p, collectors).catch((e) => {
        failures.push(p.id + ': ' + e.message);
      })));
      SM.charts.fit();  // a chart first drawn in a hidden panel takes its width now
      if (failures.length) setStatus(failures.join('; '), true);
      else setStatus('updated ' + new Date().toLocaleTimeString() + ', every ' + POLL_MS / 1000 + ' s');
      document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    } catch (e) {
      setStatus('no data: ' + e.message, true);
    }
    running = false;
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = document.visibilityState === 'visible' ? setTimeout(tick, POLL_MS) : null;
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') {
      clearTimeout(timer);
      timer = null;
    } else if (!running) {
      tick();
    }
  });
  SM.refresh = () => { if (!running && document.visibilityState === 'visible') tick(); };
  SM.polling = () => running || timer !== null;  // false while paused (hidden tab)
  tick();
})();
