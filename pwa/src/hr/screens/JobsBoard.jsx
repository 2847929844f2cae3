// HR's job board (issue 16 §1) at #/hr/jobs: per mystery-shop campaign the board rules
// (mode, limit per unit, cancel cut-off), publishing a visit as a job (unit, window,
// bilingual scenario, fee and expense cap in yuan stored as minor units, requirements),
// the campaign's jobs (open or taken by whom); below, applications and the conflict list.
import { useState } from 'preact/hooks';
import { request } from '../../api.js';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../jobs/i18n.js';
import { defaultShopCampaign, isShopCampaign, money, toMinor } from '../../jobs/logic.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { fieldErrors } from '../logic.js';
import { Status } from '../components/Status.jsx';
import { Field } from '../components/fields.jsx';
import { UnitSelect } from '../components/UnitSelect.jsx';
import { JobApplications, JobConflicts } from './JobsPeople.jsx';
import { OfferVisits } from './JobsOffer.jsx';

const V = '/api/v1';

function Settings({ campaignId }) {
  const q = useLoad(() => get(`${V}/campaigns/${campaignId}/job-settings`), [campaignId]);
  if (!q.data) return <Status state={q} />;
  return <SettingsForm key={campaignId} campaignId={campaignId} initial={q.data} />;
}

function SettingsForm({ campaignId, initial }) {
  const [f, setF] = useState({ mode: initial.mode, max: String(initial.max_per_unit), cutoff: String(initial.cancel_cutoff_hours) });
  const [msg, setMsg] = useState('');
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    const body = { mode: f.mode, max_per_unit: Number(f.max), cancel_cutoff_hours: Number(f.cutoff) };
    try {
      await request('PUT', `${V}/campaigns/${campaignId}/job-settings`, { json: body });
      setMsg(t('jobs.hr.saved'));
    } catch (err) {
      setMsg(err.message);
    }
  };
  return (
    <form class="card" onSubmit={save}>
      <h3>{t('jobs.hr.settings')}</h3>
      <div class="form-grid">
        <Field id="js-mode" label={t('jobs.hr.mode')}>
          <select id="js-mode" value={f.mode} onChange={set('mode')}>
            <option value="first_come">{t('jobs.hr.mode.first_come')}</option>
            <option value="approval">{t('jobs.hr.mode.approval')}</option>
          </select>
        </Field>
        <Field id="js-max" label={t('jobs.hr.max_per_unit')}>
          <input id="js-max" type="number" min="1" max="100" value={f.max} onInput={set('max')} />
        </Field>
        <Field id="js-cutoff" label={t('jobs.hr.cutoff')}>
          <input id="js-cutoff" type="number" min="0" max="720" value={f.cutoff} onInput={set('cutoff')} />
        </Field>
      </div>
      <button type="submit" class="btn">{t('jobs.hr.save')}</button> <span role="status">{msg}</span>
    </form>
  );
}

const INPUTS = [
  ['ws', 'jobs.hr.window_start', 'datetime-local', true],
  ['we', 'jobs.hr.window_end', 'datetime-local', true],
  ['en', 'jobs.hr.scenario_en', 'text', true],
  ['zh', 'jobs.hr.scenario_zh', 'text', true],
  ['fee', 'jobs.hr.fee', 'text', true],
  ['cap', 'jobs.hr.cap', 'text', true],
  ['rating', 'jobs.hr.min_rating', 'number', false],
  ['cert', 'jobs.hr.certification', 'text', false],
];

function publishBody(f) {
  return {
    unit_id: Number(f.unit_id),
    window_start: new Date(f.ws).toISOString(),
    window_end: new Date(f.we).toISOString(),
    scenario: { en: f.en, 'zh-CN': f.zh },
    fee_minor: toMinor(f.fee) ?? -1,
    expense_cap_minor: toMinor(f.cap) ?? -1,
    min_rating: f.rating === '' ? null : Number(f.rating),
    certification: f.cert === '' ? null : f.cert,
  };
}

