// HR's list of visit reports the review timers decided or escalated, each with the rule.
import { useLoad } from '../useLoad.js';
import { fmtDate, t, tx } from './i18n.js';
import { get, listOf } from '../hr/endpoints.js';
import { Status } from '../hr/components/Status.jsx';
import { Table } from '../hr/components/Table.jsx';
import { TimerBadge } from './TimerBadge.jsx';

export function AutoDecisions({ L }) {
  const q = useLoad(() => get('/api/v1/visits/automatic'));
  const rows = listOf(q.data, 'submissions');
  return (
    <section aria-labelledby="auto-title">
      <h3 id="auto-title">{t('timers.hr.auto_title')}</h3>
      <Status state={q} />
      {!q.loading && !q.error && rows.length === 0 && <p class="empty">{t('timers.hr.auto_empty')}</p>}
      {rows.length > 0 && (
        <Table head={[t('hr.review.visit'), t('hr.review.score'), t('timers.hr.decision'), t('timers.hr.when')]}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{tx(r.unit?.name, L) || r.id.slice(0, 8)}</td>
              <td>{r.form_score != null ? r.form_score.toFixed(1) : '—'}</td>
              <td>
                <TimerBadge timer={r.timer} L={L} />
              </td>
              <td>{fmtDate(r.timer?.auto_decision?.at || r.timer?.escalated_at, L)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
