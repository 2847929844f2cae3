// The question renderer shared by the field app and the customer page. It is
// purely presentational: values come in, changes go out through callbacks;
// photo handling is injected so the customer bundle stays small.
import { useState } from 'preact/hooks';
import { register, t, tx } from '../i18n/index.js';
import { isRequired, scaleOf } from './model.js';
import { PhotoInput } from './PhotoInput.jsx';
import { fmtNumber, unitLabel } from './units.js';

register(import.meta.glob('../i18n/*/form.js', { eager: true }));

const labelOf = (q, locale, relationship) => tx(relationship === 'self' && q.self_label ? q.self_label : q.label, locale);

function toLocalInput(iso, type) {
  if (!iso) return '';
  if (type !== 'datetime') return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const off = d.getTimezoneOffset() * 60000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

function fromLocalInput(value, type) {
  if (!value) return null;
  if (type !== 'datetime') return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function Segmented({ name, options, value, onPick, disabled, describedBy }) {
  return (
    <div class="seg" role="radiogroup" aria-describedby={describedBy}>
      {options.map((o) => (
        <label class={`seg-opt${value === o.value ? ' on' : ''}`} key={String(o.value)}>
          <input
            type="radio"
            name={name}
            checked={value === o.value}
            disabled={disabled}
            onChange={() => onPick(o.value)}
          />
          <span>{o.text}</span>
        </label>
      ))}
    </div>
  );
}

function RatingInput({ q, def, value, onAnswer, locale, disabled, hintId }) {
  const { min, max, labels } = scaleOf(q, def);
  const options = [];
  for (let v = min; v <= max; v++) options.push({ value: v, text: String(v) });
  const lo = tx(labels[String(min)], locale);
  const hi = tx(labels[String(max)], locale);
  const picked = value != null ? tx(labels[String(value)], locale) : '';
  return (
    <>
      <Segmented name={q.id} options={options} value={value} onPick={onAnswer} disabled={disabled} describedBy={hintId} />
      <div class="scale-ends" id={hintId}>
        <span>{lo && `${min} = ${lo}`}</span>
        <span>{hi && `${max} = ${hi}`}</span>
      </div>
      {picked && <div class="scale-picked">{picked}</div>}
    </>
  );
}

function ChoiceInput({ q, value, onAnswer, locale, disabled }) {
  const options = (q.options || []).map((o) => ({ value: o.value, text: tx(o.label, locale) }));
  return (
    <div class="choices">
      {options.map((o) => (
        <label class={`choice${value === o.value ? ' on' : ''}`} key={o.value}>
          <input type="radio" name={q.id} checked={value === o.value} disabled={disabled} onChange={() => onAnswer(o.value)} />
          <span>{o.text}</span>
        </label>
      ))}
    </div>
  );
}

function MultiInput({ q, value, onAnswer, locale, disabled }) {
  const picked = new Set(Array.isArray(value) ? value : []);
  const toggle = (v) => {
    const next = new Set(picked);
    next.has(v) ? next.delete(v) : next.add(v);
    const ordered = (q.options || []).map((o) => o.value).filter((x) => next.has(x));
    onAnswer(ordered.length ? ordered : null);
  };
  return (
    <div class="choices">
      {(q.options || []).map((o) => (
        <label class={`choice${picked.has(o.value) ? ' on' : ''}`} key={o.value}>
          <input type="checkbox" checked={picked.has(o.value)} disabled={disabled} onChange={() => toggle(o.value)} />
          <span>{tx(o.label, locale)}</span>
        </label>
      ))}
    </div>
  );
}

function NumberInput({ q, value, onAnswer, locale, disabled, inputId, hintId }) {
  const [text, setText] = useState(value ?? '');
  const hasRange = q.min != null && q.max != null;
  return (
    <div class="number-row">
      <input
        id={inputId}
        type="number"
        inputMode="decimal"
        min={q.min ?? undefined}
        max={q.max ?? undefined}
        step="any"
        value={text}
        disabled={disabled}
        aria-describedby={hasRange ? hintId : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          const n = e.currentTarget.value === '' ? null : Number(e.currentTarget.value);
          onAnswer(n === null || Number.isNaN(n) ? null : n);
        }}
      />
      {q.unit && <span class="unit">{unitLabel(q.unit, locale)}</span>}
      {hasRange && (
        <span class="hint" id={hintId}>
          {t('form.number_range', { min: fmtNumber(q.min, locale), max: fmtNumber(q.max, locale) })}
        </span>
      )}
    </div>
  );
}

function YesNoInput({ q, value, onAnswer, disabled }) {
  return (
    <Segmented
      name={q.id}
      value={value}
      onPick={onAnswer}
      disabled={disabled}
      options={[
        { value: true, text: t('form.yes') },
        { value: false, text: t('form.no') },
      ]}
    />
  );
}

function TextInput({ value, onAnswer, disabled, inputId }) {
  return <textarea id={inputId} rows={3} value={value ?? ''} disabled={disabled} onInput={(e) => onAnswer(e.currentTarget.value || null)} />;
}

function DateInput({ q, value, onAnswer, disabled, inputId }) {
  return (
    <input
      id={inputId}
      type={q.type === 'datetime' ? 'datetime-local' : q.type}
      value={toLocalInput(value, q.type)}
      disabled={disabled}
      onInput={(e) => onAnswer(fromLocalInput(e.currentTarget.value, q.type))}
    />
  );
}

const CONTROLS = {
  rating: RatingInput,
  yes_no: YesNoInput,
  choice: ChoiceInput,
  multi_choice: MultiInput,
  number: NumberInput,
  text: TextInput,
  date: DateInput,
  time: DateInput,
  datetime: DateInput,
};

/** The input of a question's type (photos only where photo handling is injected). */
function Control(props) {
  if (props.q.type === 'photo') return props.photos ? <PhotoInput {...props} /> : null;
  const Input = CONTROLS[props.q.type];
  return Input ? <Input {...props} /> : null;
}

const GROUPED = new Set(['rating', 'yes_no', 'choice', 'multi_choice', 'photo']);

/** One question: label, help, control, N/A chip, required marker. */
export function Question({ q, def, value, na, locale, relationship, onAnswer, onNa, photos, missing, flagged }) {
  const inputId = `in-${q.id}`;
  const hintId = `hint-${q.id}`;
  const helpId = `help-${q.id}`;
  const req = isRequired(q);
  const label = labelOf(q, locale, relationship);
  const head = (
    <>
      <span class="q-label">{label}</span>
      <span class={`q-req${req ? ' req' : ''}`}>{req ? t('form.required') : t('form.optional')}</span>
      {flagged && <span class="q-flag">{t('form.flagged')}</span>}
    </>
  );
  const grouped = GROUPED.has(q.type);
  return (
    <section class={`question${missing ? ' missing' : ''}${na ? ' is-na' : ''}${flagged ? ' flagged' : ''}`} id={`q-${q.id}`} tabIndex={-1}>
      <fieldset aria-describedby={q.help ? helpId : undefined}>
        {grouped ? <legend>{head}</legend> : <label for={inputId}>{head}</label>}
        {q.help && (
          <p class="q-help" id={helpId}>
            {tx(q.help, locale)}
          </p>
        )}
        <Control q={q} def={def} value={value} onAnswer={(v) => onAnswer(q.id, v)} locale={locale} disabled={na} inputId={inputId} hintId={hintId} photos={photos} />
        {q.allow_na && (
          <button type="button" class={`chip${na ? ' on' : ''}`} aria-pressed={na ? 'true' : 'false'} onClick={() => onNa(q.id, !na)}>
            {t('form.na')}
          </button>
        )}
      </fieldset>
    </section>
  );
}
