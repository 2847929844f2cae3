// The "new campaign" form: names in both languages, kind, period, and the
// form version each relationship answers (newest version of each form).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { Alert, Field } from '../components/fields.jsx';

const RELS = ['self', 'supervisor', 'peer', 'subordinate', 'customer', 'mystery_shopper'];
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

function CampaignBasics({ f, set }) {
  return (
    <>
      <Field id="c-en" label={t('hr.campaigns.name_en')}>
        <input id="c-en" required value={f.en} onInput={set('en')} />
      </Field>
      <Field id="c-zh" label={t('hr.campaigns.name_zh')}>
        <input id="c-zh" value={f.zh} onInput={set('zh')} />
      </Field>
      <Field id="c-kind" label={t('hr.campaigns.kind')}>
        <select id="c-kind" value={f.kind} onChange={set('kind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`hr.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <div />
      <Field id="c-start" label={t('hr.campaigns.period_start')}>
        <input id="c-start" type="date" required value={f.start} onInput={set('start')} />
      </Field>
      <Field id="c-end" label={t('hr.campaigns.period_end')}>
        <input id="c-end" type="date" required value={f.end} onInput={set('end')} />
      </Field>
    </>
  );
}

/** One form picker per relationship, offering the versions meant for it. */
function FormPickers({ f, setF, versions }) {
  return RELS.map((rel) => (
    <Field key={rel} id={`c-f-${rel}`} label={t('hr.campaigns.form_for', { rel })}>
      <select id={`c-f-${rel}`} value={f.forms[rel] || ''} onChange={(e) => setF({ ...f, forms: { ...f.forms, [rel]: e.currentTarget.value } })}>
        <option value="">{t('hr.campaigns.none')}</option>
        {versions.filter((v) => !v.rels.length || v.rels.includes(rel)).map((v) => (
          <option key={v.id} value={String(v.id)}>
            {v.label}
          </option>
        ))}
      </select>
    </Field>
  ));
}

export function CreateCampaign({ L, onCreated }) {
  const forms = useLoad(() => get(EP.forms));
  const [f, setF] = useState({ en: '', zh: '', kind: '360', start: '', end: '', forms: {} });
  const [err, setErr] = useState('');
  const versions = newestVersions(listOf(forms.data, 'forms'), L);
  const submit = async (e) => {
    e.preventDefault();
    setErr('');
    try {
      const c = await post(EP.campaigns, campaignBody(f));
      onCreated(c.campaign || c);
    } catch (e2) {
      setErr(`${e2.message}${e2.details && Object.keys(e2.details).length ? ` ${JSON.stringify(e2.details)}` : ''}`);
    }
  };
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('hr.campaigns.new_campaign')}</h2>
      <div class="form-grid">
        <CampaignBasics f={f} set={set} />
        <FormPickers f={f} setF={setF} versions={versions} />
      </div>
      <Alert text={err} />
      <button class="btn btn-primary" type="submit">
        {t('hr.campaigns.create')}
      </button>
    </form>
  );
}
