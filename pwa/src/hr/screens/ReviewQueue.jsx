// The mystery-shop review queue: received visits with shopper, staff member, waiting
// time and evidence badges; a row opens the visit's detail below the table.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../i18n/index.js';
import { EP, get, listOf } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { EvidenceBadges } from '../components/EvidenceBadges.jsx';
import { ReviewDetail } from './ReviewDetail.jsx';
import { TimerBadge } from '../../timers/TimerBadge.jsx';
import { AutoDecisions } from '../../timers/AutoDecisions.jsx';
import { hoursSince } from '../views.js';

/** How long a visit has waited for review: "5 h", "2 d 3 h". */
function waited(iso) {
  const h = hoursSince(iso);
  return h < 24 ? t('console.review.hours', { h }) : t('console.review.days', { d: Math.floor(h / 24), h: h % 24 });
}

/** One visit waiting: unit (opens the detail), shopper, staff, times, score, evidence. */
function QueueRow({ r, L, open, setOpen }) {
  return (
    <tr class={open === r.id ? 'on' : ''}>
      <td>
        <button type="button" class="link" aria-expanded={open === r.id ? 'true' : 'false'} onClick={() => setOpen(open === r.id ? null : r.id)}>
          {tx(r.unit?.name, L) || r.id.slice(0, 8)}
        </button>
      </td>
      <td>{r.rater?.name || '—'}</td>
      <td>{r.staff?.name || t('hr.review.not_identified')}</td>
      <td>{fmtDate(r.received_at, L)}</td>
      <td>{waited(r.received_at)}</td>
      <td>{r.form_score != null ? r.form_score.toFixed(1) : '—'}</td>
      <td>
        <EvidenceBadges ev={r.evidence} />
      </td>
      <td>{TimerBadge({ timer: r.timer, L })}</td>
    </tr>
  );
}

export function ReviewQueue({ L }) {
  const q = useLoad(() => get(`${EP.submissions}?relationship=mystery_shopper&status=received`));
  const [open, setOpen] = useState(null);
  const rows = listOf(q.data, 'submissions');
  return (
    <>
      <h2>{t('hr.console.tab.review')}</h2>
      <Status state={q} />
      {!q.loading && !q.error && rows.length === 0 && <p class="empty">{t('hr.review.queue_empty')}</p>}
      <Table head={[t('hr.review.visit'), t('console.review.shopper'), t('console.review.staff'), t('hr.review.submitted_at'), t('console.review.waiting'), t('hr.review.score'), t('hr.review.evidence'), t('timers.col')]}>
        {rows.map((r) => (
          <QueueRow key={r.id} r={r} L={L} open={open} setOpen={setOpen} />
        ))}
      </Table>
      {open && (
        <ReviewDetail
          L={L}
          id={open}
          onDone={() => {
            setOpen(null);
            q.reload();
          }}
        />
      )}
      <AutoDecisions L={L} />
    </>
  );
}
