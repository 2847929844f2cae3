// Shared parts of the scorecard screens: the namespace, the period picker, the loading line.
import { register, t, tx } from '../i18n/index.js';
import { PERIODS, fmt, fmtTrend, trendWay } from './logic.js';
import './scorecard.css';

register(import.meta.glob('../i18n/*/scorecard.js', { eager: true }));

/** Month | quarter | half-year, as toggle buttons (a group named "Period"). */
export function PeriodPicker({ id, period, setPeriod }) {
  return (
    <div class="sc-periods" role="group" aria-labelledby={`${id}-period`}>
      <span id={`${id}-period`} class="small muted">
        {t('scorecard.period.label')}:
      </span>
      {PERIODS.map((p) => (
        <button type="button" class="btn btn-small" key={p} aria-pressed={p === period ? 'true' : 'false'} onClick={() => setPeriod(p)}>
          {t(`scorecard.period.${p}`)}
        </button>
      ))}
    </div>
  );
}

export function LoadState({ state }) {
  if (state.loading && !state.data) return <p class="muted">{t('scorecard.loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{state.error.code === 'network' ? t('scorecard.offline') : t('scorecard.error', { m: state.error.message })}</p>;
  return null;
}

/** A 0–100 value, or "not enough data" in its own style (never a number, never colour alone). */
export function Value({ v }) {
  const text = fmt(v);
  return text == null ? <span class="sc-none">{t('scorecard.not_enough')}</span> : <span>{text}</span>;
}

/** The trend against the previous period in words, with an arrow for sighted readers. */
export function Trend({ v }) {
  const way = trendWay(v);
  if (!way) return <span class="muted small">{t('scorecard.trend.none')}</span>;
  const arrow = { up: '▲', down: '▼', same: '=' }[way];
  return (
    <span class={`sc-trend-${way}`}>
      <span aria-hidden="true">{arrow} </span>
      {t(`scorecard.trend.${way}`, { d: fmtTrend(Math.abs(v)) })}
    </span>
  );
}

export const nameOf = (row, L) => tx(row.name, L) || row.code || String(row.id);
