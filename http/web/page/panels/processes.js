// The top processes: sorted and filtered by the service (sort, order, name), 50 rows at a time.
// A click on a column sorts by it (again: the other way round); the box filters by name (any case).
(function () {
  'use strict';
  const { cell, row, fill, text } = SM.dom;
  const f = SM.fmt;
  const LIMIT = 50;
  const FIELDS = 'pid,name,owner,cpu_percent,working_set_bytes,thread_count,handles,' +
    'io_read_bytes_per_second,io_write_bytes_per_second';
  const ASCENDING = new Set(['pid', 'name']);  // the service's own default orders
  const state = { sort: 'cpu_percent', asc: false, filter: '' };
  let wired = false;

  function escapeRe2(s) { return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&'); }

  function path() {
    let p = '/api/v1/processes?sort=' + state.sort + '&order=' + (state.asc ? 'asc' : 'desc') +
      '&limit=' + LIMIT + '&fields=' + FIELDS;
    if (state.filter) p += '&name=' + encodeURIComponent('(?i)' + escapeRe2(state.filter));
    return p;
  }

  function showSort() {
    for (const th of document.querySelectorAll('#processes-table th[data-sort]')) {
      th.classList.toggle('sorted', th.dataset.sort === state.sort);
      th.classList.toggle('asc', th.dataset.sort === state.sort && state.asc);
    }
    document.getElementById('processes-table').dataset.sort = state.sort + ':' + (state.asc ? 'asc' : 'desc');
  }

  function wire() {
    wired = true;
    for (const th of document.querySelectorAll('#processes-table th[data-sort]')) {
      th.addEventListener('click', () => {
        const key = th.dataset.sort;
        state.asc = key === state.sort ? !state.asc : ASCENDING.has(key);
        state.sort = key;
        showSort();
        SM.refresh();
      });
    }
    let debounce = null;
    document.getElementById('process-filter').addEventListener('input', (e) => {
      clearTimeout(debounce);
      debounce = setTimeout(() => { state.filter = e.target.value.trim(); SM.refresh(); }, 300);
    });
    showSort();
  }

  async function update() {
    if (!wired) wire();
    const asked = path();
    const a = await SM.api.get(asked);
    if (a.status === 404) return false;
    if (a.status !== 200) return true;
    if (asked !== path()) return true;  // the sort or filter changed meanwhile: next poll
    const body = a.body;
    text('processes-shown', body.processes.length + ' of ' + body.count +
      (state.filter ? ' matching' : '') + ', collected ' + f.clock(body.collected_at));
    const table = document.getElementById('processes-table');
    table.dataset.collectedAt = String(body.collected_at);
    table.dataset.query = asked;
    if (!a.changed) return true;
    fill('processes', body.processes.map((p) => {
      const io = p.io_read_bytes_per_second === null && p.io_write_bytes_per_second === null ? null
        : (p.io_read_bytes_per_second || 0) + (p.io_write_bytes_per_second || 0);
      return row([
        cell(String(p.pid), { cls: 'n' }),
        cell(p.name, { title: p.name }),
        cell(p.owner || '', { title: p.owner || '' }),
        cell(p.cpu_percent === null ? '–' : p.cpu_percent.toFixed(1), { cls: 'n' }),
        cell(f.bytes(p.working_set_bytes), { cls: 'n' }),
        cell(f.count(p.thread_count), { cls: 'n' }),
        cell(f.count(p.handles), { cls: 'n' }),
        cell(f.rate(io), { cls: 'n' }),
      ], { pid: p.pid });
    }));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'processes-panel', collector: 'processes', update });
})();
