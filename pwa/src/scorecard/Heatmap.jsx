// The HR dashboard's scorecard heat map (issue 18 §4): units × indicators, each cell the
// value with its n, shaded in five bands (the dashboard's CSS heat approach); "not enough
// data" cells are hatched and say so in words. A data table (one line per unit and
// indicator, with the sources) is the accessible alternative, under "Data table".
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { t, tx } from '../i18n/index.js';
import { EP, fmt, heatBand, indicatorsOf, sourcesOf } from './logic.js';
import { LoadState, PeriodPicker, Value, nameOf } from './parts.jsx';

function Cell({ figure }) {
  const band = heatBand(figure?.value);
  if (band == null) {
    return (
      <td class="sc-empty">
        {t('scorecard.not_enough')}
        <span class="sc-n">{t('scorecard.n', { n: figure?.n ?? 0 })}</span>
      </td>
    );
  }
  return (
    <td class={`sc-cell sc-b${band}`}>
      {fmt(figure.value)}
      <span class="sc-n">{t('scorecard.n', { n: figure.n })}</span>
    </td>
  );
}

const ALPHA = [0.06, 0.14, 0.24, 0.36, 0.5];

function Legend() {
  return (
    <ul class="sc-legend" aria-label={t('scorecard.heat.legend')}>
      {ALPHA.map((a, b) => (
        <li key={b}>
          <span class="sw" aria-hidden="true" style={{ background: `rgba(var(--hr-heat, 11, 83, 148), ${a})` }} /> {t('scorecard.heat.band', { a: b * 20, b: b * 20 + 20 })}
        </li>
      ))}
      <li>
        <span class="sw sw-empty" aria-hidden="true" /> {t('scorecard.not_enough')}
      </li>
    </ul>
  );
}

function DataRow({ r, i, defs, L }) {
  const f = r.indicators[i.key];
  const sources = sourcesOf(f, defs).map((x) => t('scorecard.source', { s: tx(x.title, L), v: fmt(x.value) ?? '—', n: x.n }));
  return (
    <tr>
      <th scope="row">{nameOf(r, L)}</th>
      <td class="sc-left">{tx(i.title, L)}</td>
      <td>
        <Value v={f?.value} />
      </td>
      <td>{f?.n ?? 0}</td>
      <td class="sc-left">{sources.join(' · ')}</td>
    </tr>
  );
}

function DataTable({ data, inds, L }) {
  return (
    <details>
      <summary>{t('scorecard.heat.table')}</summary>
      <div class="sc-table-wrap">
        <table class="sc-table">
          <thead>
            <tr>
              <th scope="col">{t('scorecard.heat.unit')}</th>
              <th scope="col" class="sc-left">
                {t('scorecard.heat.indicator')}
              </th>
              <th scope="col">{t('scorecard.heat.value')}</th>
              <th scope="col">n</th>
              <th scope="col" class="sc-left">
                {t('scorecard.sources')}
              </th>
            </tr>
          </thead>
          <tbody>{data.rows.flatMap((r) => inds.map((i) => <DataRow key={`${r.id}-${i.key}`} r={r} i={i} defs={data.definitions} L={L} />))}</tbody>
        </table>
      </div>
    </details>
  );
}

function HeatTable({ data, inds, L }) {
  return (
    <div class="sc-table-wrap" role="region" aria-labelledby="sc-heat-cap" tabIndex={0}>
      <table class="sc-table sc-heat">
        <caption id="sc-heat-cap" class="small muted">
          {t('scorecard.heat.caption', { p: data.period.label })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('scorecard.heat.unit')}</th>
            <th scope="col">{t('scorecard.col.score')}</th>
            {inds.map((i) => (
              <th scope="col" key={i.key}>
                {tx(i.title, L)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{nameOf(r, L)}</th>
              <td>
                <Value v={r.score} />
              </td>
              {inds.map((i) => (
                <Cell key={i.key} figure={r.indicators[i.key]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ScorecardHeatmap({ L }) {
  const [period, setPeriod] = useState('month');
  const q = useLoad(() => request('GET', EP.units(period)), [period]);
  const data = q.data;
  const inds = indicatorsOf(data?.definitions);
  return (
    <section class="scorecard dash-fig" aria-labelledby="sc-heat-title">
      <h3 id="sc-heat-title">{t('scorecard.heat.title')}</h3>
      <PeriodPicker id="sc-heat" period={period} setPeriod={setPeriod} />
      <LoadState state={q} />
      {data && !data.rows.length && <p class="empty">{t('scorecard.heat.empty')}</p>}
      {data && data.rows.length > 0 && (
        <>
          <HeatTable data={data} inds={inds} L={L} />
          <Legend />
          <DataTable data={data} inds={inds} L={L} />
        </>
      )}
    </section>
  );
}
