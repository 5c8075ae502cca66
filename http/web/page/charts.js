// Line charts (uPlot) fed from /api/v1/history: series on one time axis, redrawn on new data.
(function () {
  'use strict';
  const palette = ['#2a7ab8', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#16a085', '#d4ac0d',
    '#7f8c8d', '#2c3e50', '#d35400', '#1abc9c', '#9b59b6'];
  const charts = [];

  // Joins [{label, points: [[t, v], ...]}] on the union of their timestamps (null where a series
  // has no point), as uPlot wants: [xs, ys1, ys2, ...].
  function align(list) {
    const times = new Set();
    for (const s of list) for (const p of s.points) times.add(p[0]);
    const xs = Array.from(times).sort((a, b) => a - b);
    const index = new Map(xs.map((t, i) => [t, i]));
    const data = [xs];
    for (const s of list) {
      const ys = new Array(xs.length).fill(null);
      for (const p of s.points) ys[index.get(p[0])] = p[1];
      data.push(ys);
    }
    return data;
  }

  // unit: 'percent' (0-100 axis) or 'bytes/s'.
  function create(id, unit, height) {
    const chart = { el: document.getElementById(id), unit, height: height || 150, plot: null, labels: '' };
    charts.push(chart);
    return chart;
  }

  function options(chart, list) {
    const value = chart.unit === 'percent' ? (v) => v.toFixed(0) + '%' : (v) => SM.fmt.rate(v);
    return {
      width: Math.max(200, chart.el.clientWidth),
      height: chart.height,
      legend: { show: list.length <= 8, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: chart.unit === 'percent' ? { y: { range: [0, 100] } } : { y: { range: (u, min, max) => [0, Math.max(1024, max)] } },
      series: [{}].concat(list.map((s, i) => ({
        label: s.label, stroke: palette[i % palette.length], width: s.width || 1, points: { show: false },
        value: (u, v) => (v === null ? '–' : value(v)),
      }))),
      axes: [{}, { size: 84, values: (u, ticks) => ticks.map(value) }],
    };
  }

  function update(chart, list) {
    const labels = list.map((s) => s.label).join('\n');
    const data = align(list);
    if (!chart.plot || labels !== chart.labels) {
      if (chart.plot) chart.plot.destroy();
      chart.el.replaceChildren();
      chart.labels = labels;
      chart.plot = new uPlot(options(chart, list), data, chart.el);
    } else {
      chart.plot.setData(data);
    }
  }

  // Each chart as wide as its panel (after a resize, or once a hidden panel is shown).
  function fit() {
    for (const c of charts) {
      const width = Math.max(200, c.el.clientWidth);
      if (c.plot && width !== c.plot.width) c.plot.setSize({ width, height: c.height });
    }
  }
  window.addEventListener('resize', fit);

  window.SM = window.SM || {};
  SM.charts = { create, update, align, fit };
})();
