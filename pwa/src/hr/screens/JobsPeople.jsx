// HR's job board, people part: applications waiting (each shopper's rating, 0–5 with the
// number of decided visits) to approve or decline, the latest ones their shopper withdrew
// (shown as withdrawn, nothing to decide), and the conflict list: a shopper (the shared
// person picker, shoppers only) × a unit (the console's unit selector).
import { useState } from 'preact/hooks';
import { request } from '../../api.js';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../jobs/i18n.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { useUnits } from '../units.js';
import { PersonPicker } from '../components/PersonPicker.jsx';
import { Status } from '../components/Status.jsx';
import { UnitSelect } from '../components/UnitSelect.jsx';
import { Field } from '../components/fields.jsx';

const V = '/api/v1';

function Rating({ s }) {
  return (
    <span>
      {t('jobs.hr.rating_value', { r: s.rating.toFixed(2), n: s.visits })}
      {s.provisional && <span class="muted"> ({t('jobs.hr.provisional')})</span>}
    </span>
  );
}

/** How many withdrawn applications HR still sees under the pending ones. */
const WITHDRAWN_SHOWN = 10;

function ApplicationRow({ a, L, decide }) {
  return (
    <tr data-application={a.id} class={a.status === 'withdrawn' ? 'muted' : undefined}>
      <td>{a.shopper.name}</td>
      <td>
        <Rating s={a.shopper} />
      </td>
      <td>{`${tx(a.job.unit?.name, L)} · ${fmtDate(a.job.window_start, L)}`}</td>
      <td>{a.status === 'withdrawn' ? <span class="badge">{t('jobs.hr.withdrawn')}</span> : <Decide a={a} decide={decide} />}</td>
    </tr>
  );
}

function Decide({ a, decide }) {
  return (
    <>
      <button type="button" class="btn btn-small" onClick={() => decide(a.id, 'approve')}>
          {t('jobs.hr.approve')}
        </button>{' '}
      <button type="button" class="btn btn-small btn-ghost" onClick={() => decide(a.id, 'decline')}>
        {t('jobs.hr.decline')}
      </button>
    </>
  );
}

/** Pending applications, then the latest withdrawn ones (so HR sees the shopper withdrew). */
async function loadApplications() {
  const [pending, withdrawn] = await Promise.all([get(`${V}/job-applications?status=pending`), get(`${V}/job-applications?status=withdrawn`)]);
  return { applications: [...pending.applications, ...withdrawn.applications.slice(0, WITHDRAWN_SHOWN)] };
}

export function JobApplications({ L }) {
  const q = useLoad(loadApplications, []);
  const [msg, setMsg] = useState('');
  const decide = (id, decision) => post(`${V}/job-applications/${id}/decision`, { decision }).then(q.reload, (err) => setMsg(err.message));
  const rows = q.data?.applications || [];
  return (
    <section class="card">
      <h3>{t('jobs.hr.applications')}</h3>
      <Status state={q} />
      <p role="status">{msg}</p>
      {q.data && !rows.some((a) => a.status === 'pending') && <p class="empty">{t('jobs.hr.no_applications')}</p>}
      {rows.length > 0 && (
        <table class="hr-table">
          <thead>
            <tr>
              <th>{t('jobs.hr.shopper')}</th>
              <th>{t('jobs.hr.rating')}</th>
              <th>{t('jobs.hr.job')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <ApplicationRow key={a.id} a={a} L={L} decide={decide} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The conflict list's shopper: the shared person picker, shoppers only. */
function ShopperPicker({ L, value, onChange }) {
  const shoppers = useLoad(() => get(`${EP.users}?role=shopper&limit=500`), []);
  const units = useUnits(L);
  return (
    <PersonPicker
      L={L}
      people={listOf(shoppers.data, 'users')}
      units={units}
      roles={['shopper']}
      value={value}
      onChange={onChange}
      required
      id="jc-shopper"
      selectId="jc-shopper"
      searchLabel={t('jobs.hr.find_shopper')}
      label={t('jobs.hr.shopper')}
      noneLabel={t('jobs.hr.choose')}
      matches={(n) => t('jobs.hr.shopper_matches', { n })}
    />
  );
}

function ConflictForm({ L, onAdded }) {
  const [shopper, setShopper] = useState('');
  const [unit, setUnit] = useState('');
  const [msg, setMsg] = useState('');
  const add = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const note = new FormData(form).get('note') || null;
    try {
      await post(`${V}/job-conflicts`, { shopper_id: Number(shopper), unit_id: Number(unit), note });
      setMsg('');
      setShopper('');
      setUnit('');
      form.reset();
      onAdded();
    } catch (err) {
      setMsg(err.message);
    }
  };
  return (
    <form class="conflict-form" onSubmit={add}>
      <div class="form-grid">
        <ShopperPicker L={L} value={shopper} onChange={setShopper} />
        <div>
          <UnitSelect L={L} id="jc-unit" label={t('jobs.hr.unit')} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} />
          <Field id="jc-note" label={t('jobs.hr.note')}>
            <input id="jc-note" name="note" type="text" maxLength={500} />
          </Field>
        </div>
      </div>
      <p>
        <button type="submit" class="btn btn-primary" disabled={!shopper || !unit}>
          {t('jobs.hr.add_conflict')}
        </button>{' '}
        <span role="status">{msg}</span>
      </p>
    </form>
  );
}

export function JobConflicts({ L }) {
  const q = useLoad(() => get(`${V}/job-conflicts`), []);
  const remove = (id) => request('DELETE', `${V}/job-conflicts/${id}`).then(q.reload);
  const rows = q.data?.conflicts || [];
  return (
    <section class="card">
      <h3>{t('jobs.hr.conflicts')}</h3>
      <p class="hint">{t('jobs.hr.conflicts_hint')}</p>
      <Status state={q} />
      {q.data && rows.length === 0 && <p class="empty">{t('jobs.hr.no_conflicts')}</p>}
      <ul>
        {rows.map((c) => (
          <li key={c.id}>
            {`${c.shopper.name} × ${tx(c.unit.name, L)}`} {c.note && <span class="muted">({c.note})</span>}{' '}
            <button type="button" class="btn btn-small btn-ghost" onClick={() => remove(c.id)}>
              {t('jobs.hr.remove')}
            </button>
          </li>
        ))}
      </ul>
      <ConflictForm L={L} onAdded={q.reload} />
    </section>
  );
}
