// Where the app goes after signing in from `#/login`: the page asked for (`?next=/outbox`),
// else Today; never "back" (after a direct link there is nothing, or another site, behind).

const SAFE = /^\/[A-Za-z0-9/_-]*$/;

/** The hash to go to after signing in on `hash` (e.g. "#/login?next=%2Foutbox"). */
export function afterLoginHash(hash) {
  const query = String(hash || '').split('?')[1] || '';
  let next = null;
  try {
    next = new URLSearchParams(query).get('next');
  } catch {
    next = null;
  }
  if (!next || !SAFE.test(next) || next.startsWith('/login') || next.startsWith('//')) return '#/';
  return `#${next}`;
}

/** The sign-in link that comes back to the page on screen (`parts` of the hash route). */
export function loginHashFor(parts) {
  const here = `/${(parts || []).join('/')}`;
  return here === '/' || here.startsWith('/login') ? '#/login' : `#/login?next=${encodeURIComponent(here)}`;
}
