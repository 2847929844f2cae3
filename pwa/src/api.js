// Thin fetch wrapper for /api/v1: JSON in and out, the CSRF header on unsafe
// requests, HttpError for error answers, NetworkError when nothing came back.
import { HttpError } from './errors.js';

export { HttpError };

export class NetworkError extends Error {
  constructor(cause) {
    super('network error');
    this.code = 'network';
    this.cause = cause;
  }
}

let csrfToken = null;

export function setCsrf(token) {
  csrfToken = token || null;
}

// The language the UI shows, sent as Accept-Language so error messages come
// back in it (the server falls back to the user's locale, then English).
let localeOf = () => null;

/** Set the UI language for requests: a locale string or a function returning one. */
export function setLocaleSource(source) {
  localeOf = typeof source === 'function' ? source : () => source;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The outbox's requests give up after this long: on a phone network a half-open connection
 * can leave a fetch pending for many minutes, and the outbox (and its "Sync now" button)
 * would wait with it. A timed-out request is a network error: the item stays and is retried.
 * A photo is at most ~1 MB after downsizing, so a minute is generous even on a slow network.
 */
export const OUTBOX_TIMEOUT_MS = 60_000;

function deadline() {
  const control = new AbortController();
  setTimeout(() => control.abort(new DOMException('request timed out', 'TimeoutError')), OUTBOX_TIMEOUT_MS);
  return control.signal;
}

function retryAfterMs(res) {
  const v = Number(res.headers.get('Retry-After'));
  return Number.isFinite(v) && v > 0 ? v * 1000 : 0;
}

async function send(method, path, opts) {
  const locale = localeOf();
  const headers = { Accept: 'application/json', ...(locale ? { 'Accept-Language': locale } : {}), ...(opts.headers || {}) };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  if (UNSAFE.has(method) && csrfToken && !opts.noCsrf) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: opts.signal });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
}

/** Refresh the CSRF token from GET /me (after a reload the page has none). */
export async function refreshCsrf() {
  const me = await request('GET', '/api/v1/me');
  setCsrf(me.csrf_token);
  return me;
}

/** Make a request; returns parsed JSON (or the Response with `raw: true`). */
export async function request(method, path, opts = {}) {
  let res = await send(method, path, opts);
  if (res.status === 403 && UNSAFE.has(method) && !opts.noCsrf && !opts.retried) {
    const data = await res.clone().json().catch(() => null);
    if (data?.error?.code === 'csrf_failed') {
      await refreshCsrf();
      return request(method, path, { ...opts, retried: true });
    }
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new HttpError(res.status, data, retryAfterMs(res));
  }
  if (opts.raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

export const api = {
  me: () => request('GET', '/api/v1/me'),
  login: (email, password) => request('POST', '/api/v1/auth/login', { json: { email, password }, noCsrf: true }),
  logout: () => request('POST', '/api/v1/auth/logout'),
  requestPasswordReset: (email) =>
    request('POST', '/api/v1/auth/password-reset', { json: { email }, noCsrf: true }),
  confirmPasswordReset: (token, password) =>
    request('POST', '/api/v1/auth/password-reset/confirm', { json: { token, password }, noCsrf: true }),
  assignments: () => request('GET', '/api/v1/me/assignments'),
  formVersion: (id) => request('GET', `/api/v1/forms/versions/${id}`),
  putAttachment: (sha, blob, type) =>
    request('PUT', `/api/v1/attachments/${sha}`, { body: blob, headers: { 'Content-Type': type }, signal: deadline() }),
  sync: (submissions) => request('POST', '/api/v1/sync', { json: { submissions }, signal: deadline() }),
  postExpense: (visitId, body) => request('POST', `/api/v1/me/visits/${visitId}/expenses`, { json: body, signal: deadline() }),
  visitPay: (visitId) => request('GET', `/api/v1/me/visits/${visitId}/pay`),
};
