// Webhooks console (issue 17 §2): pure rules the screen uses, tested in pwa/test/webhooks.test.js.

/** The server's rule, as a hint before sending: https://, or http:// to localhost (development). */
export function urlHint(url) {
  const text = (url || '').trim();
  if (!text) return 'required';
  let parsed;
  try {
    parsed = new URL(text);
  } catch {
    return 'invalid';
  }
  if (parsed.username || parsed.password || parsed.hash) return 'invalid';
  if (parsed.protocol === 'https:') return '';
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  return parsed.protocol === 'http:' && local ? 'local_only' : 'https';
}

/** The events chosen in the form, in the server's order. */
export function chosenEvents(all, picked) {
  return all.filter((e) => picked.has(e));
}

/** A CSS class for a delivery or endpoint status. */
export function statusClass(status) {
  if (status === 'delivered') return 'ok';
  if (status === 'failed') return 'bad';
  return 'muted';
}

/** A delivery may be replayed once it is finished, and only while its endpoint is enabled. */
export function canReplay(delivery, endpoint) {
  return Boolean(endpoint?.enabled) && (delivery.status === 'delivered' || delivery.status === 'failed');
}
