// The shopper's visits (online): what became of each report — approved, returned with
// HR's reason, auto-accepted or closed by rule — and the timer still running on it.
// Route #/visits (list) and #/visits/<id> (one visit; notification links open it).
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { fmtDate, t, tx } from './i18n.js';
import { outcomeText, pendingText } from './outcome.js';

const BADGE = { approved: 'ev-ok', auto_accepted: 'ev-ok', returned: 'ev-warn', auto_rejected: 'ev-bad' };

function VisitCard({ v, L, open }) {
  const pending = pendingText(v.timer, L);
  return (
    <article class="card visit-outcome" id={`visit-${v.id}`} aria-current={open ? 'true' : undefined}>
      <h3>
        <a href={`#/visits/${v.id}`}>{tx(v.unit?.name, L)}</a>
      </h3>
      <p class="muted">{t('timers.window', { a: fmtDate(v.window_start, L), b: fmtDate(v.window_end, L) })}</p>
      <p>
        <span class={`badge ${BADGE[v.outcome] || 'badge-waiting'}`}>{outcomeText(v)}</span>
      </p>
      {v.reason && <p>{t('timers.reason', { r: v.reason })}</p>}
      {v.timer?.auto_decision && <p class="hint">{t('timers.decided_at', { t: fmtDate(v.timer.auto_decision.at, L) })}</p>}
      {pending && <p class="hint">{pending}</p>}
      <p>
        <a href={`#/earnings/${v.id}`}>{t('field.nav.expenses')} →</a>
      </p>
      {v.outcome === 'returned' && v.open && (
        <a class="btn btn-primary" href={`#/form/${v.id}`}>
          {t('timers.resubmit')}
        </a>
      )}
    </article>
  );
}

export function MyVisits({ id, L }) {
  const q = useLoad(() => request('GET', '/api/v1/me/visits'), []);
  const all = q.data?.visits || [];
  const shown = id ? all.filter((v) => v.id === id) : all;
  return (
    <section class="my-visits">
      <h2>{t('timers.title')}</h2>
      {id && <a href="#/visits">{t('timers.back')}</a>}
      {q.loading && !q.data && <p class="muted">{t('common.loading')}</p>}
      {q.error && (
        <p class="field-error" role="alert">
          {q.error.message}
        </p>
      )}
      {!q.loading && !q.error && shown.length === 0 && <p class="empty">{t('timers.empty')}</p>}
      {shown.map((v) => (
        <VisitCard key={v.id} v={v} L={L} open={v.id === id} />
      ))}
    </section>
  );
}
