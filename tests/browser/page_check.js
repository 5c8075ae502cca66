// Loads the page at `/` in Debian's chromium (playwright-core, pinned in playwright-core.version)
// and checks that what it shows is what the API answers: hostname, logical CPUs, a disk's size,
// the top process by the table's sort (by CPU, then by name after a click on the header); that
// the filter box narrows the table; and that nothing failed (console errors, page errors, an
// answer of 400 or more). Screenshots go to OUT_DIR.
//   node page_check.js URL USER PASSWORD OUT_DIR LABEL
'use strict';
const path = require('path');
const { chromium } = require(path.join(process.env.PLAYWRIGHT_DIR, 'node_modules', 'playwright-core'));

const [url, user, password, outDir, label] = process.argv.slice(2);
const DEADLINE_MS = Number(process.env.PAGE_DEADLINE_MS || 90000);
const started = Date.now();
const note = (m) => console.log(`--- [${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`);
const fail = (m) => { throw new Error(m); };

// The page's own formatting, written again here from its definition (binary units, one decimal).
function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? String(Math.round(n)) : n.toFixed(1)) + ' ' + units[i];
}

// Polls `check` (returning a truthy value when done) until it holds or the deadline passes.
async function until(what, check, ms = DEADLINE_MS) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    try { const v = await check(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what} did not happen within ${ms / 1000} s${last ? ' (' + last.message + ')' : ''}`);
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const problems = [];
  try {
    const context = await browser.newContext({ httpCredentials: { username: user, password },
      viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + r.failure().errorText));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(r.status() + ' for ' + r.url()); });
    const api = async (p) => {
      const r = await context.request.get(new URL(p, url).href);
      if (!r.ok()) fail(`GET ${p}: ${r.status()}`);
      return r.json();
    };

    note(`load ${url} (${label})`);
    await page.goto(url);
    await until('the first data', () => page.evaluate(() =>
      Number(document.body.dataset.updates || 0) >= 2 &&
      document.querySelectorAll('#processes tr').length > 0 &&
      document.querySelectorAll('#disks tr').length > 0 &&
      document.querySelector('#cpu-chart canvas') !== null));
    note('data shown');

    const system = await api('/api/v1/system');
    const shown = await page.evaluate(() => ({
      hostname: document.getElementById('hostname').textContent,
      cores: document.getElementById('cores').textContent,
    }));
    if (shown.hostname !== system.hostname) fail(`hostname: page ${shown.hostname}, API ${system.hostname}`);
    if (shown.cores !== String(system.logical_cpus)) fail(`cores: page ${shown.cores}, API ${system.logical_cpus}`);
    note(`hostname ${shown.hostname}, ${shown.cores} logical CPUs: as the API says`);

    const disk = await page.evaluate(() => {
      const tr = document.querySelector('#disks tr');
      const size = tr.querySelector('td.size');
      return { volume: tr.dataset.volume, bytes: Number(size.dataset.bytes), text: size.textContent };
    });
    const apiDisk = (await api('/api/v1/disks')).disks.find((d) => d.volume === disk.volume);
    if (!apiDisk) fail(`disk ${disk.volume} is not in the API's list`);
    if (disk.bytes !== apiDisk.size_bytes || disk.text !== bytes(apiDisk.size_bytes)) {
      fail(`disk ${disk.volume}: page ${disk.text} (${disk.bytes}), API ${apiDisk.size_bytes}`);
    }
    note(`disk ${disk.volume}: ${disk.text}, as the API says`);

    // The table's first row against the API's answer to the same query from the same collection
    // (the table says which: data-query, data-collected-at). Retried while a collection lands
    // between the two reads.
    const topMatches = async (sort) => until(`the top process by ${sort} to match the API`, async () => {
      const t = await page.evaluate(() => {
        const table = document.getElementById('processes-table');
        const first = document.querySelector('#processes tr');
        return { sort: table.dataset.sort, query: table.dataset.query, at: table.dataset.collectedAt,
          pid: first && first.dataset.pid, name: first && first.children[1].textContent };
      });
      if (t.sort !== sort || !t.query || !t.query.includes('sort=' + sort.split(':')[0])) return false;
      const answer = await api(t.query);
      if (String(answer.collected_at) !== t.at || !answer.processes.length) return false;
      const top = answer.processes[0];
      if (String(top.pid) !== t.pid || top.name !== t.name) {
        fail(`top by ${sort}: page ${t.name} (${t.pid}), API ${top.name} (${top.pid})`);
      }
      return top;
    }, 30000);
    let top = await topMatches('cpu_percent:desc');
    note(`top process by CPU: ${top.name} (${top.pid}), as the API says`);
    await page.click('#processes-table th[data-sort="name"]');
    top = await topMatches('name:asc');
    note(`top process by name: ${top.name} (${top.pid}), as the API says`);

    // A process being created can have no image name yet (NtQuerySystemInformation lists it
    // with an empty one), and sorts first; an empty filter narrows nothing, so take a named one.
    const named = top.name ? top
      : (await api('/api/v1/processes?sort=name')).processes.find((p) => p.name);
    if (!named) fail('no process has a name');
    await page.fill('#process-filter', named.name);
    await until('the filter to narrow the table', () => page.evaluate((name) => {
      const q = document.getElementById('processes-table').dataset.query || '';
      const rows = Array.from(document.querySelectorAll('#processes tr'));
      return q.includes('&name=') && rows.length > 0 &&
        rows.every((r) => r.children[1].textContent.toLowerCase().includes(name.toLowerCase()));
    }, named.name), 30000);
    await page.fill('#process-filter', '');
    note('the filter narrows the table');

    // Every panel whose collector runs and has data is shown; history draws the charts.
    const hidden = await page.evaluate(() => Array.from(document.querySelectorAll('section'))
      .filter((s) => s.hidden).map((s) => s.id));
    note(`hidden sections: ${hidden.join(', ') || 'none'}`);
    for (const must of ['cpu-panel', 'memory-panel', 'disks-panel', 'network-panel', 'processes-panel', 'collectors-panel']) {
      if (hidden.includes(must)) fail(`${must} is hidden`);
    }
    await until('the memory chart', () => page.evaluate(() => document.querySelector('#memory-chart canvas') !== null), 30000);
    // A hidden tab stops polling: once the poll under way has ended, nothing is asked for two
    // poll intervals (the wait is the assertion); shown again, it polls at once.
    const apiRequests = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/')) apiRequests.push(Date.now()); });
    const setVisibility = (state) => page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
    await setVisibility('hidden');
    await until('polling to pause', () => page.evaluate(() => !SM.polling()), 30000);
    const pausedAt = Date.now();
    await new Promise((r) => setTimeout(r, 6500));
    const whileHidden = apiRequests.filter((t) => t >= pausedAt).length;
    if (whileHidden) fail(`${whileHidden} API requests while the tab was hidden`);
    await setVisibility('visible');
    const shownAt = Date.now();
    await until('polling to resume', () => apiRequests.some((t) => t >= shownAt), 5000);
    note('polling pauses while the tab is hidden and resumes when shown');

    await page.click('#processes-table th[data-sort="cpu_percent"]');  // back to the busiest first
    await topMatches('cpu_percent:desc');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(outDir, `page-${label}.png`), fullPage: true });
    await page.screenshot({ path: path.join(outDir, `page-${label}-top.png`) });
    note(`screenshots in ${outDir}`);
    if (problems.length) fail('the browser saw problems:\n  ' + problems.join('\n  '));
    note(`page (${label}): ok`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error('FAIL: ' + e.message); process.exit(1); });
