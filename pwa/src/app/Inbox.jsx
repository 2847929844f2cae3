// The inbox: the header's bell with the unread count (every role), the #/inbox screen
// (list newest first, mark read, tap opens the item's screen), shown from the phone's
// saved copy when offline, and the reminder e-mail switch of the Settings screen.
import { useEffect, useState } from 'preact/hooks';
import { register, t, fmtDate } from '../i18n/index.js';
import { useStore } from './store.js';
import { hasMore, hashFor, inboxState, loadInbox, loadMore, markAllRead, markRead, notificationSettings, subscribe } from './inbox.js';

import './inbox.css';

register(import.meta.glob('../i18n/*/inbox.js', { eager: true }));

const BELL = 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z';

const REFRESH_MS = 60_000;

function useInbox() {
  const [s, setS] = useState(inboxState());
  useEffect(() => subscribe(setS), []);
  return s;
}

/** The bell: unread count, refreshed on start, every minute, when back online and on navigation. */
export function InboxBell({ user }) {
  const s = useInbox();
  useEffect(() => {
    const load = () => loadInbox(user.id);
    load();
    const id = setInterval(load, REFRESH_MS);
    window.addEventListener('online', load);
    window.addEventListener('hashchange', load);
    return () => {
      clearInterval(id);
      window.removeEventListener('online', load);
      window.removeEventListener('hashchange', load);
    };
  }, [user.id]);
  return (
    <a class={`btn btn-small btn-ghost bell${s.unread ? ' has' : ''}`} href="#/inbox" aria-label={t('inbox.bell_label', { n: s.unread })} data-unread={s.unread}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d={BELL} />
      </svg>
      <strong class="bell-count">{s.unread}</strong>
    </a>
  );
}

function Item({ n, L, online, onOpen, onRead }) {
  return (
    <li class={`inbox-item${n.read_at ? '' : ' unread'}`}>
      <a class="assignment-link" href={hashFor(n.link)} onClick={(e) => onOpen(e, n)}>
        <strong>{n.title}</strong>
        {!n.read_at && <span class="badge">{t('inbox.unread')}</span>}
        <span>{n.body}</span>
        <span class="muted">{fmtDate(n.created_at, L)}</span>
      </a>
      {!n.read_at && (
        <button type="button" class="btn btn-small btn-secondary" disabled={!online} onClick={() => onRead(n)}>
          {t('inbox.mark_read')}
        </button>
      )}
    </li>
  );
}

function OfflineNote({ s, online, L }) {
  if (online && !s.fromCache) return null;
  if (!s.savedAt) return <p class="banner offline">{t('inbox.offline_none')}</p>;
  return <p class="banner offline">{t('inbox.offline_cached', { when: fmtDate(s.savedAt, L) })}</p>;
}

/** "Show more" under the list while the server holds older items (online only). */
function More({ s, online, uid, fail }) {
  const [busy, setBusy] = useState(false);
  if (!hasMore(s)) return null;
  const more = () => {
    setBusy(true);
    loadMore(uid)
      .catch(fail)
      .finally(() => setBusy(false));
  };
  return (
    <p class="inbox-more">
      <button type="button" class="btn btn-secondary" disabled={!online || busy} onClick={more}>
        {t('inbox.more')}
      </button>
      <span class="muted">{t('inbox.shown', { n: s.items.length, total: s.total })}</span>
    </p>
  );
}

/** The #/inbox screen. */
export function Inbox() {
  const app = useStore();
  const s = useInbox();
  const [msg, setMsg] = useState('');
  const uid = app.user.id;
  useEffect(() => {
    loadInbox(uid);
  }, [uid, app.online, app.locale]);
  const fail = (e) => setMsg(t('inbox.error', { m: e.message }));
  const onOpen = (e, n) => {
    if (n.read_at || !app.online) return;
    e.preventDefault();
    markRead(uid, n.id).catch(() => {}).finally(() => (location.hash = hashFor(n.link)));
  };
  return (
    <div class="inbox">
      <h1>{t('inbox.title')}</h1>
      <OfflineNote s={s} online={app.online} L={app.locale} />
      {s.error && !s.fromCache && <p class="banner warn">{t('inbox.error', { m: s.error.message })}</p>}
      {msg && <p role="status">{msg}</p>}
      {s.unread > 0 && (
        <button type="button" class="btn btn-secondary" disabled={!app.online} onClick={() => markAllRead(uid).catch(fail)}>
          {t('inbox.mark_all')}
        </button>
      )}
      {s.items.length === 0 && !s.error && <p class="muted">{t('inbox.empty')}</p>}
      <ul class="inbox-list">
        {s.items.map((n) => (
          <Item key={n.id} n={n} L={app.locale} online={app.online} onOpen={onOpen} onRead={(x) => markRead(uid, x.id).catch(fail)} />
        ))}
      </ul>
      <More s={s} online={app.online} uid={uid} fail={fail} />
    </div>
  );
}

/** Settings: the person's reminder e-mail switch (online only). */
export function ReminderSwitch() {
  const app = useStore();
  const [on, setOn] = useState(null);
  const [msg, setMsg] = useState('');
  useEffect(() => {
    notificationSettings.get().then((r) => setOn(r.reminder_emails), () => setOn(null));
  }, [app.online]);
  const change = async (e) => {
    const value = e.currentTarget.checked;
    try {
      const r = await notificationSettings.set(value);
      setOn(r.reminder_emails);
      setMsg(t('inbox.settings.saved'));
    } catch (err) {
      setMsg(t('inbox.error', { m: err.message }));
    }
  };
  return (
    <section class="card">
      <h2>{t('inbox.settings.title')}</h2>
      <label class="check">
        <input type="checkbox" id="reminder-emails" checked={!!on} disabled={on === null || !app.online} onChange={change} /> {t('inbox.settings.reminders')}
      </label>
      <p class="hint">{app.online ? t('inbox.settings.hint') : t('inbox.settings.offline')}</p>
      <span role="status">{msg}</span>
    </section>
  );
}
