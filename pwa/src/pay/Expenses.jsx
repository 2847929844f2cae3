// A visit's expenses on the shopper's phone, each with its receipt photo. Shown on the
// visit-details page of the field form (works offline) and on the visit's Earnings page.
// A new expense is always recorded through the outbox (online too): the receipt photo goes
// through the same pipeline as the visit's photos (downscaled, hashed, kept on the phone),
// the item gets its client UUID once and is sent before the visit's report (the report
// locks the expenses on the server). The list joins what the server holds (the last answer,
// cached for offline use) and the expenses still on this phone, which may be deleted until
// they are sent. Once the visit's report is in the outbox or sent, recording stops here too.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as db from '../db.js';
import { api, request } from '../api.js';
import { processPhoto } from '../form/photo.js';
import { discardItem, flush, recordExpense, useStore } from '../app/controller.js';
import { usePhotoUrls } from '../app/formDraft.js';
import { t, tx } from './i18n.js';
import { formatMoney, parseAmount } from './money.js';
import { expenseLock, expenseRows } from './view.js';
import './pay.css';

const DEFAULT_CURRENCY = 'CNY'; // server/models/shopper_work.py DEFAULT_CURRENCY (no terms set yet)

function ExpenseRow({ row, L, url, canDelete, onDelete }) {
  const e = row.expense;
  const money = formatMoney(e.amount_minor, e.currency, L);
  return (
    <li class={`expense${row.local ? ` local state-${row.item.state}` : ''}`} data-expense={e.id}>
      {url ? <img src={url} alt={t('pay.receipt_alt', { n: e.note || money })} width="72" height="72" loading="lazy" /> : <span class="expense-nothumb" aria-hidden="true" />}
      <span class="expense-text">
        <strong>{money}</strong>
        {e.note && <span> · {e.note}</span>}
        {row.local && <span class="hint expense-local">{t(row.item.state === 'attention' ? 'pay.local_attention' : 'pay.local_waiting')}</span>}
        {row.local && row.item.state === 'attention' && row.item.error?.message && (
          <span class="field-error" role="alert">
            {row.item.error.message}
          </span>
        )}
      </span>
      {canDelete && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => onDelete(row)}>
          {t('pay.delete')}
        </button>
      )}
    </li>
  );
}

function ExpenseFields({ f, setF, currency }) {
  return (
    <>
      <label for="exp-amount">{t('pay.amount', { c: currency })}</label>
      <input id="exp-amount" inputMode="decimal" autocomplete="off" value={f.amount} onInput={(e) => setF({ ...f, amount: e.currentTarget.value })} />
      <label for="exp-note">{t('pay.note')}</label>
      <input id="exp-note" maxLength={500} value={f.note} onInput={(e) => setF({ ...f, note: e.currentTarget.value })} />
      <label for="exp-receipt">{t('pay.receipt')}</label>
      <input id="exp-receipt" type="file" accept="image/*" capture="environment" onChange={(e) => setF({ ...f, file: e.currentTarget.files?.[0] || null })} />
    </>
  );
}

function AddExpense({ visitId, currency, title, online, onQueued }) {
  const [f, setF] = useState({ amount: '', note: '', file: null });
  const [state, setState] = useState({ busy: false, err: '', ok: '' });
  const submit = async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const amount = parseAmount(f.amount, currency);
    if (amount === null) return setState({ busy: false, err: t('pay.bad_amount'), ok: '' });
    if (!f.file) return setState({ busy: false, err: t('pay.receipt_required'), ok: '' });
    setState({ busy: true, err: '', ok: '' });
    try {
      const photo = await processPhoto(f.file);
      const body = { amount_minor: amount, currency, note: f.note.trim(), receipt_sha256: photo.sha256 };
      await recordExpense({ visitId, body, photo, title: title(amount) });
      setF({ amount: '', note: '', file: null });
      form.reset?.();
      setState({ busy: false, err: '', ok: t(online ? 'pay.saved_sending' : 'pay.saved_offline') });
      onQueued();
    } catch (e) {
      setState({ busy: false, err: e.message || String(e), ok: '' });
    }
  };
  return (
    <form class="card expense-form" onSubmit={submit} novalidate>
      {!online && <p class="note">{t('pay.offline_queue')}</p>}
      <ExpenseFields f={f} setF={setF} currency={currency} />
      {state.err && (
        <p class="field-error" role="alert">
          {state.err}
        </p>
      )}
      {state.ok && <p role="status">{state.ok}</p>}
      <button type="submit" class="btn btn-primary" disabled={state.busy}>
        {state.busy ? t('pay.adding') : t('pay.add')}
      </button>
    </form>
  );
}