function Publish({ L, campaignId, onDone }) {
  const [f, setF] = useState({ unit_id: '', ws: '', we: '', en: '', zh: '', fee: '', cap: '0', rating: '', cert: '' });
  const [errs, setErrs] = useState({});
  const [msg, setMsg] = useState('');
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErrs({});
    try {
      await post(`${V}/campaigns/${campaignId}/jobs`, publishBody(f));
      setMsg(t('jobs.hr.published'));
      onDone();
    } catch (err) {
      setErrs(fieldErrors(err));
      setMsg(err.message);
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h3>{t('jobs.hr.publish')}</h3>
      <div class="form-grid">
        <UnitSelect L={L} id="jp-unit" label={t('jobs.hr.unit')} value={f.unit_id} onChange={set('unit_id')} error={errs.unit_id} />
        {INPUTS.map(([k, label, type, required]) => (
          <Field key={k} id={`jp-${k}`} label={t(label)}>
            <input id={`jp-${k}`} type={type} step={type === 'number' ? '0.1' : undefined} required={required} value={f[k]} onInput={set(k)} />
          </Field>
        ))}
      </div>
      <button type="submit" class="btn btn-primary">{t('jobs.hr.publish')}</button> <span role="status">{msg}</span>
    </form>
  );
}

function JobList({ L, q }) {
  const jobs = q.data?.jobs || [];
  return (
    <section class="card">
      <h3>{t('jobs.hr.jobs')}</h3>
      <Status state={q} />
      {q.data && jobs.length === 0 && <p class="empty">{t('jobs.hr.no_jobs')}</p>}
      {jobs.length > 0 && (
        <table class="hr-table">
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>{tx(j.unit?.name, L)}</td>
                <td>{`${fmtDate(j.window_start, L)} – ${fmtDate(j.window_end, L)}`}</td>
                <td>{`${money(j.fee_minor, j.currency)} + ${money(j.expense_cap_minor, j.currency)}`}</td>
                <td>{j.open ? t('jobs.hr.open') : t('jobs.hr.taken_by', { name: j.shopper?.name })}</td>
                <td>{j.scheduled_at ? fmtDate(j.scheduled_at, L) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** On a campaign's page: publish its visits as open jobs instead of naming a shopper. */
export function JobsLink({ campaignId }) {
  return (
    <p>
      <a class="btn" href={`#/hr/jobs/${campaignId}`}>
        {t('jobs.hr.publish_link')}
      </a>
    </p>
  );
}

export function JobsBoard({ L, campaignId }) {
  const campaigns = useLoad(() => get(EP.campaigns), []);
  const shops = listOf(campaigns.data, 'campaigns').filter(isShopCampaign);
  const [picked, setId] = useState(campaignId ? String(campaignId) : null);
  const id = picked ?? defaultShopCampaign(shops); // until HR picks: the latest open one
  const jobs = useLoad(() => (id ? get(`${V}/campaigns/${id}/jobs`) : Promise.resolve(null)), [id]);
  return (
    <section class="hr-jobs">
      <h2>{t('jobs.hr.title')}</h2>
      <Field id="jb-campaign" label={t('jobs.hr.campaign')}>
        <select id="jb-campaign" value={id} onChange={(e) => setId(e.currentTarget.value)}>
          <option value="">{t('jobs.hr.choose_campaign')}</option>
          {shops.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {tx(c.name, L)}
            </option>
          ))}
        </select>
      </Field>
      {id && <Settings campaignId={id} />}
      {id && <Publish L={L} campaignId={id} onDone={jobs.reload} />}
      {id && <JobList L={L} q={jobs} />}
      {id && <OfferVisits L={L} campaignId={id} onDone={jobs.reload} />}
      <JobApplications L={L} />
      <JobConflicts L={L} />
    </section>
  );
}
