// The shopper's job board (issue 16 §1, §5): open jobs nearest first with fee, window and
// requirements, take or apply (online only: it says so offline), withdraw a pending application; and My scheduled visits
// with the date, directions to the unit and cancel before the cut-off, kept on the phone
// for offline reading. A taken job is an assignment, so it shows in Today like any visit.
// Routes: #/jobs (board) and #/jobs/mine.
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { refreshAssignments } from '../app/controller.js';
import { useLoad } from '../useLoad.js';
import { fmtDate, t, tx } from './i18n.js';
import { km, money, requirementLines } from './logic.js';
import { MyJobs } from './MyJobs.jsx';
import './jobs.css';

function Requirements({ job, L }) {
  const lines = requirementLines(job, L);
  if (!lines.length) return <p class="muted">{t('jobs.req.none')}</p>;
  return (
    <ul class="job-reqs">
      {lines.map((l) => (
        <li key={l.key} class={l.met ? 'req-met' : 'req-unmet'}>
          <span aria-hidden="true">{l.met ? '✓' : '✗'}</span> {t(l.key, l.params)} <span class="muted">({t(l.met ? 'jobs.met' : 'jobs.unmet')})</span>
          {!l.met && l.quiz && (
            <>
              {' '}
              <a href={`#/certification/${l.quiz}`}>{t('jobs.req.take_quiz')}</a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Take, apply for a job or withdraw my application: busy while sending, the server's
 * refusal as `error`. */
function useJobAction(job, onDone) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const act = async (what) => {
    if (what === 'withdraw' && !window.confirm(t('jobs.withdraw_confirm'))) return;
    setBusy(true);
    setError(null);
    const path = what === 'withdraw' ? `/api/v1/me/job-applications/${job.application_id}/withdraw` : `/api/v1/jobs/${job.id}/${what}`;
    try {
      await request('POST', path, { json: {} });
      if (what === 'take') refreshAssignments();
      onDone(what);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return { busy, error, act };
}

/** Applied, HR has not decided: the shopper may withdraw (after a confirm). */
function Applied({ online, busy, error, withdraw }) {
  return (
    <>
      <p class="badge badge-waiting">{t('jobs.applied')}</p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="button" class="btn btn-ghost job-withdraw" disabled={!online || busy} onClick={withdraw}>
          {t('jobs.withdraw')}
        </button>
      </p>
    </>
  );
}

function JobAction({ job, online, onDone }) {
  const { busy, error, act } = useJobAction(job, onDone);
  const approval = job.mode === 'approval';
  const blocked = (job.unmet || []).length > 0;
  if (job.applied) return <Applied online={online} busy={busy} error={error} withdraw={() => act('withdraw')} />;
  return (
    <>
      {approval && <p class="hint">{t('jobs.mode.approval')}</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="btn btn-primary" disabled={!online || busy || blocked} onClick={() => act(approval ? 'apply' : 'take')}>
        {t(approval ? 'jobs.apply' : 'jobs.take')}
      </button>
    </>
  );
}

function JobCard({ job, L, online, onDone }) {
  return (
    <article class="card job-card" data-job={job.id}>
      <h3>{tx(job.unit?.name, L)}</h3>
      <p class="muted">{job.distance_m == null ? t('jobs.distance_unknown') : t('jobs.distance', { km: km(job.distance_m) })}</p>
      {job.scenario && <p>{tx(job.scenario, L)}</p>}
      <p>{t('jobs.window', { a: fmtDate(job.window_start, L), b: fmtDate(job.window_end, L) })}</p>
      <p class="job-fee">{t('jobs.fee', { fee: money(job.fee_minor, job.currency), cap: money(job.expense_cap_minor, job.currency) })}</p>
      <Requirements job={job} L={L} />
      <JobAction job={job} online={online} onDone={onDone} />
    </article>
  );
}

function usePosition() {
  const [pos, setPos] = useState(null);
  const [failed, setFailed] = useState(false);
  const ask = () => {
    if (!navigator.geolocation) return setFailed(true);
    navigator.geolocation.getCurrentPosition(
      (p) => setPos({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => setFailed(true),
      { timeout: 10000, maximumAge: 300000 },
    );
  };
  return { pos, failed, ask, clear: () => setPos(null) };
}

function Origin({ where, onHome }) {
  return (
    <>
      <p>
        <button type="button" class="btn btn-small" onClick={where.pos ? where.clear : where.ask}>
          {t(where.pos ? 'jobs.near_home' : 'jobs.near_me')}
        </button>{' '}
        {where.pos && (
          <button type="button" class="btn btn-small btn-ghost" onClick={onHome}>
            {t('jobs.set_home')}
          </button>
        )}
      </p>
      {where.failed && <p class="hint">{t('jobs.position_failed')}</p>}
    </>
  );
}

function Loaded({ q, empty }) {
  if (q.loading && !q.data) return <p class="muted">{t('common.loading')}</p>;
  if (q.error)
    return (
      <p class="field-error" role="alert">
        {q.error.message}
      </p>
    );
  return empty ? <p class="empty">{t('jobs.empty')}</p> : null;
}

function OpenJobs({ L, online }) {
  const where = usePosition();
  const [notice, setNotice] = useState(null);
  const query = where.pos ? `?latitude=${where.pos.latitude}&longitude=${where.pos.longitude}` : '';
  const q = useLoad(() => (online ? request('GET', `/api/v1/jobs${query}`) : Promise.resolve(null)), [query, online]);
  const done = (what) => {
    setNotice({ take: 'jobs.taken_ok', apply: 'jobs.applied_ok', withdraw: 'jobs.withdrawn_ok' }[what]);
    q.reload();
  };
  const saveHome = () => request('PUT', '/api/v1/me/home', { json: where.pos }).then(() => setNotice('jobs.home_saved'), () => setNotice(null));
  if (!online) return <p class="banner offline">{t('jobs.offline')}</p>;
  const jobs = q.data?.jobs || [];
  return (
    <div>
      <Origin where={where} onHome={saveHome} />
      {notice && (
        <p class="banner ok" role="status">
          {t(notice)} {notice === 'jobs.taken_ok' && <a href="#/">{t('jobs.go_today')}</a>}
        </p>
      )}
      <Loaded q={q} empty={!q.loading && !q.error && jobs.length === 0} />
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} L={L} online={online} onDone={done} />
      ))}
    </div>
  );
}

export function JobBoard({ tab, L, online, user }) {
  const mine = tab === 'mine';
  return (
    <section class="job-board">
      <h2>{t(mine ? 'jobs.mine_title' : 'jobs.title')}</h2>
      <nav class="job-tabs">
        <a href="#/jobs" class={mine ? '' : 'on'} aria-current={mine ? undefined : 'page'}>
          {t('jobs.tab.board')}
        </a>{' '}
        <a href="#/jobs/mine" class={mine ? 'on' : ''} aria-current={mine ? 'page' : undefined}>
          {t('jobs.tab.mine')}
        </a>
      </nav>
      {mine ? <MyJobs L={L} online={online} user={user} /> : <OpenJobs L={L} online={online} />}
    </section>
  );
}

export default JobBoard;
