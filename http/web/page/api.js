// GET with revalidation: each path's last ETag goes back in If-None-Match, and a 304 answers
// with the body kept from before. Same-origin, so the browser adds the page's credentials.
(function () {
  'use strict';
  const kept = new Map();  // path -> {etag, body}
  async function get(path) {
    const headers = {};
    const old = kept.get(path);
    if (old) headers['If-None-Match'] = old.etag;
    const response = await fetch(path, { headers, cache: 'no-store', credentials: 'same-origin' });
    const text = await response.text();  // read always: an unread 304 counts as aborted
    if (response.status === 304 && old) return { status: 200, body: old.body, changed: false };
    let body = null;
    try { body = JSON.parse(text); } catch (e) { body = null; }
    if (!response.ok) {
      kept.delete(path);
      return { status: response.status, body, changed: true };
    }
    const etag = response.headers.get('ETag');
    if (etag) kept.set(path, { etag, body }); else kept.delete(path);
    return { status: 200, body, changed: true };
  }
  window.SM = window.SM || {};
  SM.api = { get };
})();
