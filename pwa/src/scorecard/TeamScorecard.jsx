// The manager's team scorecard (issue 18 §4): one row per direct report, sortable by any
// column (buttons in the column headings, aria-sort on the sorted one), the indicators'
// values with their n; "not enough data" in words. Scrolls sideways inside its region.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { t, tx } from '../i18n/index.js';
import { EP, fmtTrend, indicatorsOf, nextSort, sortRows } from './logic.js';
import { LoadState, PeriodPicker, Value, nameOf } from './parts.jsx';

function SortHead({ column, label, sort, setSort }) {
  const sorted = sort.column === column;
  return (
    <th scope="col" aria-sort={sorted ? sort.direction : undefined}>
      <button type="button" class="sc-sort" onClick={() => setSort(nextSort(sort, column))}>
        {label}
        <span aria-hidden="true">{sorted ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

function Row({ r, inds }) {
  return (
    <tr>
      <th scope="row">{r.nameText}</th>
      <td>
        <Value v={r.score} />
      </td>
      <td>{fmtTrend(r.trend) ?? '—'}</td>
      {inds.map((i) => (
        <td key={i.key}>
          <Value v={r.indicators[i.key]?.value} />
          <span class="sc-n">{t('scorecard.n', { n: r.indicators[i.key]?.n ?? 0 })}</span>
        </td>
      ))}
    </tr>
  );
}

export function ScorecardTable({ data, L, id, caption, empty }) {
  const [sort, setSort] = useState({ column: 'score', direction: 'descending' });
  const inds = indicatorsOf(data.definitions);
  const named = data.rows.map((r) => ({ ...r, nameText: nameOf(r, L) }));
  const rows = sortRows(named, sort.column, sort.direction);
  if (!rows.length) return <p class="empty">{empty}</p>;
  const head = (column, label) => <SortHead key={column} column={column} label={label} sort={sort} setSort={setSort} />;
  return (
    <div class="sc-table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
      <table class="sc-table" id={id}>
        <caption id={`${id}-cap`} class="small muted">
          {caption}
        </caption>
        <thead>
          <tr>
            {head('name', t('scorecard.col.name'))}
            {head('score', t('scorecard.col.score'))}
            {head('trend', t('scorecard.col.trend'))}
            {inds.map((i) => head(i.key, tx(i.title, L)))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={r.id} r={r} inds={inds} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TeamScorecard({ L }) {
  const [period, setPeriod] = useState('month');
  const q = useLoad(() => request('GET', EP.team(period)), [period]);
  return (
    <section class="card scorecard" aria-labelledby="sc-team-title">
      <h2 id="sc-team-title">{t('scorecard.team.title')}</h2>
      <PeriodPicker id="sc-team" period={period} setPeriod={setPeriod} />
      <LoadState state={q} />
      {q.data && <ScorecardTable data={q.data} L={L} id="sc-team-table" caption={t('scorecard.team.caption', { p: q.data.period.label })} empty={t('scorecard.team.empty')} />}
      {q.data?.rows.length > 0 && <p class="small muted">{t('scorecard.note')}</p>}
    </section>
  );
}

