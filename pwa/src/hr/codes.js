// Codes in words (issue 15: no raw code reaches a person): relationships, roles,
// action-item stages and triggers, submission statuses. An unknown code shows as
// "Other (code)" rather than alone.
import { hasKey, t } from '../i18n/index.js';

/** The words for `code` of `group` (rel, role, stage, trigger, sub, job). */
export function codeText(group, code) {
  if (code == null || code === '') return '—';
  const key = `console.${group}.${code}`;
  return hasKey(key) ? t(key) : t('console.unknown', { c: code });
}

/** The relationships (groups) a campaign of `kind` asks. */
export const KIND_RELS = {
  360: ['self', 'supervisor', 'peer', 'subordinate'],
  mystery_shop: ['mystery_shopper'],
  customer: ['customer'],
  mixed: ['self', 'supervisor', 'peer', 'subordinate', 'customer', 'mystery_shopper'],
};
