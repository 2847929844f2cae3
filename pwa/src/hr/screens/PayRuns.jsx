// HR's Pay tab (issue 16 §3), #/hr/pay: payment runs (create for a period, review per
// shopper with totals, mark paid with the finance reference, export CSV/XLSX, delete an
// open one), visits listed by pay state, and a visit's pay (#/hr/pay/visit/<id>).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { request } from '../../api.js';
import { fmtDate, t, tx } from '../../pay/i18n.js';
import { formatMoney } from '../../pay/money.js';
import { download } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { PayVisit } from './PayVisit.jsx';
import '../../pay/pay.css';

const RUNS = '/api/v1/payment-runs';
const totalsText = (totals, L) => totals.map((x) => formatMoney(x.amount_minor, x.currency, L)).join(' + ') || '—';

function NewRun({ onDone }) {
  const today = new Date().toISOString().slice(0, 10);
  const [f, setF] = useState({ start: `${today.slice(0, 8)}01`, end: today });
  const [msg, setMsg] = useState('');
  const create = async (e) => {
    e.preventDefault();
    try {
      const r = await request('POST', RUNS, { json: { period_start: f.start, period_end: f.end } });
      location.hash = `#/hr/pay/run/${r.run.id}`;
      onDone();
    } catch (x) {
      setMsg(x.message);
    }
  };
  return (
    <form class="card form-inline" onSubmit={create} aria-labelledby="new-run">
      <h3 id="new-run">{t('pay.hr.new_run')}</h3>
      <label for="run-start">{t('pay.hr.period_start')}</label>
      <input id="run-start" type="date" required value={f.start} onInput={(e) => setF({ ...f, start: e.currentTarget.value })} />
      <label for="run-end">{t('pay.hr.period_end')}</label>
      <input id="run-end" type="date" required value={f.end} onInput={(e) => setF({ ...f, end: e.currentTarget.value })} />
      <button class="btn btn-primary" type="submit">{t('pay.hr.create')}</button>
      {msg && <p class="field-error" role="alert">{msg}</p>}
    </form>
  );
}

function RunActions({ run, onChange }) {
  const [ref, setRef] = useState('');
  const [msg, setMsg] = useState('');
  const act = async (fn) => {
    try {
      await fn();
      onChange();
    } catch (x) {
      setMsg(x.message);
    }
  };
  const paid = (e) => {
    e.preventDefault();
    if (!ref.trim()) return setMsg(t('pay.hr.reference_required'));
    return act(() => request('POST', `${RUNS}/${run.id}/paid`, { json: { reference: ref.trim() } }));
  };
  return (
    <div class="run-actions">
      <button class="btn" type="button" onClick={() => download(`${RUNS}/${run.id}.csv`, `payment-run-${run.id}.csv`)}>{t('pay.hr.export_csv')}</button>{' '}
      <button class="btn" type="button" onClick={() => download(`${RUNS}/${run.id}.xlsx`, `payment-run-${run.id}.xlsx`)}>{t('pay.hr.export_xlsx')}</button>
      {run.status === 'open' && (
        <form class="form-inline" onSubmit={paid}>
          <label for="run-ref">{t('pay.hr.reference')}</label>
          <input id="run-ref" maxLength={120} value={ref} onInput={(e) => setRef(e.currentTarget.value)} />
          <button class="btn btn-primary" type="submit">{t('pay.hr.mark_paid')}</button>{' '}
          <button class="btn btn-ghost" type="button" onClick={() => act(async () => { await request('DELETE', `${RUNS}/${run.id}`); location.hash = '#/hr/pay'; })}>
            {t('pay.hr.delete_run')}
          </button>
        </form>
      )}
      {msg && <p class="field-error" role="alert">{msg}</p>}
    </div>
  );
}

