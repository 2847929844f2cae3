// The phone's bottom navigation: at most four places side by side (icon above label),
// so the bar fits 360 px in both languages at 200 % text without scrolling sideways; a
// person with more places (an employee who is also a manager: Today, Reviews, Actions,
// Peers, Outbox, Settings) gets the first three and "More", a sheet above the bar with the
// rest. The sheet closes on a choice, Escape, a tap outside or a route change.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import { NavIcon } from './chrome.jsx';

export const MAX_TABS = 4;

/** Every place of a person, most used first: [{href, key, icon, routes}]. */
export function navItems(user, ownsActions) {
  const role = user?.role;
  const all = [
    { href: '#/', key: 'field.nav.today', icon: 'today', routes: ['', 'form'], on: true },
    { href: '#/reviews', key: 'field.nav.reviews', icon: 'reviews', routes: ['reviews'], on: role === 'employee' },
    { href: '#/actions', key: 'actions.nav', icon: 'actions', routes: ['actions'], on: !!ownsActions },
    { href: '#/peers', key: 'field.nav.peers', icon: 'peers', routes: ['peers'], on: role === 'employee' },
    { href: '#/visits', key: 'timers.nav', icon: 'visits', routes: ['visits'], on: role === 'shopper' },
    { href: '#/jobs', key: 'jobs.nav', icon: 'jobs', routes: ['jobs'], on: role === 'shopper' },
    { href: '#/earnings', key: 'field.nav.earnings', icon: 'earnings', routes: ['earnings'], on: role === 'shopper' },
    { href: '#/certification', key: 'quiz.certification', icon: 'certification', routes: ['certification'], on: role === 'shopper' },
    { href: '#/outbox', key: 'field.nav.outbox', icon: 'outbox', routes: ['outbox'], on: true },
    { href: '#/settings', key: 'field.nav.settings', icon: 'settings', routes: ['settings'], on: true },
    { href: '#/hr', key: 'field.nav.hr', icon: 'hr', routes: ['hr'], on: role === 'hr' || role === 'admin' },
  ];
  return all.filter((i) => i.on);
}

/** The bar's tabs and the "More" sheet's entries: everything fits, or three tabs and More. */
export function splitNav(items, max = MAX_TABS) {
  if (items.length <= max) return { bar: items, more: [] };
  return { bar: items.slice(0, max - 1), more: items.slice(max - 1) };
}

function Item({ item, active, onClick }) {
  return (
    <a href={item.href} class={active ? 'on' : ''} aria-current={active ? 'page' : undefined} onClick={onClick}>
      <NavIcon name={item.icon} />
      <span class="nav-label">{t(item.key)}</span>
    </a>
  );
}

/** "More": a button that opens the sheet of the other places. */
function More({ items, route, here }) {
  const [open, setOpen] = useState(false);
  const sheet = useRef(null);
  useEffect(() => setOpen(false), [route]);
  useEffect(() => {
    if (!open) return undefined;
    sheet.current?.querySelector('a')?.focus();
    const away = (e) => !e.target.closest?.('.nav-more') && setOpen(false);
    const esc = (e) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('click', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('click', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  const inside = items.some((i) => i.routes.includes(here));
  return (
    <div class="nav-more">
      {open && (
        <div class="nav-sheet" id="nav-sheet" ref={sheet}>
          {items.map((i) => (
            <Item key={i.href} item={i} active={i.routes.includes(here)} onClick={() => setOpen(false)} />
          ))}
        </div>
      )}
      <button type="button" class={`nav-more-btn${inside ? ' on' : ''}`} aria-expanded={open ? 'true' : 'false'} aria-controls="nav-sheet" onClick={() => setOpen(!open)}>
        <NavIcon name="more" />
        <span class="nav-label">{t('field.nav.more')}</span>
      </button>
    </div>
  );
}

export function BottomNav({ route, user, ownsActions }) {
  const here = route[0] || '';
  const { bar, more } = splitNav(navItems(user, ownsActions));
  return (
    <nav class="bottom" aria-label={t('field.nav.main')}>
      {bar.map((i) => (
        <Item key={i.href} item={i} active={i.routes.includes(here)} />
      ))}
      {more.length > 0 && <More items={more} route={route.join('/')} here={here} />}
    </nav>
  );
}
