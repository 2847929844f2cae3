// API tokens in the console (src/hr/tokens.js): the form's checks, the body sent, a
// token's state, the scope toggle, and every scope has words in both languages.
import { describe, expect, it } from 'vitest';
import { SCOPES, tokenBody, tokenFormErrors, tokenState, toggleScope } from '../src/hr/tokens.js';
import en from '../src/i18n/en/tokens.js';
import zh from '../src/i18n/zh-CN/tokens.js';

describe('token form', () => {
  it('needs a name, a scope and 1..366 days', () => {
    expect(tokenFormErrors({ name: 'HR', scopes: ['org:write'], days: 90 })).toEqual({});
    expect(tokenFormErrors({ name: '  ', scopes: [], days: 0 })).toEqual({
      name: 'tokens.err.name_required',
      scopes: 'tokens.err.scope_required',
      days: 'tokens.err.days',
    });
    expect(tokenFormErrors({ name: 'x'.repeat(101), scopes: ['a'], days: 367 })).toEqual({ name: 'tokens.err.name_long', days: 'tokens.err.days' });
    expect(tokenFormErrors({ name: 'x', scopes: ['a'], days: 1.5 }).days).toBe('tokens.err.days');
  });

  it('sends a trimmed name and each scope once', () => {
    expect(tokenBody({ name: ' HR ', scopes: ['org:write', 'org:read', 'org:write'], days: 30 })).toEqual({
      name: 'HR',
      scopes: ['org:read', 'org:write'],
      expires_in_days: 30,
    });
  });

  it('toggles scopes', () => {
    expect(toggleScope([], 'org:read')).toEqual(['org:read']);
    expect(toggleScope(['org:read', 'audit:read'], 'org:read')).toEqual(['audit:read']);
  });
});

describe('token state', () => {
  const now = Date.parse('2027-03-01T09:00:00Z');
  it('is revoked, expired or active', () => {
    expect(tokenState({ revoked_at: '2027-01-01T00:00:00Z', expires_at: '2028-01-01T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenState({ revoked_at: null, expires_at: '2027-03-01T09:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revoked_at: null, expires_at: '2027-03-01T09:00:01Z' }, now)).toBe('active');
  });
});

describe('words', () => {
  it('describe every scope in both languages', () => {
    for (const s of SCOPES) {
      expect(en[`tokens.scope.${s}`]).toBeTruthy();
      expect(zh[`tokens.scope.${s}`]).toBeTruthy();
    }
    for (const state of ['active', 'expired', 'revoked']) expect(zh[`tokens.state.${state}`]).toBeTruthy();
  });
});
