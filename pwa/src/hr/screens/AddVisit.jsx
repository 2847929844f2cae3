// "Add mystery-shop visit" on a campaign page: unit, shopper, time window and
// scenario in both languages.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { fieldErrors, personLabel } from '../logic.js';
import { Status } from '../components/Status.jsx';
import { Field, FieldError } from '../components/fields.jsx';

export function AddVisit({ L, campaignId, onDone }) {
  const [f, setF] = useState({ unit_id: '', shopper_id: '', ws: '', we: '', en: '', zh: '' });
  const [msg, setMsg] = useState('');
  const [errs, setErrs] = useState({});
  const units = useLoad(() => get(EP.units), []);
  const shoppers = useLoad(() => get(`${EP.users}?role=shopper&active=true&limit=500`), []);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErrs({});
    try {
      await post(EP.visits(campaignId), {
        unit_id: Number(f.unit_id),
        shopper_id: Number(f.shopper_id),
        window_start: new Date(f.ws).toISOString(),
        window_end: new Date(f.we).toISOString(),
        scenario: { en: f.en, 'zh-CN': f.zh || f.en },
      });
      setMsg(t('hr.visits.saved'));
      onDone();
    } catch (e2) {
      setErrs(fieldErrors(e2));
      setMsg(t('hr.form.error', { m: e2.message }));
    }
  };
  const unitList = listOf(units.data, 'units');
  const shopperList = listOf(shoppers.data, 'users');
  const picker = (k, label, options) => (
    <Field key={k} id={`v-${k}`} label={t(label)}>
      <select id={`v-${k}`} required value={f[k]} onChange={set(k)} aria-invalid={errs[k] ? 'true' : undefined}>
        <option value="">{t('hr.visits.choose')}</option>
        {options}
      </select>
      <FieldError text={errs[k]} />
    </Field>
  );
  return (
    <form class="card" onSubmit={submit}>
      <h3>{t('hr.visits.add_visit')}</h3>
      <Status state={units.error ? units : shoppers} />
      <div class="form-grid">
        {picker(
          'unit_id',
          'hr.campaign.unit',
          unitList.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {tx(u.name, L) || u.path}
            </option>
          )),
        )}
        {picker(
          'shopper_id',
          'hr.visits.shopper',
          shopperList.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {personLabel(u)}
            </option>
          )),
        )}
        {[
          ['ws', 'hr.visits.window_start', 'datetime-local'],
          ['we', 'hr.visits.window_end', 'datetime-local'],
          ['en', 'hr.visits.scenario_en', 'text'],
          ['zh', 'hr.visits.scenario_zh', 'text'],
        ].map(([k, label, type]) => (
          <Field key={k} id={`v-${k}`} label={t(label)}>
            <input id={`v-${k}`} type={type} required={k !== 'zh'} value={f[k]} onInput={set(k)} />
          </Field>
        ))}
      </div>
      <button class="btn btn-primary" type="submit">
        {t('hr.visits.save')}
      </button>{' '}
      <span role="status">{msg}</span>
    </form>
  );
}
