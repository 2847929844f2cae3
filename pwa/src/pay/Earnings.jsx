// The shopper's Earnings (issue 16 §3, §5), route #/earnings and #/earnings/<visit id>:
// per visit the amount payable with its breakdown (fee, receipts, cap, adjustment and its
// reason), why a rejected visit is not paid, when and with which reference it was paid;
// totals payable and paid. One visit's page also lists its expenses with their receipt
// photos, the ones still waiting in the phone's outbox and, while the visit is the shopper's
// to work on, records new ones through the outbox (Expenses.jsx).
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { fmtDate, t, tx } from './i18n.js';
import { formatMoney } from './money.js';
import { breakdownLines, payState } from './view.js';
import { Expenses } from './Expenses.jsx';
import './pay.css';

function Breakdown({ pay, L }) {
  const money = (m) => formatMoney(m, pay.currency, L);
  return (
    <dl class="pay-lines">
      {breakdownLines(pay).map(([key, minor]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd>{money(minor)}</dd>
        </div>
      ))}
    </dl>
  );
}

function PayCard({ pay, L, open }) {
  const st = payState(pay);
  const money = (m) => formatMoney(m, pay.currency, L);
  return (
    <article class="card pay-card" id={`pay-${pay.visit_id}`} aria-current={open ? 'true' : undefined}>
      <h3>{open ? tx(pay.unit?.name, L) : <a href={`#/earnings/${pay.visit_id}`}>{tx(pay.unit?.name, L)}</a>}</h3>
      <p class="muted">{t('pay.window', { a: fmtDate(pay.window_start, L), b: fmtDate(pay.window_end, L) })}</p>
      <p>
        <span class={`badge ${st.badge}`}>{t(st.key)}</span>{' '}
        {pay.terms && pay.state !== 'pending' && <strong class="pay-total">{t('pay.total', { a: money(pay.total_minor) })}</strong>}
      </p>
      {!pay.terms && <p class="hint">{t('pay.no_terms')}</p>}
      {pay.terms && <Breakdown pay={pay} L={L} />}
      {pay.adjustment_reason && <p>{t('pay.adjustment_reason', { r: pay.adjustment_reason })}</p>}
      {pay.not_paid_reason && <p>{t('pay.not_paid_reason', { r: pay.not_paid_reason })}</p>}
      {pay.basis === 'receipts_only' && <p class="hint">{t('pay.receipts_only')}</p>}
      {pay.paid && <p class="pay-paid">{t('pay.paid_on', { t: fmtDate(pay.paid.at, L), r: pay.paid.reference })}</p>}
      {!open && <a href={`#/earnings/${pay.visit_id}`}>{t('pay.open_expenses')} →</a>}
    </article>
  );
}

function Totals({ data, L }) {
  const line = (rows, key) => rows.map((r) => <p key={`${key}${r.currency}`}>{t(key, { a: formatMoney(r.amount_minor, r.currency, L) })}</p>);
  return (
    <div class="pay-totals">
      {line(data.payable, 'pay.total_payable')}
      {line(data.paid, 'pay.total_paid')}
    </div>
  );
}

function VisitPay({ id, L }) {
  const q = useLoad(() => request('GET', `/api/v1/me/visits/${id}/pay`), [id]);
  return (
    <>
      <a href="#/earnings">← {t('pay.back')}</a>
      {q.error && <p class="field-error" role="alert">{q.error.message}</p>}
      {q.data && <PayCard pay={q.data.pay} L={L} open />}
      {(q.data || q.error) && <Expenses visitId={id} L={L} fresh={q.data || null} reload={q.reload} />}
    </>
  );
}

export default function Earnings({ id, L }) {
  const q = useLoad(() => (id ? Promise.resolve(null) : request('GET', '/api/v1/me/pay')), [id]);
  return (
    <section class="earnings">
      <h2>{t('pay.title')}</h2>
      {id ? (
        <VisitPay id={id} L={L} />
      ) : (
        <>
          {q.loading && !q.data && <p class="muted">{t('common.loading')}</p>}
          {q.error && <p class="field-error" role="alert">{q.error.message}</p>}
          {q.data && <Totals data={q.data} L={L} />}
          {q.data && q.data.visits.length === 0 && <p class="empty">{t('pay.empty')}</p>}
          {q.data?.visits.map((v) => <PayCard key={v.visit_id} pay={v} L={L} />)}
        </>
      )}
    </section>
  );
}
