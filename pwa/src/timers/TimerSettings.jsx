// A mystery-shop campaign's review timers (issue 14 §4), editable until release: hours to
// review and what then happens (auto-accept, escalate to HR, nothing), HR's reminder, and
// the hours a returned visit waits for its resubmission. PATCH {review_timers}.
import { useState } from 'preact/hooks';
import { t } from './i18n.js';
import { EP, patch } from '../hr/endpoints.js';
import { fieldErrors } from '../hr/logic.js';
import { FieldError } from '../hr/components/fields.jsx';

export const TIMER_DEFAULTS = { review_hours: 72, review_timeout: 'accept', review_reminder_hours: 12, resubmit_hours: 24, resubmit_timeout: 'reject', resubmit_reminder_hours: 6 };
const HOURS = ['review_hours', 'review_reminder_hours', 'resubmit_hours', 'resubmit_reminder_hours'];
const CHOICES = { review_timeout: ['accept', 'escalate', 'off'], resubmit_timeout: ['reject', 'off'] };

/** The body to send: numbers as numbers, choices as they are. */
export function timersBody(f) {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, HOURS.includes(k) ? Number(v) : v]));
}

function Choice({ k, f, set }) {
  return (
    <div>
      <label for={`rt-${k}`}>{t(`timers.set.${k}`)}</label>
      <select id={`rt-${k}`} value={f[k]} onChange={set(k)}>
        {CHOICES[k].map((c) => (
          <option key={c} value={c}>
            {t(`timers.set.${k}.${c}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TimerSettings({ camp, onSaved }) {
  const [f, setF] = useState(() => ({ ...TIMER_DEFAULTS, ...(camp.review_timers || {}) }));
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    setMsg('');
    setErr('');
    try {
      await patch(EP.campaign(camp.id), { review_timers: timersBody(f) });
      setMsg(t('timers.set.saved'));
      onSaved();
    } catch (e2) {
      setErr(fieldErrors(e2).review_timers || e2.message);
    }
  };
  return (
    <form class="card settings-form" onSubmit={save} noValidate aria-labelledby="rt-title">
      <h3 id="rt-title">{t('timers.set.title')}</h3>
      <div class="form-grid">
        <Choice k="review_timeout" f={f} set={set} />
        <Choice k="resubmit_timeout" f={f} set={set} />
        {HOURS.map((k) => (
          <div key={k}>
            <label for={`rt-${k}`}>{t(`timers.set.${k}`)}</label>
            <input id={`rt-${k}`} type="number" inputMode="decimal" min="0" step="any" value={f[k]} onInput={set(k)} />
          </div>
        ))}
      </div>
      <FieldError id="rt-err" text={err} />
      <button class="btn btn-primary" type="submit">
        {t('timers.set.save')}
      </button>{' '}
      <span role="status" aria-live="polite">
        {msg}
      </span>
    </form>
  );
}
