// The settings editor of a draft campaign: anonymity thresholds, group
// weights, report language, peer selection and manager visibility (PATCH); the
// server's field errors appear next to each field.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { EP, patch } from '../endpoints.js';
import { THRESHOLD_KEYS, WEIGHT_KEYS, fieldErrors, settingsBody, settingsForm } from '../logic.js';
import { Field, FieldError } from '../components/fields.jsx';

/** The languages a review PDF can be printed in (the server's report locales). */
const REPORT_LOCALES = ['zh-CN', 'en'];

function NumberMap({ idPrefix, legend, keys, values, onChange, error, step }) {
  const errId = `${idPrefix}-err`;
  return (
    <fieldset class="num-map" aria-describedby={error ? errId : undefined}>
      <legend>{legend}</legend>
      <div class="form-grid">
        {keys.map((k) => (
          <Field key={k} id={`${idPrefix}-${k}`} label={t(`hr.settings.group.${k}`)}>
            <input id={`${idPrefix}-${k}`} inputMode="decimal" type="number" min="0" step={step} value={values[k]} onInput={(e) => onChange({ ...values, [k]: e.currentTarget.value })} />
          </Field>
        ))}
      </div>
      <FieldError id={errId} text={error} />
    </fieldset>
  );
}

/** PATCH the settings; checked here first, then the server's field errors by field. */
function useSaveSettings(camp, f, onSaved) {
  const [errs, setErrs] = useState({});
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e) => {
    e.preventDefault();
    setMsg('');
    const { body, errors } = settingsBody(f);
    setErrs(errors || {});
    if (errors) return setMsg(t('hr.form.fix_fields'));
    setBusy(true);
    try {
      await patch(EP.campaign(camp.id), body);
      setMsg(t('hr.visits.saved'));
      onSaved();
    } catch (e2) {
      const fe = fieldErrors(e2);
      setErrs(fe);
      setMsg(Object.keys(fe).length ? t('hr.form.fix_fields') : t('hr.form.error', { m: e2.message }));
    } finally {
      setBusy(false);
    }
  };
  return { errs, msg, busy, save };
}

/** Report language, peer selection and the peer counts. */
function PeerAndLocale({ f, set, errs }) {
  const described = (k) => (errs[k] ? { 'aria-invalid': 'true', 'aria-describedby': `cs-${k}-err` } : {});
  return (
    <div class="form-grid">
      <div>
        <label for="cs-locale">{t('hr.settings.report_locale')}</label>
        <select id="cs-locale" value={f.report_locale} onChange={set('report_locale')} {...described('report_locale')}>
          {REPORT_LOCALES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`hr.settings.locale.${lang}`)}
            </option>
          ))}
        </select>
        <FieldError id="cs-report_locale-err" text={errs.report_locale} />
      </div>
      <div>
        <label for="cs-peer-sel">{t('hr.settings.peer_selection')}</label>
        <select id="cs-peer-sel" value={f.peer_selection} onChange={set('peer_selection')} {...described('peer_selection')}>
          <option value="automatic">{t('hr.settings.peer_sel_automatic')}</option>
          <option value="nomination">{t('hr.settings.peer_sel_nomination')}</option>
        </select>
        <FieldError id="cs-peer_selection-err" text={errs.peer_selection} />
      </div>
      {['peer_min', 'peer_max'].map((k) => (
        <div key={k}>
          <label for={`cs-${k}`}>{t(`hr.settings.${k}`)}</label>
          <input id={`cs-${k}`} type="number" inputMode="numeric" min="0" max="50" step="1" value={f[k]} onInput={set(k)} {...described(k)} />
          <FieldError id={`cs-${k}-err`} text={errs[k]} />
        </div>
      ))}
    </div>
  );
}

export function CampaignSettings({ camp, onSaved }) {
  const [f, setF] = useState(() => settingsForm(camp));
  const { errs, msg, busy, save } = useSaveSettings(camp, f, onSaved);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  return (
    <form class="card settings-form" onSubmit={save} noValidate>
      <h3>{t('hr.settings.title')}</h3>
      <p class="hint">{t('hr.settings.settings_hint')}</p>
      <NumberMap idPrefix="cs-thr" legend={t('hr.settings.anonymity_thresholds')} keys={THRESHOLD_KEYS} values={f.anonymity_thresholds} step="1" error={errs.anonymity_thresholds} onChange={(v) => setF({ ...f, anonymity_thresholds: v })} />
      <NumberMap idPrefix="cs-w" legend={t('hr.settings.group_weights')} keys={WEIGHT_KEYS} values={f.group_weights} step="any" error={errs.group_weights} onChange={(v) => setF({ ...f, group_weights: v })} />
      <PeerAndLocale f={f} set={set} errs={errs} />
      <label class="check">
        <input type="checkbox" checked={f.manager_visibility} onChange={set('manager_visibility')} /> {t('hr.settings.manager_visibility')}
      </label>
      <FieldError id="cs-manager_visibility-err" text={errs.manager_visibility} />
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {t('hr.settings.save_settings')}
      </button>{' '}
      <span role="status" aria-live="polite">
        {msg}
      </span>
    </form>
  );
}
