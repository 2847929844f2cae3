// The customer form at /c/<token>: no account, bilingual, one page, a
// thank-you screen. The response UUID is made once per filled form and kept
// in sessionStorage with the answers, so a double tap, a retry after a lost
// answer or a reload sends the same response, which the server stores once.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../styles.css';
import { HttpError } from '../errors.js';
import { languages, nextLanguage, register, setLanguage, t, tx } from '../i18n/index.js';
import { Question } from '../form/Renderer.jsx';
import { cleanAnswers, missingRequired, visibleQuestions } from '../form/model.js';
import { newUuid } from '../uuid.js';
import { Contact, isComplaint } from './Contact.jsx';
import { deviceToken, pickLocale, repeatBlocked } from './policy.js';
import { AlreadyAnswered, Thanks } from './Notice.jsx';

register(import.meta.glob('../i18n/*/customer.js', { eager: true }));

const token = decodeURIComponent(location.pathname.replace(/^\/c\//, '').replace(/\/$/, ''));
const KEY = `customer:${token}`;
const ANSWERED = `customer:answered:${token}`;
const local = (k) => {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
};
const browserLocale = (linkLocale) => pickLocale(local('customer:locale'), navigator.languages || [navigator.language], languages(), linkLocale);

function fresh() {
  return { id: newUuid(), answers: {}, na: [], startedAt: new Date().toISOString(), done: false, payload: null };
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || fresh();
  } catch {
    return fresh();
  }
}

// `locale` goes out as Accept-Language so error messages come back in the page's language.
async function call(method, path, json, locale) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale };
  if (json) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: json ? JSON.stringify(json) : undefined,
    credentials: 'omit',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, data);
  return data;
}

function Page({ header, children }) {
  return (
    <>
      {header}
      <main class="customer">{children}</main>
    </>
  );
}

function Header({ switchLang, L }) {
  return (
    <header class="top">
      <span class="brand">{t('customer.title')}</span>
      <button type="button" class="btn btn-small btn-ghost" lang={nextLanguage(L)} aria-label={t('common.lang_switch_label')} onClick={switchLang}>
        {t('common.lang_switch')}
      </button>
    </header>
  );
}

/** The link (undefined while loading, null when unknown, {error} when unreachable). */
function useLink() {
  const [link, setLink] = useState(undefined);
  useEffect(() => {
    const locale = browserLocale(null);
    call('GET', `/api/v1/public/links/${encodeURIComponent(token)}`, undefined, locale)
      .then(setLink)
      .catch((e) => setLink(e instanceof HttpError && e.status === 404 ? null : { error: e }));
  }, []);
  return [link, setLink];
}