function RunDetail({ id, L }) {
  const q = useLoad(() => request('GET', `${RUNS}/${id}`), [id]);
  const run = q.data?.run;
  if (!run) return <Status state={q} />;
  return (
    <section class="card" aria-labelledby="run-title">
      <p><a href="#/hr/pay">← {t('pay.hr.back')}</a></p>
      <h3 id="run-title">{t('pay.hr.run', { id: run.id })} · {run.period_start} – {run.period_end}</h3>
      <p>
        {t(`pay.hr.status.${run.status}`)} · {t('pay.hr.totals')}: <strong>{totalsText(run.totals, L)}</strong>
        {run.paid_at && ` · ${t('pay.hr.paid_at', { t: fmtDate(run.paid_at, L), r: run.reference })}`}
      </p>
      <RunActions run={run} onChange={q.reload} />
      <table class="table">
        <thead><tr><th>{t('pay.hr.shopper')}</th><th>{t('pay.hr.visit')}</th><th>{t('pay.fee')}</th><th>{t('pay.reimbursed')}</th><th>{t('pay.adjustment')}</th><th>{t('pay.hr.totals')}</th></tr></thead>
        <tbody>
          {run.shoppers.flatMap((g) => [
            ...g.lines.map((l) => (
              <tr key={l.visit_id}>
                <td>{g.shopper?.name}</td>
                <td><a href={`#/hr/pay/visit/${l.visit_id}`}>#{l.visit_id}</a></td>
                <td>{formatMoney(l.fee_minor, l.currency, L)}</td>
                <td>{formatMoney(l.reimbursed_minor, l.currency, L)}</td>
                <td>{formatMoney(l.adjustment_minor, l.currency, L)}</td>
                <td>{formatMoney(l.total_minor, l.currency, L)}</td>
              </tr>
            )),
            <tr key={`s${g.shopper?.id}`} class="subtotal"><th colSpan={5}>{g.shopper?.name}</th><th>{totalsText(g.totals, L)}</th></tr>,
          ])}
        </tbody>
      </table>
    </section>
  );
}

const STATES = ['payable', 'pending', 'in_run', 'paid', 'not_paid', 'nothing_to_pay'];

/** Visits with pay terms by state (GET /api/v1/pay/visits), each opening its pay page. */
function VisitList({ L }) {
  const [state, setState] = useState('payable');
  const q = useLoad(() => request('GET', `/api/v1/pay/visits?state=${state}`), [state]);
  return (
    <section class="card pay-visits" aria-labelledby="pay-visits-title">
      <h3 id="pay-visits-title">{t('pay.hr.visit_list')}</h3>
      <label for="pay-visit-state">{t('pay.hr.visit_state')}</label>{' '}
      <select id="pay-visit-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
        {STATES.map((s) => (
          <option key={s} value={s}>{t(`pay.state.${s}`)}</option>
        ))}
      </select>
      <Status state={q} />
      {q.data && q.data.visits.length === 0 && <p class="empty">{t('pay.hr.no_visits')}</p>}
      {q.data && q.data.visits.length > 0 && (
        <table class="table">
          <thead><tr><th>{t('pay.hr.visit')}</th><th>{t('pay.hr.shopper')}</th><th>{t('pay.hr.unit')}</th><th>{t('pay.hr.window')}</th><th>{t('pay.hr.totals')}</th></tr></thead>
          <tbody>
            {q.data.visits.map((v) => (
              <tr key={v.visit_id}>
                <td><a href={`#/hr/pay/visit/${v.visit_id}`}>#{v.visit_id}</a></td>
                <td>{v.shopper?.name || '—'}</td>
                <td>{v.unit ? tx(v.unit.name, L) : '—'}</td>
                <td>{v.window_start ? `${fmtDate(v.window_start, L)} – ${fmtDate(v.window_end, L)}` : '—'}</td>
                <td class="num">{formatMoney(v.total_minor, v.currency, L)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data?.truncated && <p class="hint">{t('pay.hr.truncated')}</p>}
    </section>
  );
}

function RunList({ L }) {
  const q = useLoad(() => request('GET', RUNS), []);
  return (
    <>
      <NewRun onDone={q.reload} />
      <VisitList L={L} />
      <h3>{t('pay.hr.runs')}</h3>
      <Status state={q} />
      {q.data && q.data.runs.length === 0 && <p class="empty">{t('pay.hr.no_runs')}</p>}
      {q.data && q.data.runs.length > 0 && (
        <table class="table">
          <thead><tr><th>#</th><th>{t('pay.hr.period')}</th><th>{t('pay.hr.status')}</th><th>{t('pay.hr.visits')}</th><th>{t('pay.hr.totals')}</th><th>{t('pay.hr.reference')}</th></tr></thead>
          <tbody>
            {q.data.runs.map((r) => (
              <tr key={r.id}>
                <td><a href={`#/hr/pay/run/${r.id}`}>{t('pay.hr.run', { id: r.id })}</a></td>
                <td>{r.period_start} – {r.period_end}</td>
                <td>{t(`pay.hr.status.${r.status}`)}</td>
                <td>{r.visits}</td>
                <td>{totalsText(r.totals, L)}</td>
                <td>{r.reference || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** `route` is the hash path after #/hr/pay: [] | ['run', id] | ['visit', id]. */
export function PayRuns({ L, route }) {
  const [kind, id] = route || [];
  if (kind === 'run' && id) return <RunDetail id={Number(id)} L={L} />;
  if (kind === 'visit' && id) return <><p><a href="#/hr/pay">← {t('pay.hr.back')}</a></p><PayVisit id={Number(id)} L={L} /></>;
  return <RunList L={L} />;
}
