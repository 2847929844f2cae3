// One action item on the phone: its stages with due and done times, notes, the customer's
// contact (given with consent), the follow-up and escalations, and the owner's next move.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { fmtDate, t, tx } from '../i18n/index.js';
import { STAGES, isOverdue } from './logic.js';
import { Moves } from './Moves.jsx';

function Timeline({ item, L }) {
  return (
    <ol class="action-stages">
      {STAGES.map(([name, stamp]) => {
        const late = !item[stamp] && item.due?.[name] && new Date(item.due[name]) < new Date() && item.status !== 'closed';
        return (
          <li key={name} class={item[stamp] ? 'st-done' : late ? 'st-late' : ''}>
            <strong>{t(`actions.stage.${name}`)}</strong>{' '}
            {item[stamp] ? t('actions.done_at', { at: fmtDate(item[stamp], L) }) : t('actions.due_at', { at: fmtDate(item.due?.[name], L) })}
            {late && <span class="badge badge-attention">{t('actions.overdue')}</span>}
          </li>
        );
      })}
    </ol>
  );
}

function Notes({ item, L }) {
  if (!item.notes?.length) return null;
  return (
    <ul class="action-notes">
      {item.notes.map((n, k) => (
        <li key={k}>
          <span class="small muted">{fmtDate(n.at, L)} · {t(`actions.act.${n.action}`)}</span>
          <p>{n.text}</p>
          {n.solution && <p>{t('actions.field.solution')}: {n.solution}</p>}
          {n.photo && <p class="small">{t('actions.photo_attached')}</p>}
        </li>
      ))}
    </ul>
  );
}

function Extras({ item, L }) {
  const c = item.customer_contact;
  const f = item.followup;
  return (
    <>
      {c && (
        <div class="card contact-card">
          <strong>{t('actions.contact_title')}</strong>
          <p>{[c.name, c.phone, c.email].filter(Boolean).join(' · ')}</p>
          {c.phone && <a class="btn btn-secondary" href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{t('actions.call')}</a>}
        </div>
      )}
      {f && <p>{t('actions.followup.scheduled', { kind: t(`actions.followup.kind.${f.kind}`), at: fmtDate(f.at, L) })}</p>}
      {(item.escalations || []).map((e, k) => (
        <p key={k} class="small muted">
          {t('actions.escalated', { stage: t(`actions.stage.${e.stage}`), level: e.level, at: fmtDate(e.at, L) })}
        </p>
      ))}
    </>
  );
}

export function Detail({ id, list, L, online }) {
  const cached = list.items?.find((i) => i.id === id);
  const [detail, setDetail] = useState(null);
  const load = () => request('GET', `/api/v1/action-items/${id}`).then(setDetail, () => {});
  useEffect(() => {
    if (online) load();
  }, [id, online]);
  const item = detail || cached;
  if (!item) return <p class="muted">{list.items ? t('actions.not_found') : t('common.loading')}</p>;
  const done = () => Promise.all([load(), list.reload()]);
  return (
    <article class="action-detail" data-status={item.status}>
      <a href="#/actions" class="small">{t('actions.back')}</a>
      <h2>{tx(item.title, L) || item.kind}</h2>
      <p class="small muted">{[tx(item.unit?.name, L), item.subject?.name].filter(Boolean).join(' · ')}</p>
      {isOverdue(item) && <p class="badge badge-attention">{t('actions.overdue')}</p>}
      <Timeline item={item} L={L} />
      <Extras item={item} L={L} />
      <Notes item={item} L={L} />
      {item.status !== 'closed' && (online ? <Moves item={item} onDone={done} L={L} /> : <p class="banner warn" role="status">{t('actions.needs_connection')}</p>)}
    </article>
  );
}
