// The employee's scorecard on My reviews (issue 18 §4): per period the weighted score, the
// trend against the previous period and each indicator with its value, n, "not enough
// data" and the breakdown by source. One column, readable at 360 px.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { t, tx } from '../i18n/index.js';
import { EP, fmt, sourcesOf } from './logic.js';
import { LoadState, PeriodPicker, Trend, Value } from './parts.jsx';

function Indicator({ ind, figure, defs, L }) {
  const sources = sourcesOf(figure, defs);
  return (
    <li class="sc-ind">
      <span>
        {tx(ind.title, L)} <span class="muted small">· {t('scorecard.weight', { w: fmt(ind.weight) })}</span>
      </span>
      <span class="sc-val">
        <Value v={figure?.value} /> <span class="muted small">· {t('scorecard.n', { n: figure?.n ?? 0 })}</span>
      </span>
      {sources.length > 0 && (
        <span class="sc-src muted">
          {t('scorecard.sources')}: {sources.map((s) => t('scorecard.source', { s: tx(s.title, L), v: fmt(s.value) ?? '—', n: s.n })).join(' · ')}
        </span>
      )}
    </li>
  );
}

export function ScorecardCard({ data, L, headingId }) {
  const row = data.rows[0];
  const defs = data.definitions;
  return (
    <>
      <p class="muted small">{t('scorecard.period.shown', { p: data.period.label })}</p>
      {!row && <p class="empty">{t('scorecard.no_data')}</p>}
      {row && (
        <>
          <div class="sc-head" aria-describedby={headingId}>
            <span>{t('scorecard.score')}</span>
            <span class="sc-score">
              <Value v={row.score} />
            </span>
            <Trend v={row.trend} />
          </div>
          {defs.dimensions.map((d) => (
            <div key={d.key}>
              <h3 class="sc-dim">
                {tx(d.title, L)}
                {row.dimensions[d.key] != null && <span class="muted"> · {fmt(row.dimensions[d.key])}</span>}
              </h3>
              <ul class="sc-list">
                {d.indicators.map((ind) => (
                  <Indicator key={ind.key} ind={ind} figure={row.indicators[ind.key]} defs={defs} L={L} />
                ))}
              </ul>
            </div>
          ))}
          <p class="small muted">{t('scorecard.note')}</p>
        </>
      )}
    </>
  );
}

export function MyScorecard({ L }) {
  const [period, setPeriod] = useState('month');
  const q = useLoad(() => request('GET', EP.mine(period)), [period]);
  return (
    <section class="card scorecard" aria-labelledby="sc-own-title">
      <h2 id="sc-own-title">{t('scorecard.title')}</h2>
      <PeriodPicker id="sc-own" period={period} setPeriod={setPeriod} />
      <LoadState state={q} />
      {q.data && <ScorecardCard data={q.data} L={L} headingId="sc-own-title" />}
    </section>
  );
}
