// The shell's part of the action-item screen (issue 14 §2): whether to show the bottom-nav
// entry (people who own action items, and HR), and the screen itself, loaded on demand.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { register, t } from '../i18n/index.js';

register(import.meta.glob('../i18n/*/actions.js', { eager: true }));

const flag = (user) => `actionsOwner:${user.id}`;

/** True when the user owns action items (remembered on the phone, checked when online). */
export function useOwnsActions(user) {
  const [owns, setOwns] = useState(() => !!user && localStorage.getItem(flag(user)) === '1');
  useEffect(() => {
    if (!user || user.role === 'shopper') return;
    request('GET', '/api/v1/action-items?limit=1').then(
      (body) => {
        const yes = (body?.action_items || []).length > 0;
        localStorage.setItem(flag(user), yes ? '1' : '0');
        setOwns(yes);
      },
      () => {}, // offline: keep what the phone remembers
    );
  }, [user?.id]);
  return owns;
}

/** The action-item screens (list, `#/actions/<id>`), in their own chunk. */
export function ActionsScreen(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('./Actions.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}
