// The operations tab (admins only): the task queue, consumer workers seen in the
// last minute, queued/running/failed jobs with their error and a retry button,
// and the last run of each periodic task (GET /api/v1/admin/ops).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t } from '../../i18n/index.js';
import { EP, get, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { codeText } from '../codes.js';

function Queue({ q }) {
  if (!q.reachable) return <p class="field-error">{t('hr.ops.queue_down', { b: q.backend })}</p>;
  return <p>{t('hr.ops.queue_line', { b: q.backend, p: q.pending, s: q.scheduled })}</p>;
}

function Jobs({ jobs, L, onRetry, busy }) {
  if (jobs.length === 0) return <p class="empty">{t('hr.ops.no_jobs')}</p>;
  return (
    <Table head={[t('hr.ops.job'), t('hr.campaigns.status'), t('hr.ops.progress'), t('hr.ops.error'), t('hr.ops.updated'), '']}>
      {jobs.map((j) => (
        <tr key={j.id}>
          <td>
            {codeText('job', j.kind)} <span class="small muted">{j.id.slice(0, 8)}</span>
          </td>
          <td>{t(`hr.ops.status.${j.status}`)}</td>
          <td>
            {j.done}/{j.total}
            {j.failures > 0 && <span class="small muted"> · {t('hr.ops.failed_items', { n: j.failures })}</span>}
          </td>
          <td>{j.error || ''}</td>
          <td>{fmtDate(j.updated_at || j.created_at, L)}</td>
          <td>
            {j.status === 'failed' && (
              <button type="button" class="btn btn-secondary" disabled={busy === j.id} onClick={() => onRetry(j)}>
                {t('hr.ops.retry')}
              </button>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Periodic({ runs, L }) {
  if (runs.length === 0) return <p class="empty">{t('hr.ops.no_runs')}</p>;
  return (
    <Table head={[t('hr.ops.task'), t('hr.ops.last_run'), t('hr.ops.outcome')]}>
      {runs.map((r) => (
        <tr key={r.task}>
          <td>{r.task}</td>
          <td>{fmtDate(r.finished_at || r.started_at, L)}</td>
          <td>
            {r.error ? (
              <span class="field-error">{r.error}</span>
            ) : r.outcome ? (
              Object.entries(r.outcome)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')
            ) : (
              t('hr.ops.running')
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Retrying a failed job: which one is being retried, and the error text if it failed. */
function useRetry(reload) {
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(null);
  const retry = async (job) => {
    setErr('');
    setBusy(job.id);
    try {
      await post(EP.jobRetry(job.id));
      reload();
    } catch (e) {
      setErr(t('hr.form.error', { m: e.message }));
    } finally {
      setBusy(null);
    }
  };
  return { err, busy, retry };
}

function Workers({ workers }) {
  return (
    <>
      <p>{t('hr.ops.workers', { n: workers.length })}</p>
      {workers.length > 0 && <p class="small muted">{workers.map((w) => w.name).join(' · ')}</p>}
    </>
  );
}

export function Ops({ L }) {
  const s = useLoad(() => get(EP.ops));
  const { err, busy, retry } = useRetry(() => s.reload());
  const d = s.data;
  return (
    <>
      <h2>{t('hr.console.tab.ops')}</h2>
      <Status state={s} />
      <Alert text={err} />
      {d && (
        <>
          <h3>{t('hr.ops.queue')}</h3>
          <Queue q={d.queue} />
          <Workers workers={d.workers} />
          <h3>{t('hr.ops.jobs')}</h3>
          <Jobs jobs={d.jobs} L={L} onRetry={retry} busy={busy} />
          <h3>{t('hr.ops.periodic')}</h3>
          <Periodic runs={d.periodic} L={L} />
          <p>
            <button type="button" class="btn btn-secondary" onClick={() => s.reload()}>
              {t('hr.ops.refresh')}
            </button>
          </p>
        </>
      )}
    </>
  );
}
