// After a complaint (the lowest rating on a shown question) the customer may leave a phone
// number or e-mail for a follow-up call (issue 14 §2): voluntary, only with the consent box
// ticked, posted apart from the answers. Without consent nothing is sent or stored.
import { useState } from 'preact/hooks';
import { register, t } from '../i18n/index.js';
import { scaleOf, visibleQuestions } from '../form/model.js';

register(import.meta.glob('../i18n/*/contact.js', { eager: true }));

/** Whether the sent answers hold a complaint: a shown rating at the bottom of its scale. */
export function isComplaint(def, payload) {
  if (!def || !payload) return false;
  const answers = payload.answers || {};
  return visibleQuestions(def, answers, payload.na || []).some((q) => q.type === 'rating' && answers[q.id] === scaleOf(q, def).min);
}

function Field({ id, label, type = 'text', value, set, autocomplete }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type={type} autocomplete={autocomplete} value={value} onInput={(e) => set(e.currentTarget.value)} />
    </div>
  );
}

function useContact(url, L) {
  const [state, setState] = useState({ busy: false, error: '', sent: false });
  const send = async (f) => {
    if (!f.consent) return setState({ ...state, error: t('contact.need_consent') });
    if (!f.phone.trim() && !f.email.trim()) return setState({ ...state, error: t('contact.need_way') });
    setState({ busy: true, error: '', sent: false });
    const body = { consent: true, name: f.name.trim() || null, phone: f.phone.trim() || null, email: f.email.trim() || null, locale: L };
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': L }, body: JSON.stringify(body), credentials: 'omit' }).catch(() => null);
    const data = res ? await res.json().catch(() => null) : null;
    const ok = res && (res.ok || data?.error?.code === 'duplicate');
    return setState({ busy: false, sent: !!ok, error: ok ? '' : data?.error?.message || t('contact.failed') });
  };
  return [state, send];
}

export function Contact({ token, responseId, L }) {
  const [f, setF] = useState({ name: '', phone: '', email: '', consent: false });
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const url = `/api/v1/public/links/${encodeURIComponent(token)}/responses/${encodeURIComponent(responseId)}/contact`;
  const [state, send] = useContact(url, L);
  if (state.sent) return <p class="card" role="status">{t('contact.sent')}</p>;
  return (
    <form class="card contact-offer" onSubmit={(e) => { e.preventDefault(); send(f); }} noValidate>
      <h2>{t('contact.offer')}</h2>
      <p class="small">{t('contact.voluntary')}</p>
      <Field id="ct-name" label={t('contact.name')} value={f.name} set={set('name')} autocomplete="name" />
      <Field id="ct-phone" label={t('contact.phone')} type="tel" value={f.phone} set={set('phone')} autocomplete="tel" />
      <Field id="ct-email" label={t('contact.email')} type="email" value={f.email} set={set('email')} autocomplete="email" />
      <label class="consent">
        <input id="ct-consent" type="checkbox" checked={f.consent} onChange={(e) => set('consent')(e.currentTarget.checked)} /> {t('contact.consent')}
      </label>
      {state.error && <p class="field-error" role="alert">{state.error}</p>}
      <button type="submit" class="btn btn-primary" disabled={state.busy}>{t('contact.send')}</button>
    </form>
  );
}
