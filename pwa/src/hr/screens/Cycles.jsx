// The "Cycles" tab (recurring cycles): campaign templates with their recurrence, next
// period and campaigns made (pause / resume), a small form for a new template, and the
// daily self-check's completion and streaks per unit this month. Words: "cycles" namespace.
import { useEffect, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { register, t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { codeText } from '../codes.js';
import '../../cycles/cycles.css';

register(import.meta.glob('../../i18n/*/cycles.js', { eager: true }));

const V = '/api/v1';

function TemplateRow({ tp, L, onChange }) {
  const move = tp.status === 'active' ? 'pause' : 'resume';
  const next = tp.next_period;
  return (
    <tr>
      <td>{tx(tp.name, L)}</td>
      <td>{t(`cycles.kind.${tp.kind}`)}</td>
      <td>{t(`cycles.rec.${tp.recurrence}`)}</td>
      <td class="nowrap">{next ? `${next.period_start} – ${next.period_end}` : t('cycles.hr.none_next')}</td>
      <td>{tp.periods.length}</td>
      <td>{t(`cycles.hr.${tp.status}`)}</td>
      <td>
        <button type="button" class="btn btn-small btn-secondary" onClick={() => post(`${V}/cycle-templates/${tp.id}/${move}`).then(onChange)}>
          {t(`cycles.hr.${move}`)}
        </button>
      </td>
    </tr>
  );
}

const EMPTY = { en: '', zh: '', relationship: 'self', form: 'daily-self-check', recurrence: 'monthly', start: '', end: '', window: '', perDay: true };

function body(f) {
  const kind = { self: 'mixed', customer: 'customer', mystery_shopper: 'mystery_shop' }[f.relationship] || '360';
  return {
    name: { en: f.en, 'zh-CN': f.zh },
    kind,
    forms: { [f.relationship]: f.form },
    recurrence: f.recurrence,
    start_date: f.start,
    ...(f.end ? { end_date: f.end } : {}),
    ...(f.window ? { window_days: Number(f.window) } : {}),
    per_day: f.relationship === 'self' && f.perDay,
  };
}

const RECURRENCES = ['daily', 'weekly', 'monthly', 'quarterly', 'half_yearly'];

function Choice({ label, value, onChange, options, text }) {
  return (
    <label>
      {label}
      <select value={value} onChange={onChange}>
        {options.map((o) => (
          <option value={o} key={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form the template's campaigns use: the forms that ask `relationship`, by title. */
function FormChoice({ L, relationship, value, onChange }) {
  const forms = useLoad(() => get(EP.forms).catch(() => null));
  const fit = listOf(forms.data, 'forms').filter((fm) => ((fm.versions || []).at(-1)?.relationships || []).includes(relationship));
  const options = fit.map((fm) => fm.key);
  const title = (key) => tx((fit.find((fm) => fm.key === key)?.versions || []).at(-1)?.title, L) || key;
  useEffect(() => {
    if (options.length && !options.includes(value)) onChange({ currentTarget: { value: options[0] } }); // another relationship: its first form
  }, [relationship, options.join()]);
  // While the forms load there is nothing to offer (not the default's bare key).
  const offered = forms.loading ? [] : options.includes(value) ? options : [value, ...options];
  return <Choice label={t('cycles.hr.form_key')} value={value} onChange={onChange} options={offered} text={title} />;
}

function NewTemplate({ L, onDone }) {
  const [f, setF] = useState(EMPTY);
  const [err, setErr] = useState('');
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    setErr('');
    post(`${V}/cycle-templates`, body(f)).then(
      () => (setF(EMPTY), onDone()),
      (e2) => setErr(t('cycles.hr.error', { m: e2.message })),
    );
  };
  const input = (k, label, type = 'text') => (
    <label>
      {label}
      <input type={type} value={f[k]} onInput={set(k)} required={['en', 'zh', 'form', 'start'].includes(k)} />
    </label>
  );
  return (
    <form class="cy-form" onSubmit={submit}>
      <h3>{t('cycles.hr.new')}</h3>
      {input('en', t('cycles.hr.name_en'))}
      {input('zh', t('cycles.hr.name_zh'))}
      <Choice label={t('cycles.hr.relationship')} value={f.relationship} onChange={set('relationship')} options={['self', 'customer', 'mystery_shopper']} text={(r) => codeText('rel', r)} />
      <FormChoice L={L} relationship={f.relationship} value={f.form} onChange={set('form')} />
      <Choice label={t('cycles.hr.recurrence')} value={f.recurrence} onChange={set('recurrence')} options={RECURRENCES} text={(r) => t(`cycles.rec.${r}`)} />
      {input('start', t('cycles.hr.start'), 'date')}
      {input('end', t('cycles.hr.end'), 'date')}
      {input('window', t('cycles.hr.window'), 'number')}
      <label class="check">
        <input type="checkbox" checked={f.perDay} onChange={set('perDay')} /> {t('cycles.hr.per_day')}
      </label>
      <Alert id="cy-err" text={err} />
      <button type="submit" class="btn btn-primary">{t('cycles.hr.create')}</button>
    </form>
  );
}

function Completion() {
  const data = useLoad(() => get(`${V}/self-checks/completion`));
  const units = data.data?.units || [];
  if (!units.length) return <p class="muted">{t('cycles.hr.no_completion')}</p>;
  const head = [t('cycles.hr.unit'), t('cycles.hr.people'), t('cycles.hr.rate'), t('cycles.hr.avg_streak'), t('cycles.hr.best_streak')];
  return (
    <Table head={head}>
      {units.map((u) => (
        <tr key={u.unit?.id ?? 0}>
          <td>{u.unit?.path ?? '—'}</td>
          <td>{u.people}</td>
          <td>{u.rate == null ? '—' : `${Math.round(u.rate * 100)}% (${u.done}/${u.expected})`}</td>
          <td>{u.average_current_streak}</td>
          <td>{u.longest_streak}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The tab: templates, the new-template form, self-check completion per unit. */
export function Cycles({ L }) {
  const list = useLoad(() => get(`${V}/cycle-templates`));
  const rows = list.data?.templates || [];
  const head = [t('cycles.hr.name'), t('cycles.hr.kind'), t('cycles.hr.recurrence'), t('cycles.hr.next'), t('cycles.hr.made'), t('cycles.hr.status'), ''];
  return (
    <>
      <h2>{t('cycles.hr.title')}</h2>
      {rows.length ? (
        <Table head={head}>
          {rows.map((tp) => (
            <TemplateRow key={tp.id} tp={tp} L={L} onChange={list.reload} />
          ))}
        </Table>
      ) : (
        <p class="muted">{t('cycles.hr.none')}</p>
      )}
      <NewTemplate L={L} onDone={list.reload} />
      <h2>{t('cycles.hr.completion')}</h2>
      <Completion />
    </>
  );
}
