// API tokens in the console (issue 17 §1): the endpoints, the scopes there are, the
// form's checks and a token's state, as pure functions (tested in test/tokens.test.js).

const V = '/api/v1/admin/api-tokens';

export const TOKEN_EP = {
  list: V, // GET -> {tokens, scopes}; POST {name, scopes, expires_in_days} -> {token, secret}
  revoke: (id) => `${V}/${id}/revoke`, // POST
};

/** Every scope, in the order the console lists them (the server's list wins when given). */
export const SCOPES = ['campaigns:read', 'reviews:read', 'exports:read', 'org:read', 'org:write', 'audit:read'];

/** Expiry choices in days (the server takes 1..366). */
export const EXPIRY_DAYS = [30, 90, 180, 365];

/** The form's problems as {field: i18n key}; empty when it can be sent. */
export function tokenFormErrors({ name, scopes, days }) {
  const errors = {};
  const trimmed = (name || '').trim();
  if (!trimmed) errors.name = 'tokens.err.name_required';
  else if (trimmed.length > 100) errors.name = 'tokens.err.name_long';
  if (!scopes || scopes.length === 0) errors.scopes = 'tokens.err.scope_required';
  if (!Number.isInteger(days) || days < 1 || days > 366) errors.days = 'tokens.err.days';
  return errors;
}

/** The request body of a valid form. */
export function tokenBody({ name, scopes, days }) {
  return { name: name.trim(), scopes: [...new Set(scopes)].sort(), expires_in_days: days };
}

/** 'revoked', 'expired' or 'active' at `now` (ms), as the server decides it. */
export function tokenState(token, now = Date.now()) {
  if (token.revoked_at) return 'revoked';
  return new Date(token.expires_at).getTime() <= now ? 'expired' : 'active';
}

/** Toggle one scope in a list (checkbox). */
export function toggleScope(scopes, scope) {
  return scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope];
}
