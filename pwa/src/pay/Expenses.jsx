// A visit's expenses on the shopper's phone: each with its receipt photo; while the visit
// is editable, a form records a new one: the photo goes through the same pipeline as the
// visit's photos (downscaled, hashed, PUT /attachments/{sha256}), then the expense is posted
// with a client UUID (a retry stores it once). Online only: offline it says so.
import { useState } from 'preact/hooks';
import { api, request } from '../api.js';
import { processPhoto } from '../form/photo.js';
import { newUuid } from '../uuid.js';
import { t } from './i18n.js';
import { formatMoney, parseAmount } from './money.js';

function ExpenseRow({ e, L, editable, onDelete }) {
  return (
    <li class="expense">
      <img src={`/api/v1/attachments/${e.receipt_sha256}/thumb`} alt={t('pay.receipt_alt', { n: e.note || formatMoney(e.amount_minor, e.currency, L) })} width="72" height="72" loading="lazy" />
      <span class="expense-text">
        <strong>{formatMoney(e.amount_minor, e.currency, L)}</strong>
        {e.note && <span> · {e.note}</span>}
      </span>
      {editable && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => onDelete(e)}>
          {t('pay.delete')}
        </button>
      )}
    </li>
  );
}

async function save(visitId, currency, f) {
  const photo = await processPhoto(f.file);
  await api.putAttachment(photo.sha256, photo.blob, photo.type);
  const body = { id: newUuid(), amount_minor: parseAmount(f.amount, currency), currency, note: f.note.trim(), receipt_sha256: photo.sha256 };
  return request('POST', `/api/v1/me/visits/${visitId}/expenses`, { json: body });
}

function AddExpense({ visitId, currency, onDone }) {
  const [f, setF] = useState({ amount: '', note: '', file: null });
  const [state, setState] = useState({ busy: false, err: '', ok: '' });
  const online = navigator.onLine !== false;
  const submit = async (ev) => {
    ev.preventDefault();
    if (!online) return setState({ busy: false, err: t('pay.offline'), ok: '' });
    if (parseAmount(f.amount, currency) === null) return setState({ busy: false, err: t('pay.bad_amount'), ok: '' });
    if (!f.file) return setState({ busy: false, err: t('pay.receipt_required'), ok: '' });
    setState({ busy: true, err: '', ok: '' });
    try {
      await save(visitId, currency, f);
      setF({ amount: '', note: '', file: null });
      ev.target.reset?.();
      setState({ busy: false, err: '', ok: t('pay.saved') });
      onDone();
    } catch (e) {
      setState({ busy: false, err: e.message || t('pay.offline'), ok: '' });
    }
  };
  return (
    <form class="card expense-form" onSubmit={submit} novalidate>
      {!online && <p class="note">{t('pay.offline')}</p>}
      <label for="exp-amount">{t('pay.amount', { c: currency })}</label>
      <input id="exp-amount" inputMode="decimal" autocomplete="off" value={f.amount} onInput={(e) => setF({ ...f, amount: e.currentTarget.value })} />
      <label for="exp-note">{t('pay.note')}</label>
      <input id="exp-note" maxLength={500} value={f.note} onInput={(e) => setF({ ...f, note: e.currentTarget.value })} />
      <label for="exp-receipt">{t('pay.receipt')}</label>
      <input id="exp-receipt" type="file" accept="image/*" capture="environment" onChange={(e) => setF({ ...f, file: e.currentTarget.files?.[0] || null })} />
      {state.err && <p class="field-error" role="alert">{state.err}</p>}
      {state.ok && <p role="status">{state.ok}</p>}
      <button type="submit" class="btn btn-primary" disabled={state.busy || !online}>
        {state.busy ? t('pay.adding') : t('pay.add')}
      </button>
    </form>
  );
}

export function Expenses({ id, data, L, onChange }) {
  const [err, setErr] = useState('');
  const remove = async (e) => {
    try {
      await request('DELETE', `/api/v1/me/visits/${id}/expenses/${e.id}`);
      onChange();
    } catch (x) {
      setErr(x.message);
    }
  };
  return (
    <section class="expenses" aria-labelledby="exp-title">
      <h3 id="exp-title">{t('pay.expenses')}</h3>
      {data.expenses.length === 0 && <p class="empty">{t('pay.no_expenses')}</p>}
      <ul class="expense-list">
        {data.expenses.map((e) => (
          <ExpenseRow key={e.id} e={e} L={L} editable={data.editable} onDelete={remove} />
        ))}
      </ul>
      {err && <p class="field-error" role="alert">{err}</p>}
      {data.editable ? <AddExpense visitId={id} currency={data.pay.currency} onDone={onChange} /> : <p class="hint">{t('pay.locked')}</p>}
    </section>
  );
}
