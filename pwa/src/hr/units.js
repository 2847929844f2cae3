// The org units as people tell them apart: a unit named with its branch ("Beijing
// Wangfujing · Sales Floor"), since every branch has a "Sales Floor".
import { useLoad } from '../useLoad.js';
import { tx } from '../i18n/index.js';
import { EP, get, listOf } from './endpoints.js';

/** The org units by id and each user's unit (HR may list both), for the pickers' labels:
 * a unit is named with its parent ("Beijing Wangfujing · Sales Floor"). */
export function useUnits(L) {
  const users = useLoad(() => get(`${EP.users}?limit=500`).catch(() => null));
  const units = useLoad(() => get(EP.units).catch(() => null));
  const unitOf = new Map(listOf(users.data, 'users').map((u) => [u.id, u.unit_id]));
  const byId = new Map(listOf(units.data, 'units').map((u) => [u.id, u]));
  const name = (id) => {
    const u = byId.get(id);
    const parent = u?.parent_id && byId.get(u.parent_id);
    return u ? [parent && parent.parent_id ? tx(parent.name, L) : '', tx(u.name, L)].filter(Boolean).join(' · ') : '';
  };
  return { name, ofPerson: (p) => name(unitOf.get(p.id)), label: (u) => (u ? name(u.id) || tx(u.name, L) : '') };
}

