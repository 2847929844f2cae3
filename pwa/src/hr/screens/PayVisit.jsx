// HR's view of one visit's pay (issue 16 §3): the terms (fee, expense cap, currency,
// reimburse on reject), the shopper's expenses with their receipt photos and evidence
// checks, and an adjustment with the reason the shopper sees. Shown under a visit under
// review and in the Pay tab (#/hr/pay/visit/<id>).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { request } from '../../api.js';
import { t } from '../../pay/i18n.js';
import { decimalText, formatMoney } from '../../pay/money.js';
import { payState } from '../../pay/view.js';
import { Status } from '../components/Status.jsx';

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'GBP', 'JPY'];

/** Minor units from HR's typed amount; `signed` allows a leading minus (adjustments). */
export function parseSigned(text, signed) {
  const m = /^\s*(-?)(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(String(text ?? ''));
  if (!m || (m[1] && !signed)) return null;
  const minor = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

function Terms({ id, pay, onSaved }) {
  const [f, setF] = useState({ fee: decimalText(pay.terms_fee_minor, 'CNY'), cap: decimalText(pay.expense_cap_minor, 'CNY'), currency: pay.currency, reimburse: pay.reimburse_on_reject });
  const [msg, setMsg] = useState('');
  const save = async (e) => {
    e.preventDefault();
    const fee = parseSigned(f.fee, false);
    const cap = parseSigned(f.cap, false);
    if (fee === null || cap === null) return setMsg(t('pay.hr.bad_number'));
    try {
      await request('PUT', `/api/v1/visits/${id}/terms`, { json: { fee_minor: fee, expense_cap_minor: cap, currency: f.currency, reimburse_on_reject: f.reimburse } });
      setMsg(t('pay.hr.saved'));
      onSaved();
    } catch (x) {
      setMsg(x.message);
    }
  };
  return (
    <form onSubmit={save} aria-labelledby={`terms-${id}`}>
      <h4 id={`terms-${id}`}>{t('pay.hr.terms')}</h4>
      <label for={`fee-${id}`}>{t('pay.hr.fee', { c: f.currency })}</label>
      <input id={`fee-${id}`} inputMode="decimal" value={f.fee} onInput={(e) => setF({ ...f, fee: e.currentTarget.value })} />
      <label for={`cap-${id}`}>{t('pay.hr.cap', { c: f.currency })}</label>
      <input id={`cap-${id}`} inputMode="decimal" value={f.cap} onInput={(e) => setF({ ...f, cap: e.currentTarget.value })} />
      <label for={`cur-${id}`}>{t('pay.hr.currency')}</label>
      <select id={`cur-${id}`} value={f.currency} onChange={(e) => setF({ ...f, currency: e.currentTarget.value })}>
        {CURRENCIES.map((c) => <option key={c}>{c}</option>)}
      </select>
      <label>
        <input type="checkbox" checked={f.reimburse} onChange={(e) => setF({ ...f, reimburse: e.currentTarget.checked })} /> {t('pay.hr.reimburse')}
      </label>
      <button class="btn" type="submit">{t('pay.hr.save_terms')}</button>
      {msg && <p role="status">{msg}</p>}
    </form>
  );
}

function Adjustment({ id, pay, onSaved }) {
  const [f, setF] = useState({ amount: pay.adjustment_minor ? decimalText(pay.adjustment_minor, 'CNY') : '', reason: pay.adjustment_reason || '' });
  const [msg, setMsg] = useState('');
  const save = async (e) => {
    e.preventDefault();
    const amount = parseSigned(f.amount || '0', true);
    if (amount === null) return setMsg(t('pay.hr.bad_number'));
    if (!f.reason.trim()) return setMsg(t('pay.hr.reason_required'));
    try {
      await request('PUT', `/api/v1/visits/${id}/adjustment`, { json: { amount_minor: amount, reason: f.reason.trim() } });
      setMsg(t('pay.hr.saved'));
      onSaved();
    } catch (x) {
      setMsg(x.message);
    }
  };
  return (
    <form onSubmit={save} aria-labelledby={`adj-${id}`}>
      <h4 id={`adj-${id}`}>{t('pay.hr.adjust')}</h4>
      <label for={`adja-${id}`}>{t('pay.hr.adjust_amount', { c: pay.currency })}</label>
      <input id={`adja-${id}`} inputMode="decimal" value={f.amount} onInput={(e) => setF({ ...f, amount: e.currentTarget.value })} />
      <label for={`adjr-${id}`}>{t('pay.hr.adjust_reason')}</label>
      <input id={`adjr-${id}`} maxLength={500} value={f.reason} onInput={(e) => setF({ ...f, reason: e.currentTarget.value })} />
      <button class="btn" type="submit">{t('pay.hr.save_adjust')}</button>
      {msg && <p role="status">{msg}</p>}
    </form>
  );
}

function Receipt({ e, L }) {
  const c = e.receipt_checks;
  const when = c.in_window === true ? 'pay.hr.in_window' : c.in_window === false ? 'pay.hr.out_of_window' : 'pay.hr.unknown_time';
  return (
    <li class="expense">
      <a href={`/api/v1/attachments/${e.receipt_sha256}`} target="_blank" rel="noopener">
        <img src={`/api/v1/attachments/${e.receipt_sha256}/thumb`} alt={t('pay.receipt_alt', { n: e.note })} width="72" height="72" />
      </a>
      <span class="expense-text">
        <strong>{formatMoney(e.amount_minor, e.currency, L)}</strong> {e.note && `· ${e.note}`}
        <br />
        <span class={`badge ${c.in_window === false ? 'ev-bad' : c.in_window ? 'ev-ok' : 'badge-waiting'}`}>{t(when)}</span>{' '}
        {c.reused_on.length > 0 && <span class="badge ev-bad">{t('pay.hr.reused', { ids: c.reused_on.join(', ') })}</span>}
      </span>
    </li>
  );
}

export function PayVisit({ id, L }) {
  const q = useLoad(() => request('GET', `/api/v1/visits/${id}/pay`), [id]);
  if (!q.data) return <Status state={q} />;
  const { pay, expenses } = q.data;
  const st = payState(pay);
  return (
    <section class="card pay-visit" aria-labelledby={`payv-${id}`}>
      <h3 id={`payv-${id}`}>{t('pay.hr.visit_title', { id })}</h3>
      <p>
        <span class={`badge ${st.badge}`}>{t(st.key)}</span> <strong>{t('pay.total', { a: formatMoney(pay.total_minor, pay.currency, L) })}</strong>
      </p>
      {pay.not_paid_reason && <p>{t('pay.not_paid_reason', { r: pay.not_paid_reason })}</p>}
      <ul class="expense-list">{expenses.map((e) => <Receipt key={e.id} e={e} L={L} />)}</ul>
      {expenses.length === 0 && <p class="muted">{t('pay.no_expenses')}</p>}
      <div class="pay-hr-grid">
        <Terms key={`t${pay.currency}${pay.terms_fee_minor}${pay.expense_cap_minor}`} id={id} pay={pay} onSaved={q.reload} />
        <Adjustment key={`a${pay.adjustment_minor}`} id={id} pay={pay} onSaved={q.reload} />
      </div>
    </section>
  );
}
