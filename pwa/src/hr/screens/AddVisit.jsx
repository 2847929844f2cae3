// "Add mystery-shop visit" on a campaign page: unit, shopper, time window and
// scenario in both languages.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { fieldErrors, personLabel } from '../logic.js';
import { Status } from '../components/Status.jsx';
import { Field, FieldError } from '../components/fields.jsx';

const INPUTS = [
  ['ws', 'hr.visits.window_start', 'datetime-local'],
  ['we', 'hr.visits.window_end', 'datetime-local'],
  ['en', 'hr.visits.scenario_en', 'text'],
  ['zh', 'hr.visits.scenario_zh', 'text'],
];

function visitBody(f) {
  return {
    unit_id: Number(f.unit_id),
    shopper_id: Number(f.shopper_id),
    window_start: new Date(f.ws).toISOString(),
    window_end: new Date(f.we).toISOString(),
    scenario: { en: f.en, 'zh-CN': f.zh || f.en },
  };
}

function Picker({ k, label, value, onChange, error, children }) {
  return (
    <Field id={`v-${k}`} label={t(label)}>
      <select id={`v-${k}`} required value={value} onChange={onChange} aria-invalid={error ? 'true' : undefined}>
        <option value="">{t('hr.visits.choose')}</option>
        {children}
      </select>
      <FieldError text={error} />
    </Field>
  );
}

function VisitPickers({ L, f, set, errs }) {
  const units = useLoad(() => get(EP.units), []);
  const shoppers = useLoad(() => get(`${EP.users}?role=shopper&active=true&limit=500`), []);
  return (
    <>
      <Status state={units.error ? units : shoppers} />
      <div class="form-grid">
        <Picker k="unit_id" label="hr.campaign.unit" value={f.unit_id} onChange={set('unit_id')} error={errs.unit_id}>
          {listOf(units.data, 'units').map((u) => (
            <option key={u.id} value={String(u.id)}>
              {tx(u.name, L) || u.path}
            </option>
          ))}
        </Picker>
        <Picker k="shopper_id" label="hr.visits.shopper" value={f.shopper_id} onChange={set('shopper_id')} error={errs.shopper_id}>
          {listOf(shoppers.data, 'users').map((u) => (
            <option key={u.id} value={String(u.id)}>
              {personLabel(u)}
            </option>
          ))}
        </Picker>
        {INPUTS.map(([k, label, type]) => (
          <Field key={k} id={`v-${k}`} label={t(label)}>
            <input id={`v-${k}`} type={type} required={k !== 'zh'} value={f[k]} onInput={set(k)} />
          </Field>
        ))}
      </div>
    </>
  );
}

export function AddVisit({ L, campaignId, onDone }) {
  const [f, setF] = useState({ unit_id: '', shopper_id: '', ws: '', we: '', en: '', zh: '' });
  const [msg, setMsg] = useState('');
  const [errs, setErrs] = useState({});
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErrs({});
    try {
      await post(EP.visits(campaignId), visitBody(f));
      setMsg(t('hr.visits.saved'));
      onDone();
    } catch (e2) {
      setErrs(fieldErrors(e2));
      setMsg(t('hr.form.error', { m: e2.message }));
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h3>{t('hr.visits.add_visit')}</h3>
      <VisitPickers L={L} f={f} set={set} errs={errs} />
      <button class="btn btn-primary" type="submit">
        {t('hr.visits.save')}
      </button>{' '}
      <span role="status">{msg}</span>
    </form>
  );
}
