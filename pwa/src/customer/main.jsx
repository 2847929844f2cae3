// The customer form at /c/<token>: no account, bilingual, one page, a
// thank-you screen. The response UUID is made once per filled form and kept
// in sessionStorage with the answers, so a double tap, a retry after a lost
// answer or a reload sends the same response, which the server stores once.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../styles.css';
import { HttpError } from '../errors.js';
import { defaultLocale, nextLanguage, register, setLanguage, t, tx } from '../i18n/index.js';
import { Question } from '../form/Renderer.jsx';
import { cleanAnswers, missingRequired, visibleQuestions } from '../form/model.js';
import { newUuid } from '../uuid.js';

register(import.meta.glob('../i18n/*/customer.js', { eager: true }));

const token = decodeURIComponent(location.pathname.replace(/^\/c\//, '').replace(/\/$/, ''));
const KEY = `customer:${token}`;

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

function CustomerForm() {
  const [link, setLink] = useState(undefined);
  const [state, setState] = useState(load);
  const [locale, setLocale] = useState(sessionStorage.getItem('customer:locale') || null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [showMissing, setShowMissing] = useState(false);

  useEffect(() => {
    call('GET', `/api/v1/public/links/${encodeURIComponent(token)}`, undefined, locale || defaultLocale())
      .then(setLink)
      .catch((e) => setLink(e instanceof HttpError && e.status === 404 ? null : { error: e }));
  }, []);

  const L = locale || link?.locale || defaultLocale();
  setLanguage(L);
  useEffect(() => {
    document.documentElement.lang = L;
  }, [L]);
  const persist = (next) => {
    setState(next);
    sessionStorage.setItem(KEY, JSON.stringify(next));
  };
  const switchLang = () => {
    const next = nextLanguage(L);
    sessionStorage.setItem('customer:locale', next);
    setLocale(next);
  };

  const header = (
    <header class="top">
      <span class="brand">{t('customer.title')}</span>
      <button type="button" class="btn btn-small btn-ghost" aria-label={t('common.lang_switch_label')} onClick={switchLang}>
        {t('common.lang_switch')}
      </button>
    </header>
  );
  if (link === undefined) return <>{header}<main class="customer"><p class="muted">{t('common.loading')}</p></main></>;
  if (link === null) return <>{header}<main class="customer"><p class="empty">{t('customer.invalid_link')}</p></main></>;
  if (link.error)
    return (
      <>
        {header}
        <main class="customer">
          <p class="field-error" role="alert">{t('customer.retry')}</p>
          <button type="button" class="btn btn-primary" onClick={() => location.reload()}>{t('common.retry')}</button>
        </main>
      </>
    );

  const def = link.definition;
  if (state.done)
    return (
      <>
        {header}
        <main class="customer">
          <div class="card done" role="status">
            <h1>{t('customer.thanks')}</h1>
            <p>{t('customer.thanks_body')}</p>
            <button type="button" class="btn btn-secondary" onClick={() => persist(fresh())}>{t('customer.another')}</button>
          </div>
        </main>
      </>
    );

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
  const missing = missingRequired(def, state.answers, state.na);
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
    // The exact body is kept so a retry resends identical content under the same id.
    let payload = state.payload;
    if (!payload) {
      const { answers, na } = cleanAnswers(def, state.answers, state.na);
      const now = new Date().toISOString();
      payload = { id: state.id, form_version_id: link.form_version_id, answers, na, started_at: state.startedAt, completed_at: now, device_time: now };
      persist({ ...state, payload });
    }
    try {
      await call('POST', `/api/v1/public/links/${encodeURIComponent(token)}/responses`, payload, L);
      persist({ ...state, payload, done: true });
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) persist({ ...state, payload, done: true });
      else if (err instanceof HttpError && err.status === 404) setLink(null);
      else if (err instanceof HttpError && err.status < 500 && err.status !== 429) setError(t('common.error.generic', { m: err.message }));
      else setError(t('customer.retry'));
    } finally {
      setBusy(false);
    }
  };
  const about = link.subject ? [link.subject.name, link.subject.job_title].filter(Boolean).join(' · ') : tx(link.unit?.name, L);
  const missingIds = new Set(missing.map((m) => m.q.id));
  return (
    <>
      {header}
      <main class="customer">
        <h1 class="form-title">{tx(def.title, L)}</h1>
        <p class="muted">
          {tx(link.campaign?.name, L)}
          {about && <><br />{t('customer.about', { name: about })}</>}
        </p>
        {def.description && <p>{tx(def.description, L)}</p>}
        <form onSubmit={submit} noValidate>
          {(def.sections || []).map((s, si) => {
            const qs = visibleQuestions(def, state.answers, state.na, si);
            if (!qs.length) return null;
            return (
              <section key={s.id}>
                {def.sections.length > 1 && <h2 class="section-title">{tx(s.title, L)}</h2>}
                {qs.map((q) => (
                  <Question key={q.id} q={q} def={def} value={state.answers[q.id]} na={state.na.includes(q.id)} locale={L} relationship="customer" onAnswer={onAnswer} onNa={onNa} missing={showMissing && missingIds.has(q.id)} />
                ))}
              </section>
            );
          })}
          {showMissing && missing.length > 0 && (
            <div class="card review" role="alert">
              <h2>{t('form.missing_title')}</h2>
              <ol class="missing-list">
                {missing.map(({ q }) => (
                  <li key={q.id}><a href={`#q-${q.id}`}>{tx(q.label, L)}</a></li>
                ))}
              </ol>
            </div>
          )}
          {error && <p class="field-error" role="alert">{error}</p>}
          <button class="btn btn-primary wide-btn" type="submit" disabled={busy}>{busy ? t('common.syncing') : t('form.submit')}</button>
        </form>
      </main>
    </>
  );
}

render(<CustomerForm />, document.getElementById('app'));
