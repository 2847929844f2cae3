// The customer page's pure rules: which language it opens in, and whether this device may
// answer the link again under its repeat policy (the server enforces the same rule).

/** The page language: the visitor's own choice, else the first browser language we have
 * (zh* -> zh-CN, en* -> en), else the link's language. */
export function pickLocale(chosen, browserLanguages, available, linkLocale) {
  if (chosen && available.includes(chosen)) return chosen;
  for (const raw of browserLanguages || []) {
    const l = String(raw).toLowerCase();
    const hit = available.find((a) => l === a.toLowerCase() || l.split('-')[0] === a.toLowerCase().split('-')[0]);
    if (hit) return hit;
  }
  return available.includes(linkLocale) ? linkLocale : available[0];
}

const sameDay = (a, b) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Why this device may not answer again now ('daily' | 'once'), or null when it may. */
export function repeatBlocked(policy, lastAnsweredIso, now = new Date()) {
  if (!lastAnsweredIso || policy === 'unlimited') return null;
  const last = new Date(lastAnsweredIso);
  if (Number.isNaN(last.getTime())) return null;
  if (policy === 'once') return 'once';
  return sameDay(last, now) ? 'daily' : null;
}

/** The device token kept in `storage` (made once; the server stores only its hash). */
export function deviceToken(storage, make) {
  try {
    let token = storage.getItem('customer:device');
    if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      token = make();
      storage.setItem('customer:device', token);
    }
    return token;
  } catch {
    return null; // storage blocked: the server cannot tell this device, and accepts
  }
}
