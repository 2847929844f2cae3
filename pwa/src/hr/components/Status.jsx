// Loading / error line of a `useLoad` state, and the completion meter.
import { t } from '../../i18n/index.js';

export function Status({ state }) {
  if (state.loading && !state.data) return <p class="muted">{t('common.loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{t('hr.form.error', { m: state.error.message })}</p>;
  return null;
}

export function Meter({ done, total, label }) {
  const pct = total ? Math.round((100 * done) / total) : 0;
  return (
    <div class="meter">
      <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct} aria-label={label}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span class="small">
        {done}/{total} ({pct}%)
      </span>
    </div>
  );
}
