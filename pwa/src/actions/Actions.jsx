// The store manager's action items on the phone (issue 14 §2): `#/actions` lists the items
// by their next due time with overdue ones marked; `#/actions/<id>` shows one item and its
// next move. The list is cached on the phone and readable offline; moves need a connection
// (they are not queued: each move depends on the stage the server holds) and say so.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { fmtDate, t, tx } from '../i18n/index.js';
import { cacheActions, cachedActions } from './cache.js';
import { byDue, currentStage, isOverdue, nextDue } from './logic.js';
import { Detail } from './Detail.jsx';
import './actions.css';

/** The user's items: the cached copy at once, then the server's when it answers. */
function useActionList(user, online) {
  const [st, setSt] = useState({ items: null, fetchedAt: null, fromCache: false, error: null });
  const load = async () => {
    const cached = await cachedActions(user.id).catch(() => null);
    if (cached) setSt((s) => (s.items && !s.fromCache ? s : { items: cached.value, fetchedAt: cached.fetchedAt, fromCache: true, error: null }));
    try {
      const body = await request('GET', '/api/v1/action-items?limit=500');
      const now = new Date().toISOString();
      setSt({ items: body.action_items, fetchedAt: now, fromCache: false, error: null });
      await cacheActions(user.id, body.action_items, now).catch(() => {});
    } catch (error) {
      setSt((s) => ({ ...s, error, fromCache: !!s.items }));
    }
  };
  useEffect(() => {
    load();
  }, [user.id, online]);
  return { ...st, reload: load };
}

function ItemCard({ item, L }) {
  const late = isOverdue(item);
  const stage = currentStage(item);
  return (
    <li class={`card action-card${late ? ' overdue' : ''}`} data-id={item.id}>
      <a href={`#/actions/${item.id}`} class="action-link">
        <strong>{tx(item.title, L) || item.kind}</strong>
        {late && <span class="badge badge-attention">{t('actions.overdue')}</span>}
        <span class="small muted">{[tx(item.unit?.name, L), item.subject?.name].filter(Boolean).join(' · ')}</span>
        <span class="small">{stage ? t('actions.due', { stage: t(`actions.stage.${stage}`), at: fmtDate(nextDue(item), L) }) : t('actions.status.closed')}</span>
      </a>
    </li>
  );
}

function CacheNote({ list, L }) {
  if (!list.fromCache) return null;
  return (
    <p class="banner offline" role="status">
      {t('actions.offline_cached', { at: fmtDate(list.fetchedAt, L) })}
    </p>
  );
}

function List({ list, L }) {
  if (!list.items) return <p class="muted">{list.error ? t('actions.needs_connection') : t('common.loading')}</p>;
  const items = byDue(list.items);
  return (
    <>
      <CacheNote list={list} L={L} />
      {items.length === 0 ? (
        <p class="empty">{t('actions.empty')}</p>
      ) : (
        <ul class="action-list">
          {items.map((i) => (
            <ItemCard key={i.id} item={i} L={L} />
          ))}
        </ul>
      )}
    </>
  );
}

export default function Actions({ id, user, locale, online }) {
  const list = useActionList(user, online);
  return (
    <section class="actions-screen" aria-labelledby="actions-title">
      <h1 id="actions-title">{t('actions.title')}</h1>
      {id ? <Detail id={Number(id)} list={list} L={locale} online={online} /> : <List list={list} L={locale} />}
    </section>
  );
}
