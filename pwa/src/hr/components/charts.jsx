// Small hand-drawn SVG charts of the dashboard (no chart library). Each chart is an
// <svg role="img"> titled by its figure caption, with its numbers in a data table
// beside it (ChartFigure), so a screen reader and a printout get the figures too.
import { t } from '../../i18n/index.js';

const fmt = (v) => (v == null ? '—' : v.toFixed(1));
const cut = (s) => (s.length > 26 ? `${s.slice(0, 25)}…` : s);

/** A captioned chart with its data table (collapsed under "Data table"). */
export function ChartFigure({ id, title, chart, table, note }) {
  return (
    <figure class="dash-fig" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      {chart}
      {note && <p class="hint">{note}</p>}
      <details>
        <summary>{t('console.dash.table')}</summary>
        {table}
      </details>
    </figure>
  );
}

/** The vertical grid lines and their 0–100 labels of a bar chart. */
function Ticks({ left, w, h }) {
  return [0, 25, 50, 75, 100].map((x) => (
    <g key={x}>
      <line x1={left + (w * x) / 100} x2={left + (w * x) / 100} y1="0" y2={h} class="grid" />
      <text x={left + (w * x) / 100} y={h + 16} class="tick" text-anchor="middle">
        {x}
      </text>
    </g>
  ));
}

/** Horizontal bars on 0–100, one per row: [{label, value (null: too few), text}]. */
export function BarChart({ rows, labelledby, width = 560 }) {
  const lh = 34;
  const left = 210;
  const w = width - left - 60;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${rows.length * lh + 24}`} role="img" aria-labelledby={labelledby}>
      <Ticks left={left} w={w} h={rows.length * lh} />
      {rows.map((r, i) => (
        <g key={i}>
          <text x={left - 8} y={i * lh + (r.sub ? 14 : 20)} text-anchor="end" class="lab">
            {cut(r.label)}
          </text>
          {r.sub && (
            <text x={left - 8} y={i * lh + 28} text-anchor="end" class="tick">
              {cut(r.sub)}
            </text>
          )}
          {r.value == null ? (
            <text x={left + 4} y={i * lh + 20} class="muted-text">
              {t('console.dash.too_few')}
            </text>
          ) : (
            <>
              <rect x={left} y={i * lh + 8} width={Math.max(1, (w * r.value) / 100)} height={lh - 16} class="cbar" rx="2" />
              <text x={left + (w * r.value) / 100 + 6} y={i * lh + 21} class="val">
                {r.text ?? fmt(r.value)}
              </text>
            </>
          )}
        </g>
      ))}
    </svg>
  );
}

/** Vertical columns: [{label, count}] (the score distribution). */
export function Histogram({ bins, labelledby }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const cw = 48;
  const h = 160;
  return (
    <svg class="chart" viewBox={`0 0 ${bins.length * cw + 20} ${h + 40}`} role="img" aria-labelledby={labelledby}>
      <line x1="10" x2={bins.length * cw + 10} y1={h} y2={h} class="axis" />
      {bins.map((b, i) => {
        const bh = (h - 20) * (b.count / max);
        return (
          <g key={i}>
            <rect x={10 + i * cw + 4} y={h - bh} width={cw - 8} height={bh} class="cbar" rx="2" />
            <text x={10 + i * cw + cw / 2} y={h - bh - 4} text-anchor="middle" class="val">
              {b.count}
            </text>
            <text x={10 + i * cw + cw / 2} y={h + 16} text-anchor="middle" class="tick">
              {b.low}–{b.high}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A line over cycles: [{label, value | null}] on 0–100. */
export function LineChart({ points, labelledby }) {
  const step = 120;
  const h = 160;
  const y = (v) => 10 + (h - 20) * (1 - v / 100);
  const shown = points.map((p, i) => [i, p]).filter(([, p]) => p.value != null);
  const path = shown.map(([i, p], k) => `${k ? 'L' : 'M'}${40 + i * step},${y(p.value)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${Math.max(5, points.length) * step} ${h + 40}`} role="img" aria-labelledby={labelledby}>
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <line x1="30" x2={Math.max(5, points.length) * step} y1={y(v)} y2={y(v)} class="grid" />
          <text x="24" y={y(v) + 4} text-anchor="end" class="tick">
            {v}
          </text>
        </g>
      ))}
      <path d={path} class="line" />
      {points.map((p, i) => (
        <g key={i}>
          {p.value != null && <circle cx={40 + i * step} cy={y(p.value)} r="5" class="dot" />}
          {p.value != null && (
            <text x={40 + i * step} y={y(p.value) - 10} text-anchor="middle" class="val">
              {fmt(p.value)}
            </text>
          )}
          <text x={40 + i * step} y={h + 16} text-anchor="middle" class="tick">
            {p.label}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The heat map: a table whose cells are shaded by score (it is its own data table). */
export function HeatMap({ rows, columns, labelledby, L, tx, unitLabel }) {
  return (
    <div class="table-wrap">
      <table class="heat" aria-labelledby={labelledby}>
        <thead>
          <tr>
            <th scope="col">{t('console.dash.unit')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {tx(c.name, L)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unit.id}>
              <th scope="row">{unitLabel(r.unit, L)}</th>
              {columns.map((c) => {
                const v = r.scores[c.key];
                if (!r.shown || v == null) return <td key={c.key} class="muted">{t('console.dash.too_few')}</td>;
                const a = Math.max(0.04, Math.min(0.5, ((v - 40) / 60) * 0.5));
                return (
                  <td key={c.key} class="num" style={{ '--a': a.toFixed(2) }}>
                    {fmt(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
