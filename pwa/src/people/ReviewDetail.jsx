// The review itself on the phone: index and trend, competencies self vs others (SVG),
// highest and lowest items, blind spots and hidden strengths, comments, then the
// employee's acknowledgement and development plan (Respond.jsx). Same data as the PDF.
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { useLoad } from '../useLoad.js';
import { register, t, tx } from '../i18n/index.js';
import { competencyLines, flagged, peerOnly, REVIEW_EP } from './reviewLogic.js';
import { Acknowledge, Plan, PreviousPlan } from './Respond.jsx';
import { Status } from './Status.jsx';

register(import.meta.glob('../i18n/*/review.js', { eager: true }));

const f1 = (v) => (typeof v === 'number' ? v.toFixed(1) : '–');
const signed = (v) => (v > 0 ? `+${f1(v)}` : v < 0 ? `−${f1(-v)}` : '0.0');

function Chart({ lines, L }) {
  if (!lines.length) return null;
  const W = 320, rowH = 34, x = (v) => 8 + (v / 100) * (W - 16);
  return (
    <figure class="rv-chart">
      <figcaption>{t('review.chart_title')}</figcaption>
      <p class="small"><span class="rv-key rv-self" aria-hidden="true" /> {t('review.chart_self')} <span class="rv-key rv-others" aria-hidden="true" /> {t('review.chart_others')}</p>
      <svg viewBox={`0 0 ${W} ${lines.length * rowH}`} width="100%" role="img" aria-label={t('review.chart_title')}>
        {lines.map((l, i) => (
          <g key={l.key} transform={`translate(0 ${i * rowH})`}>
            <text x="8" y="11" class="rv-label">{tx(l.name, L)}</text>
            <rect x="8" y="15" width={W - 16} height="14" class="rv-track" />
            {l.others !== null && <rect x="8" y="16" width={x(l.others) - 8} height="5" class="rv-bar-others" />}
            {l.self !== null && <rect x="8" y="23" width={x(l.self) - 8} height="5" class="rv-bar-self" />}
            <text x={W - 8} y="11" text-anchor="end" class="rv-num">{f1(l.self)} / {f1(l.others)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function ItemList({ title, items, L, value }) {
  return (
    <section class="rv-list">
      <h3>{title}</h3>
      {items.length === 0 ? <p class="muted small">{t('review.none')}</p> : (
        <ul>{items.map((it) => <li key={it.id}>{tx(it.label, L)} <b class="num">{value(it)}</b></li>)}</ul>
      )}
    </section>
  );
}

function Comments({ r, L }) {
  const only = peerOnly(r.rows);
  const visible = (r.rows || []).filter((row) => row.visible && row.key !== 'others' && !(only && row.key === 'colleagues'));
  const groups = visible.map((row) => [row.key, r.comments?.[row.key] || []]).filter(([, c]) => c.length);
  if (!groups.length) return null;
  return (
    <section class="rv-list">
      <h3>{t('review.comments')}</h3>
      {groups.map(([key, list]) => (
        <div key={key}>
          <p class="small muted">{t(`people.row.${key}`)}</p>
          <ul>{list.map((c, i) => <li key={i}>{c.text}</li>)}</ul>
        </div>
      ))}
    </section>
  );
}

function Summary({ r }) {
  const d = r.trend?.overall_index_delta;
  return <p class="small">{typeof d === 'number' ? t('review.trend', { d: signed(d), c: tx(r.trend.previous_campaign?.name) }) : t('review.no_trend')}</p>;
}

function Body({ r, L, userId, reload }) {
  const { blind, hidden } = flagged(r);
  const gapVal = (g) => `${f1(g.self)} / ${f1(g.others)}`;
  return (
    <div class="rv-body">
      <Summary r={r} />
      {/* service star (engineer "stars"): mount here */}
      <Chart lines={competencyLines(r)} L={L} />
      <ItemList title={t('review.strengths')} items={r.top_items || []} L={L} value={(i) => f1(i.mean_100)} />
      <ItemList title={t('review.lowest')} items={r.bottom_items || []} L={L} value={(i) => f1(i.mean_100)} />
      <ItemList title={t('review.blind')} items={blind} L={L} value={gapVal} />
      <ItemList title={t('review.hidden')} items={hidden} L={L} value={gapVal} />
      <Comments r={r} L={L} />
      <PreviousPlan r={r} L={L} />
      {r.employee?.id === userId && <Acknowledge r={r} L={L} reload={reload} />}
      <Plan r={r} L={L} reload={reload} />
    </div>
  );
}

/** The review of one campaign, loaded when opened. */
export function ReviewDetail({ campaignId, employeeId, userId, L }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="rv">
      <button type="button" class="btn btn-block" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t(open ? 'review.hide' : 'review.show')}
      </button>
      {open && <Loaded campaignId={campaignId} employeeId={employeeId} userId={userId} L={L} />}
    </div>
  );
}

function Loaded({ campaignId, employeeId, userId, L }) {
  const state = useLoad(() => request('GET', REVIEW_EP.review(campaignId, employeeId)), [campaignId, employeeId]);
  return (
    <>
      <Status L={L} state={state} />
      {state.data && <Body r={state.data} L={L} userId={userId} reload={state.reload} />}
    </>
  );
}
