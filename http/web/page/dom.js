// Small DOM helpers: set a text, build table rows and usage bars without innerHTML.
(function () {
  'use strict';
  function text(id, value) {
    const el = document.getElementById(id);
    if (el && el.textContent !== value) el.textContent = value;
  }
  // cell(value) or cell(value, {cls, title, data: {bytes: 1}}); a Node value is appended as is.
  function cell(value, opts) {
    const td = document.createElement('td');
    if (value instanceof Node) td.appendChild(value); else td.textContent = value;
    if (opts && opts.cls) td.className = opts.cls;
    if (opts && opts.title) td.title = opts.title;
    if (opts && opts.data) for (const k in opts.data) td.dataset[k] = opts.data[k];
    return td;
  }
  function row(cells, data) {
    const tr = document.createElement('tr');
    for (const c of cells) tr.appendChild(c instanceof Node && c.tagName === 'TD' ? c : cell(c));
    if (data) for (const k in data) tr.dataset[k] = data[k];
    return tr;
  }
  function fill(id, rows) { document.getElementById(id).replaceChildren(...rows); }
  function bar(ratio, label) {
    const div = document.createElement('div');
    div.className = 'bar';
    const fillEl = document.createElement('i');
    fillEl.style.width = Math.max(0, Math.min(100, (ratio || 0) * 100)).toFixed(1) + '%';
    const span = document.createElement('span');
    span.textContent = label;
    div.append(fillEl, span);
    return div;
  }
  window.SM = window.SM || {};
  SM.dom = { text, cell, row, fill, bar };
})();
