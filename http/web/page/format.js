// Number formatting shared by the panels: binary units, rates, percentages, durations.
(function () {
  'use strict';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    let i = 0;
    let v = Number(n);
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? String(Math.round(v)) : v.toFixed(1)) + ' ' + units[i];
  }
  function rate(n) { return n === null || n === undefined ? '–' : bytes(n) + '/s'; }
  function percent(n) { return n === null || n === undefined ? '–' : Number(n).toFixed(1) + ' %'; }
  function count(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    let s = Math.floor(seconds);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
    if (h > 0) return h + 'h ' + m + 'm';
    return m + 'm ' + s + 's';
  }
  function clock(unixSeconds) { return new Date(unixSeconds * 1000).toLocaleTimeString(); }
  window.SM = window.SM || {};
  SM.fmt = { bytes, rate, percent, count, duration, clock };
})();
