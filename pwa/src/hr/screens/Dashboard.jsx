// The dashboard of one campaign (GET /campaigns/{id}/dashboard): units ranked, score
// distribution, competency heat map by unit, trend over cycles, completion. Each chart
// has its data table; a unit below the anonymity threshold shows "too few responses".
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { BarChart, ChartFigure, HeatMap, Histogram, LineChart } from '../components/charts.jsx';
import { ScorecardHeatmap } from '../../scorecard/Heatmap.jsx';

/** A unit with its parent ("Shanghai Nanjing Road · Sales Floor"): names repeat across branches. */
export const unitLabel = (u, L) => (u.parent_name ? `${tx(u.parent_name, L)} · ${tx(u.name, L)}` : tx(u.name, L));
const fmt = (v) => (v == null ? t('console.dash.too_few') : v.toFixed(1));
const pct = (r) => (r == null ? '—' : `${Math.round(r * 100)}%`);

function Picker({ L, id }) {
  const c = useLoad(() => get(EP.campaigns));
  const rows = listOf(c.data, 'campaigns').filter((x) => x.status !== 'draft');
  return (
    <p>
      <label for="dash-campaign">{t('console.dash.pick')}</label>{' '}
      <select id="dash-campaign" value={id || ''} onChange={(e) => (location.hash = `#/hr/dashboard/${e.currentTarget.value}`)}>
        <option value="">{t('console.dash.choose')}</option>
        {rows.map((x) => (
          <option key={x.id} value={String(x.id)}>
            {tx(x.name, L)}
          </option>
        ))}
      </select>
    </p>
  );
}

function Units({ d, L }) {
  const rows = d.units.map((u) => ({ label: tx(u.unit.name, L), sub: tx(u.unit.parent_name, L), value: u.index }));
  return (
    <ChartFigure
      id="dash-units"
      title={t('console.dash.units')}
      chart={<BarChart rows={rows} labelledby="dash-units-cap" />}
      note={t('console.dash.too_few_note', { k: d.threshold })}
      table={
        <Table head={[t('console.dash.rank'), t('console.dash.unit'), t('console.dash.index'), t('console.dash.n')]}>
          {d.units.map((u) => (
            <tr key={u.unit.id}>
              <td>{u.rank ?? '—'}</td>
              <td>{unitLabel(u.unit, L)}</td>
              <td>{fmt(u.index)}</td>
              <td>{u.n ?? '—'}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function Distribution({ d }) {
  return (
    <ChartFigure
      id="dash-dist"
      title={t('console.dash.distribution')}
      chart={<Histogram bins={d.distribution} labelledby="dash-dist-cap" />}
      table={
        <Table head={[t('console.dash.band'), t('console.dash.count')]}>
          {d.distribution.map((b) => (
            <tr key={b.low}>
              <td>
                {b.low}–{b.high}
              </td>
              <td>{b.count}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function Trend({ d, L }) {
  const points = d.trend.map((p) => ({ label: p.campaign.period_end.slice(0, 7), value: p.index }));
  return (
    <ChartFigure
      id="dash-trend"
      title={t('console.dash.trend')}
      chart={<LineChart points={points} labelledby="dash-trend-cap" />}
      table={
        <Table head={[t('console.dash.cycle'), t('console.dash.period_end'), t('console.dash.index'), t('console.dash.n')]}>
          {d.trend.map((p) => (
            <tr key={p.campaign.id}>
              <td>{tx(p.campaign.name, L)}</td>
              <td>{p.campaign.period_end}</td>
              <td>{fmt(p.index)}</td>
              <td>{p.n}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function Completion({ d, L }) {
  const units = d.completion.by_unit.filter((u) => u.unit);
  const rows = units.map((u) => ({ label: tx(u.unit.name, L), sub: tx(u.unit.parent_name, L), value: u.rate == null ? 0 : u.rate * 100, text: `${u.submitted}/${u.total}` }));
  return (
    <ChartFigure
      id="dash-done"
      title={`${t('console.dash.completion')} · ${d.completion.submitted}/${d.completion.total} (${pct(d.completion.rate)})`}
      chart={<BarChart rows={rows} labelledby="dash-done-cap" />}
      table={
        <Table head={[t('console.dash.unit'), t('console.dash.done'), t('console.dash.total'), t('console.dash.rate')]}>
          {units.map((u) => (
            <tr key={u.unit.id}>
              <td>{unitLabel(u.unit, L)}</td>
              <td>{u.submitted}</td>
              <td>{u.total}</td>
              <td>{pct(u.rate)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function Board({ L, id }) {
  const q = useLoad(() => get(EP.dashboard(id)), [id]);
  const d = q.data;
  if (!d) return <Status state={q} />;
  return (
    <div class="dash">
      <h3>{tx(d.campaign.name, L)}</h3>
      {!d.units.length && <p class="empty">{t('console.dash.empty')}</p>}
      <div class="dash-grid">
        {d.units.length > 0 && <Units d={d} L={L} />}
        {d.units.length > 0 && <Distribution d={d} />}
        <Trend d={d} L={L} />
        <Completion d={d} L={L} />
      </div>
      {d.competencies.length > 0 && (
        <figure class="dash-fig">
          <figcaption id="dash-heat-cap">{t('console.dash.heatmap')}</figcaption>
          <HeatMap rows={d.heatmap} columns={d.competencies} labelledby="dash-heat-cap" L={L} tx={tx} unitLabel={unitLabel} />
        </figure>
      )}
    </div>
  );
}

export function Dashboard({ L, id }) {
  return (
    <>
      <h2>{t('console.tab.dashboard')}</h2>
      <Picker L={L} id={id} />
      {id && <Board key={id} L={L} id={id} />}
      <ScorecardHeatmap L={L} />
    </>
  );
}
