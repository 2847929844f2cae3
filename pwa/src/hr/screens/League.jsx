// The league tab: units ranked per period (by level, with trend arrows against each unit's
// previous figure), the period's service stars with score and observations, and the payroll
// export (a 1/0 star column per person and period). GET /api/v1/league, /api/v1/stars.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { register, t } from '../../i18n/index.js';
import { get } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { periodLabel, trendArrow, unitName } from '../../people/starsLogic.js';

register(import.meta.glob('../../i18n/*/stars.js', { eager: true }));

const V = '/api/v1';
const KINDS = ['', 'branch', 'team', 'region', 'company'];
const query = (o) => new URLSearchParams(Object.entries(o).filter(([, v]) => v)).toString();

function Trend({ row, L }) {
  if (!row.trend) return <span class="muted small">{t('stars.league.trend.none')}</span>;
  const label = t(`stars.league.trend.${row.trend}`, { p: periodLabel(row.previous_period, L) });
  return (
    <span class={`trend trend-${row.trend}`} title={label}>
      <span aria-hidden="true">{trendArrow(row.trend)}</span> {label}
    </span>
  );
}

function LeagueTable({ units, L }) {
  return (
    <Table head={[t('stars.league.rank'), t('stars.league.unit'), t('stars.league.score'), t('stars.league.employees'), t('stars.league.trend')]}>
      {units.map((r) => (
        <tr key={r.unit.id} class="league-row">
          <td class="num">{r.rank}</td>
          <td>
            {unitName(r.unit, L)} <span class="small muted">{t(`stars.league.kind.${r.unit.kind}`)}</span>
          </td>
          <td class="num">{r.score.toFixed(1)}</td>
          <td class="num">{r.employees}</td>
          <td>
            <Trend row={r} L={L} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

function PeriodStars({ period, L }) {
  const list = useLoad(() => get(`${V}/stars?${query({ period })}`), [period]);
  const stars = list.data?.stars || [];
  return (
    <section aria-labelledby="league-stars-title">
      <h2 id="league-stars-title">★ {t('stars.hr.title')}</h2>
      <Status state={list} />
      {!list.loading && stars.length === 0 && <p class="empty">{t('stars.hr.none')}</p>}
      {stars.length > 0 && (
        <Table head={[t('stars.league.unit'), t('stars.league.rank'), t('stars.hr.employee'), t('stars.league.score'), t('stars.hr.observations')]}>
          {stars.map((s) => (
            <tr key={`${s.unit.id}-${s.employee.id}`}>
              <td>{unitName(s.unit, L)}</td>
              <td class="num">{s.rank}</td>
              <td>★ {s.employee.name}</td>
              <td class="num">{s.score.toFixed(1)}</td>
              <td class="num">{s.n}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Filters({ periods, period, kind, setPeriod, setKind, L }) {
  return (
    <div class="filters">
      <label>
        {t('stars.league.period')}{' '}
        <select value={period} onChange={(e) => setPeriod(e.currentTarget.value)}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {periodLabel(p, L)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('stars.league.kind')}{' '}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`stars.league.kind.${k || 'all'}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The payroll export of a range of computed periods (newest first in `periods`; both ends
 * inclusive, the whole history by default). */
function PayrollExport({ periods, L }) {
  const [range, setRange] = useState({ from: '', to: '' });
  const oldestFirst = [...periods].reverse();
  const chosen = query(range);
  const href = (fmt) => `${V}/stars/export.${fmt}${chosen ? `?${chosen}` : ''}`;
  const pick = (key, label) => (
    <label>
      {label}{' '}
      <select value={range[key]} onChange={(e) => setRange({ ...range, [key]: e.currentTarget.value })}>
        <option value="">{t(`stars.hr.export.${key}.all`)}</option>
        {oldestFirst.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p, L)}
          </option>
        ))}
      </select>
    </label>
  );
  const inverted = range.from && range.to && oldestFirst.indexOf(range.from) > oldestFirst.indexOf(range.to);
  return (
    <fieldset class="filters payroll-export">
      <legend>{t('stars.hr.export')}</legend>
      {pick('from', t('stars.hr.export.from'))} {pick('to', t('stars.hr.export.to'))}{' '}
      {inverted ? (
        <span class="field-error" role="alert">{t('stars.hr.export.inverted')}</span>
      ) : (
        <span>
          <a href={href('csv')} download="service-stars.csv">CSV</a> · <a href={href('xlsx')} download="service-stars.xlsx">XLSX</a>
        </span>
      )}
    </fieldset>
  );
}

export function League({ L }) {
  const [period, setPeriod] = useState('');
  const [kind, setKind] = useState('branch');
  const league = useLoad(() => get(`${V}/league?${query({ period, kind })}`), [period, kind]);
  const data = league.data;
  const shown = period || data?.period || '';
  return (
    <section class="league">
      <h2>{t('stars.league.title')}</h2>
      <p class="small muted">{t('stars.league.rule')}</p>
      <Status state={league} />
      {data && data.periods.length === 0 && <p class="empty">{t('stars.league.none')}</p>}
      {data && data.periods.length > 0 && (
        <>
          <Filters periods={data.periods} period={shown} kind={kind} setPeriod={setPeriod} setKind={setKind} L={L} />
          <LeagueTable units={data.units} L={L} />
          <PeriodStars period={shown} L={L} />
          <PayrollExport periods={data.periods} L={L} />
        </>
      )}
    </section>
  );
}
