// The "new campaign" form: names in both languages, kind, period, and the form version
// each relationship of that kind answers (newest version of each form); the server's
// field errors show under their fields in the user's language.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { Alert, Field, FieldError } from '../components/fields.jsx';
import { fieldErrors } from '../logic.js';
import { KIND_RELS, codeText } from '../codes.js';

const KINDS = ['360', 'mystery_shop', 'customer', 'mixed'];

/** The newest version of each form (the server lists versions oldest first). */
function newestVersions(formList, L) {
  return formList.flatMap((fm) => {
    const latest = (fm.versions || []).at(-1);
    return latest ? [{ id: latest.id, rels: latest.relationships || [], label: `${tx(latest.title, L) || fm.key} (v${latest.version})` }] : [];
  });
}

function campaignBody(f) {
  return {
    name: { en: f.en, 'zh-CN': f.zh || f.en },
    kind: f.kind,
    period_start: f.start,
    period_end: f.end,
    forms: Object.fromEntries(
      Object.entries(f.forms)
        .filter(([, v]) => v)
        .map(([relationship, id]) => [relationship, Number(id)]),
    ),
  };
}

/** Field errors of a refused campaign: {field: text}, and {forms: {relationship: text}}. */
export function createErrors(e2) {
  let fields = e2?.details?.fields;
  if (!fields || typeof fields !== 'object') return {};
  if (fields.json && typeof fields.json === 'object') fields = { ...fields, ...fields.json };
  const { forms: formsErr, ...rest } = fields;
  const out = fieldErrors({ details: { fields: rest } });
  delete out.json;
  if (formsErr && typeof formsErr === 'object' && !Array.isArray(formsErr)) out.forms = fieldErrors({ details: { fields: formsErr } });
  else if (formsErr) out.forms_all = fieldErrors({ details: { fields: { f: formsErr } } }).f;
  return out;
}

/** An input's error attributes and the error line under it. */
const errProps = (id, text) => (text ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-err` } : {});

function CampaignBasics({ f, set, fe }) {
  return (
    <>
      <Field id="c-en" label={t('hr.campaigns.name_en')}>
        <input id="c-en" required value={f.en} onInput={set('en')} {...errProps('c-en', fe.name)} />
        <FieldError id="c-en-err" text={fe.name} />
      </Field>
      <Field id="c-zh" label={t('hr.campaigns.name_zh')}>
        <input id="c-zh" value={f.zh} onInput={set('zh')} />
      </Field>
      <Field id="c-kind" label={t('hr.campaigns.kind')}>
        <select id="c-kind" value={f.kind} onChange={set('kind')} {...errProps('c-kind', fe.kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`hr.kind.${k}`)}
            </option>
          ))}
        </select>
        <FieldError id="c-kind-err" text={fe.kind} />
      </Field>
      <div />
      <Field id="c-start" label={t('hr.campaigns.period_start')}>
        <input id="c-start" type="date" required value={f.start} onInput={set('start')} {...errProps('c-start', fe.period_start)} />
        <FieldError id="c-start-err" text={fe.period_start} />
      </Field>
      <Field id="c-end" label={t('hr.campaigns.period_end')}>
        <input id="c-end" type="date" required value={f.end} onInput={set('end')} {...errProps('c-end', fe.period_end)} />
        <FieldError id="c-end-err" text={fe.period_end} />
      </Field>
    </>
  );
}

/** One form picker per relationship the campaign's kind asks, offering the versions
 * meant for it; a field error of the server shows under its picker. */
function FormPickers({ f, setF, versions, fe }) {
  return (KIND_RELS[f.kind] || []).map((rel) => {
    const id = `c-f-${rel}`;
    const err = fe.forms?.[rel] || fe.forms_all;
    return (
      <Field key={rel} id={id} label={t('console.form_for', { rel: codeText('rel', rel) })}>
        <select id={id} value={f.forms[rel] || ''} onChange={(e) => setF({ ...f, forms: { ...f.forms, [rel]: e.currentTarget.value } })} {...errProps(id, err)}>
          <option value="">{t('hr.campaigns.none')}</option>
          {versions.filter((v) => !v.rels.length || v.rels.includes(rel)).map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.label}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-err`} text={err} />
      </Field>
    );
  });
}

/** The body's forms: only the relationships of the chosen kind. */
const kindForms = (f) => ({ ...f, forms: Object.fromEntries(Object.entries(f.forms).filter(([rel]) => (KIND_RELS[f.kind] || []).includes(rel))) });

export function CreateCampaign({ L, onCreated }) {
  const forms = useLoad(() => get(EP.forms));
  const [f, setF] = useState({ en: '', zh: '', kind: '360', start: '', end: '', forms: {} });
  const [err, setErr] = useState('');
  const [fe, setFe] = useState({});
  const versions = newestVersions(listOf(forms.data, 'forms'), L);
  const submit = async (e) => {
    e.preventDefault();
    setErr('');
    setFe({});
    try {
      const c = await post(EP.campaigns, campaignBody(kindForms(f)));
      onCreated(c.campaign || c);
    } catch (e2) {
      const found = createErrors(e2);
      setFe(found);
      setErr(Object.keys(found).length ? t('console.fix_fields') : t('hr.form.error', { m: e2.message }));
    }
  };
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('hr.campaigns.new_campaign')}</h2>
      <div class="form-grid">
        <CampaignBasics f={f} set={set} fe={fe} />
        <FormPickers f={f} setF={setF} versions={versions} fe={fe} />
      </div>
      <p class="hint">{t('console.forms_hint', { kind: t(`hr.kind.${f.kind}`) })}</p>
      <Alert text={err} />
      <button class="btn btn-primary" type="submit">
        {t('hr.campaigns.create')}
      </button>
    </form>
  );
}
