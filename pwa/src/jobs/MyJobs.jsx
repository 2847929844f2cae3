// My scheduled visits from the board: date (chosen inside the window), directions to the
// unit, cancel before the cut-off. The last list is kept on the phone (localStorage, per
// user) so it reads offline; changing a date or cancelling needs a connection.
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { refreshAssignments } from '../app/controller.js';
import { useLoad } from '../useLoad.js';
import { fmtDate, t, tx } from './i18n.js';
import { canCancel, isoToLocal, localToIso, mapLinks, money } from './logic.js';

const cacheKey = (user) => `jobs.mine.${user?.id ?? 'anon'}`;

async function loadMine(user, online) {
  const key = cacheKey(user);
  if (online) {
    try {
      const data = await request('GET', '/api/v1/me/jobs');
      localStorage.setItem(key, JSON.stringify(data));
      return { ...data, cached: false };
    } catch (err) {
      if (err.status) throw err;
    }
  }
  const saved = JSON.parse(localStorage.getItem(key) || '{"jobs": []}');
  return { ...saved, cached: true };
}

function DateForm({ job, online, onSaved }) {
  const [value, setValue] = useState(isoToLocal(job.scheduled_at));
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await request('POST', `/api/v1/me/jobs/${job.id}/schedule`, { json: { scheduled_at: localToIso(value) } });
      onSaved('jobs.date_saved');
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <form class="job-date" onSubmit={save}>
      <label>
        {t('jobs.choose_date')}
        <input type="datetime-local" value={value} min={isoToLocal(job.window_start)} max={isoToLocal(job.window_end)} onInput={(e) => setValue(e.currentTarget.value)} required />
      </label>
      <button type="submit" class="btn btn-small" disabled={!online || !value}>
        {t('jobs.save_date')}
      </button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Directions({ unit }) {
  const links = mapLinks(unit);
  if (!links) return null;
  return (
    <p class="job-links">
      <a href={links.web} target="_blank" rel="noopener noreferrer">
        {t('jobs.directions')}
      </a>{' '}
      · <a href={links.geo}>{t('jobs.open_map_app')}</a>
    </p>
  );
}

function Cancel({ job, L, online, onChanged }) {
  const [error, setError] = useState(null);
  if (job.status !== 'scheduled') return null;
  if (!canCancel(job)) return <p class="hint">{t('jobs.cancel_closed')}</p>;
  const cancel = async () => {
    if (!window.confirm(t('jobs.cancel_confirm'))) return;
    try {
      await request('POST', `/api/v1/me/jobs/${job.id}/cancel`, { json: {} });
      refreshAssignments();
      onChanged('jobs.cancelled');
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <>
      {job.cancel_until && <p class="hint">{t('jobs.cancel_until', { t: fmtDate(job.cancel_until, L) })}</p>}
      <button type="button" class="btn btn-danger" disabled={!online} onClick={cancel}>
        {t('jobs.cancel')}
      </button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function MyJob({ job, L, online, onChanged }) {
  return (
    <article class="card job-card mine" data-job={job.id}>
      <h3>{tx(job.unit?.name, L)}</h3>
      {job.unit?.address && <p class="muted">{job.unit.address}</p>}
      <p>
        <span class="badge">{t(`jobs.status.${job.status}`)}</span>
      </p>
      <p>{job.scheduled_at ? t('jobs.scheduled_for', { t: fmtDate(job.scheduled_at, L) }) : t('jobs.not_scheduled')}</p>
      <p class="muted">{t('jobs.window', { a: fmtDate(job.window_start, L), b: fmtDate(job.window_end, L) })}</p>
      <p class="job-fee">{t('jobs.fee', { fee: money(job.fee_minor, job.currency), cap: money(job.expense_cap_minor, job.currency) })}</p>
      <Directions unit={job.unit} />
      {job.status === 'scheduled' && <DateForm job={job} online={online} onSaved={onChanged} />}
      <Cancel job={job} L={L} online={online} onChanged={onChanged} />
    </article>
  );
}

export function MyJobs({ L, online, user }) {
  const [notice, setNotice] = useState(null);
  const q = useLoad(() => loadMine(user, online), [online, user?.id]);
  const changed = (key) => {
    setNotice(key);
    q.reload();
  };
  const jobs = q.data?.jobs || [];
  return (
    <div>
      {q.data?.cached && <p class="banner offline">{t('jobs.offline_mine')}</p>}
      {notice && (
        <p class="banner ok" role="status">
          {t(notice)}
        </p>
      )}
      {q.loading && !q.data && <p class="muted">{t('common.loading')}</p>}
      {q.error && (
        <p class="field-error" role="alert">
          {q.error.message}
        </p>
      )}
      {!q.loading && !q.error && jobs.length === 0 && <p class="empty">{t('jobs.mine_empty')}</p>}
      {jobs.map((job) => (
        <MyJob key={job.id} job={job} L={L} online={online} onChanged={changed} />
      ))}
    </div>
  );
}
