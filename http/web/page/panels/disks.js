// Disks: each volume's size, free space, use and I/O rates.
(function () {
  'use strict';
  const { cell, row, fill, bar } = SM.dom;
  const f = SM.fmt;
  async function update() {
    const a = await SM.api.get('/api/v1/disks');
    if (a.status === 404) return false;
    if (a.status !== 200 || !a.changed) return true;
    fill('disks', a.body.disks.map((d) => row([
      cell(d.volume, { title: d.device || d.label || '' }),
      d.fs_type || '',
      cell(f.bytes(d.size_bytes), { cls: 'n size', data: { bytes: d.size_bytes } }),
      cell(f.bytes(d.free_bytes), { cls: 'n free', data: { bytes: d.free_bytes } }),
      cell(bar(d.used_percent === null ? null : d.used_percent / 100, f.percent(d.used_percent))),
      cell(f.rate(d.read_bytes_per_second), { cls: 'n' }),
      cell(f.rate(d.write_bytes_per_second), { cls: 'n' }),
    ], { volume: d.volume })));
    return true;
  }
  SM.panels = SM.panels || [];
  SM.panels.push({ id: 'disks-panel', collector: 'disks', update });
})();