/** The visit's pay detail: `fresh` when the caller loaded it, else the phone's copy refreshed when online. */
function useDetail(visitId, fresh, userId, online, reloadKey) {
  const [cached, setCached] = useState(null);
  useEffect(() => {
    if (fresh || userId == null) return undefined;
    let live = true;
    (async () => {
      const mine = (await db.getCachedVisitPay(userId))[visitId] || null;
      if (live && mine) setCached(mine);
      if (!online) return;
      try {
        const detail = { ...(await api.visitPay(visitId)), fetchedAt: Date.now() };
        await db.cacheVisitPay(userId, { [visitId]: detail });
        if (live) setCached(detail);
      } catch {
        // offline or refused: the phone's copy stays
      }
    })();
    return () => {
      live = false;
    };
  }, [visitId, !!fresh, userId, online, reloadKey]);
  const [freshAt] = useState(() => Date.now());
  return fresh ? { ...fresh, fetchedAt: fresh.fetchedAt ?? freshAt } : cached;
}

/** A key for reading the server's list again, and `bump` to change it (through `reload`
 * when the caller loads the detail): bumped when an acknowledged expense leaves the outbox. */
function useReloadKey(localCount, reload) {
  const seen = useRef(localCount);
  const [key, setKey] = useState(0);
  const bump = () => (reload ? reload() : setKey((k) => k + 1));
  useEffect(() => {
    if (localCount < seen.current) bump();
    seen.current = localCount;
  }, [localCount]);
  return [key, bump];
}

/** Delete an expense: one still on this phone leaves the outbox; one the server holds is
 * deleted there (online, while the visit is editable), then the list is read again. */
async function removeExpense(visitId, row, bump) {
  if (row.local) return discardItem(row.item);
  await request('DELETE', `/api/v1/me/visits/${visitId}/expenses/${row.expense.id}`);
  return bump();
}

/**
 * The expenses section of visit `visitId`. `fresh`: the server's pay detail when the caller
 * loaded it (Earnings), with `reload` to load it again; without it the section reads the
 * phone's copy (the field form, offline). `unitName`: for the outbox title.
 */
export function Expenses({ visitId, L, fresh = null, reload = null, unitName = null }) {
  const s = useStore();
  const userId = s.user?.id;
  const online = s.online !== false && navigator.onLine !== false;
  const [err, setErr] = useState('');
  const rowsNow = (detail) => expenseRows(detail?.expenses || [], s.outbox, visitId);
  const [reloadKey, bump] = useReloadKey(rowsNow(null).length, reload);
  const detail = useDetail(visitId, fresh, userId, online, reloadKey);
  const rows = rowsNow(detail);
  const returned = (s.assignments || []).find((a) => a.id === visitId)?.rejected?.submission_id ?? null;
  const lock = expenseLock({ outbox: s.outbox, receipts: s.receipts, visitId, detail, returned });
  const urls = usePhotoUrls(userId, rows.map((r) => r.expense.receipt_sha256).filter(Boolean));
  const currency = detail?.pay?.currency || DEFAULT_CURRENCY;
  const unit = unitName || tx(detail?.pay?.unit?.name, L) || `#${visitId}`;
  const title = (minor) => t('pay.outbox_title', { a: formatMoney(minor, currency, L), u: unit });

  const remove = (row) => {
    setErr('');
    removeExpense(visitId, row, bump).catch((x) => setErr(x.message));
  };
  const canDelete = (row) => (row.local ? row.item.state !== 'sending' : !lock && online && detail?.editable !== false);
  const queued = () => flush().then(bump);
  return (
    <section class="expenses" aria-labelledby="exp-title">
      <h3 id="exp-title">{t('pay.expenses')}</h3>
      {rows.length === 0 && <p class="empty">{t('pay.no_expenses')}</p>}
      <ul class="expense-list">
        {rows.map((row) => (
          <ExpenseRow key={row.expense.id} row={row} L={L} url={urls[row.expense.receipt_sha256]} canDelete={canDelete(row)} onDelete={remove} />
        ))}
      </ul>
      {err && (
        <p class="field-error" role="alert">
          {err}
        </p>
      )}
      {lock ? <p class="hint">{t(lock === 'report_queued' ? 'pay.locked_local' : 'pay.locked')}</p> : <AddExpense visitId={visitId} currency={currency} title={title} online={online} onQueued={queued} />}
    </section>
  );
}