/** The page language: the one chosen here, else the browser's, else the link's. */
function usePageLocale(link) {
  const [locale, setLocale] = useState(null);
  const L = locale || browserLocale(link?.locale);
  setLanguage(L);
  useEffect(() => {
    document.documentElement.lang = L;
  }, [L]);
  const switchLang = () => {
    const next = nextLanguage(L);
    try {
      localStorage.setItem('customer:locale', next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setLocale(next);
  };
  return [L, switchLang];
}

/** The exact body is kept so a retry resends identical content under the same id. */
function payloadOf(state, def, link, persist) {
  if (state.payload) return state.payload;
  const { answers, na } = cleanAnswers(def, state.answers, state.na);
  const now = new Date().toISOString();
  const payload = { id: state.id, form_version_id: link.form_version_id, answers, na, started_at: state.startedAt, completed_at: now, device_time: now };
  const device = deviceToken(localStorage, newUuid);
  if (device) payload.device = device;
  persist({ ...state, payload });
  return payload;
}

/** This device answered now (the page then follows the link's repeat policy). */
function remember() {
  try {
    localStorage.setItem(ANSWERED, new Date().toISOString());
  } catch {
    // storage blocked: the server still applies the policy
  }
}

/** Sending the response: first point at what is missing, then POST (same id on retry). */
function useSubmit({ def, link, setLink, state, persist, L }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [showMissing, setShowMissing] = useState(false);
  const missing = def ? missingRequired(def, state.answers, state.na) : [];
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (missing.length) {
      setShowMissing(true);
      document.getElementById(`q-${missing[0].q.id}`)?.focus();
      return;
    }
    setBusy(true);
    setError('');
    const payload = payloadOf(state, def, link, persist);
    try {
      await call('POST', `/api/v1/public/links/${encodeURIComponent(token)}/responses`, payload, L);
      remember();
      persist({ ...state, payload, done: true });
    } catch (err) {
      if (err instanceof HttpError && err.code === 'already_responded') persist({ ...state, payload: null, blocked: err.details.policy || 'daily' });
      else if (err instanceof HttpError && err.status === 409) persist({ ...state, payload, done: true });
      else if (err instanceof HttpError && err.status === 404) setLink(null);
      else if (err instanceof HttpError && err.status < 500 && err.status !== 429) setError(t('common.error.generic', { m: err.message }));
      else setError(t('customer.retry'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, showMissing, missing, submit };
}

function MissingList({ missing, L }) {
  return (
    <div class="card review" role="alert">
      <h2>{t('form.missing_title')}</h2>
      <ol class="missing-list">
        {missing.map(({ q }) => (
          <li key={q.id}><a href={`#q-${q.id}`}>{tx(q.label, L)}</a></li>
        ))}
      </ol>
    </div>
  );
}

/** Every section with shown questions; its title only when the form has several. */
function Sections({ def, state, L, onAnswer, onNa, missingIds }) {
  return (def.sections || []).map((s, si) => {
    const qs = visibleQuestions(def, state.answers, state.na, si);
    if (!qs.length) return null;
    return (
      <section key={s.id}>
        {def.sections.length > 1 && <h2 class="section-title">{tx(s.title, L)}</h2>}
        {qs.map((q) => (
          <Question key={q.id} q={q} def={def} value={state.answers[q.id]} na={state.na.includes(q.id)} locale={L} relationship="customer" onAnswer={onAnswer} onNa={onNa} missing={missingIds.has(q.id)} />
        ))}
      </section>
    );
  });
}

function answerEditor(state, persist) {
  const onAnswer = (qid, v) => {
    const answers = { ...state.answers };
    if (v == null) delete answers[qid];
    else answers[qid] = v;
    persist({ ...state, answers, payload: null });
  };
  const onNa = (qid, on) => {
    const na = new Set(state.na);
    on ? na.add(qid) : na.delete(qid);
    persist({ ...state, na: [...na], payload: null });
  };
  return { onAnswer, onNa };
}

function ResponseForm({ link, state, persist, L, send }) {
  const def = link.definition;
  const { onAnswer, onNa } = answerEditor(state, persist);
  const about = link.subject ? [link.subject.name, link.subject.job_title].filter(Boolean).join(' · ') : tx(link.unit?.name, L);
  const missingIds = send.showMissing ? new Set(send.missing.map((m) => m.q.id)) : new Set();
  return (
    <>
      <h1 class="form-title">{tx(def.title, L)}</h1>
      {/* A public title or the unit's name: never the campaign's internal name. */}
      <p class="muted">
        {tx(link.title, L)}
        {about && <><br />{t('customer.about', { name: about })}</>}
      </p>
      {def.description && <p>{tx(def.description, L)}</p>}
      <form onSubmit={send.submit} noValidate>
        <Sections def={def} state={state} L={L} onAnswer={onAnswer} onNa={onNa} missingIds={missingIds} />
        {send.showMissing && send.missing.length > 0 && <MissingList missing={send.missing} L={L} />}
        {send.error && <p class="field-error" role="alert">{send.error}</p>}
        <button class="btn btn-primary wide-btn" type="submit" disabled={send.busy}>{send.busy ? t('common.syncing') : t('form.submit')}</button>
      </form>
    </>
  );
}

function CustomerForm() {
  const [state, setState] = useState(load);
  const [link, setLink] = useLink();
  const persist = (next) => {
    setState(next);
    sessionStorage.setItem(KEY, JSON.stringify(next));
  };
  const [L, switchLang] = usePageLocale(link);
  const send = useSubmit({ def: link?.definition, link, setLink, state, persist, L });
  const header = <Header switchLang={switchLang} L={L} />;
  if (link === undefined) return <Page header={header}><p class="muted">{t('common.loading')}</p></Page>;
  if (link === null) return <Page header={header}><p class="empty">{t('customer.invalid_link')}</p></Page>;
  if (link.error)
    return (
      <Page header={header}>
        <p class="field-error" role="alert">{t('customer.retry')}</p>
        <button type="button" class="btn btn-primary" onClick={() => location.reload()}>{t('common.retry')}</button>
      </Page>
    );
  if (state.done)
    return (
      <Page header={header}>
        <Thanks again={link.repeat_policy === 'unlimited' ? () => persist(fresh()) : null} />
        {isComplaint(link.definition, state.payload) && <Contact token={token} responseId={state.id} L={L} />}
      </Page>
    );
  const blocked = state.blocked || repeatBlocked(link.repeat_policy, local(ANSWERED));
  if (blocked) return <Page header={header}><AlreadyAnswered why={blocked} /></Page>;
  return <Page header={header}><ResponseForm link={link} state={state} persist={persist} L={L} send={send} /></Page>;
}

render(<CustomerForm />, document.getElementById('app'));
