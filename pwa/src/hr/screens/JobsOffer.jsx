// HR's job board, from a campaign's visits: a visit already planned for a named shopper but
// not yet reported can be offered on the board instead (its shopper is released), with its
// fee and expense cap (yuan typed, stored as integer minor units).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../jobs/i18n.js';
import { toMinor } from '../../jobs/logic.js';
import { EP, get, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';

function OfferRow({ v, L, onDone }) {
  const [fee, setFee] = useState('');
  const [cap, setCap] = useState('0');
  const [msg, setMsg] = useState('');
  const offer = async (e) => {
    e.preventDefault();
    const body = { fee_minor: toMinor(fee) ?? -1, expense_cap_minor: toMinor(cap) ?? -1 };
    try {
      await post(`/api/v1/visits/${v.id}/job`, body);
      onDone();
    } catch (err) {
      setMsg(err.message);
    }
  };
  return (
    <tr>
      <td>{tx(v.unit?.name, L)}</td>
      <td>{v.shopper?.name}</td>
      <td>{`${fmtDate(v.window_start, L)} – ${fmtDate(v.window_end, L)}`}</td>
      <td>
        <form class="inline-form" onSubmit={offer}>
          <input aria-label={t('jobs.hr.fee')} placeholder={t('jobs.hr.fee')} size={8} required value={fee} onInput={(e) => setFee(e.currentTarget.value)} />
          <input aria-label={t('jobs.hr.cap')} placeholder={t('jobs.hr.cap')} size={8} value={cap} onInput={(e) => setCap(e.currentTarget.value)} />
          <button type="submit" class="btn btn-small">{t('jobs.hr.offer_visit')}</button> <span role="status">{msg}</span>
        </form>
      </td>
    </tr>
  );
}

/** The campaign's planned visits with a shopper and no report yet, each offerable as a job. */
export function OfferVisits({ L, campaignId, onDone }) {
  const q = useLoad(() => get(`${EP.visits(campaignId)}?status=scheduled`), [campaignId]);
  const rows = (q.data?.visits || []).filter((v) => v.shopper);
  const done = () => {
    q.reload();
    onDone();
  };
  return (
    <section class="card">
      <h3>{t('jobs.hr.planned')}</h3>
      <Status state={q} />
      {q.data && rows.length === 0 && <p class="empty">{t('jobs.hr.no_planned')}</p>}
      {rows.length > 0 && (
        <table class="hr-table">
          <tbody>
            {rows.map((v) => (
              <OfferRow key={v.id} v={v} L={L} onDone={done} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
