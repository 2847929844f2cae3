// "Forgot password?" (#/forgot: ask for a link by mail) and the page the mailed link opens
// (#/reset?token=…[&kind=invitation]: choose a password). Both work signed out; the token
// stays in the URL fragment, which browsers never send to a server.
import { useState } from 'preact/hooks';
import { t } from './i18n.js';
import { api, HttpError, NetworkError } from '../api.js';

const MIN_PASSWORD = 10;

function problem(err) {
  if (err instanceof NetworkError) return t('field.reset.offline');
  if (err instanceof HttpError && err.status === 429)
    return t('field.login.too_many_attempts', { s: Math.ceil((err.retryAfterMs || 60000) / 1000) });
  if (err instanceof HttpError && err.status === 410) return t('field.reset.link_invalid');
  if (err instanceof HttpError && err.code === 'weak_password') return t('field.reset.too_short', { n: MIN_PASSWORD });
  return t('common.error.generic', { m: err.message });
}

/** The query of the hash route: `#/reset?token=x` -> URLSearchParams. */
export function hashQuery(hash = location.hash) {
  const at = hash.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
}

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [state, setState] = useState({ busy: false, sent: false, error: '' });
  const submit = async (e) => {
    e.preventDefault();
    setState({ busy: true, sent: false, error: '' });
    try {
      await api.requestPasswordReset(email.trim());
      setState({ busy: false, sent: true, error: '' });
    } catch (err) {
      setState({ busy: false, sent: false, error: problem(err) });
    }
  };
  return (
    <form class="card login" onSubmit={submit} noValidate>
      <h1>{t('field.reset.forgot_title')}</h1>
      {state.sent ? (
        <p class="note" role="status">
          {t('field.reset.sent')}
        </p>
      ) : (
        <p class="muted">{t('field.reset.forgot_hint')}</p>
      )}
      <label for="reset-email">{t('field.login.email')}</label>
      <input id="reset-email" name="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      {state.error && (
        <p class="field-error" role="alert">
          {state.error}
        </p>
      )}
      <button class="btn btn-primary" type="submit" disabled={state.busy || !email.trim()}>
        {t('field.reset.send_link')}
      </button>
      <p>
        <a href="#/">{t('field.reset.back_to_sign_in')}</a>
      </p>
    </form>
  );
}

function ResetDone() {
  return (
    <div class="card login">
      <h1>{t('field.reset.done_title')}</h1>
      <p role="status">{t('field.reset.done')}</p>
      <a class="btn btn-primary" href="#/" onClick={(e) => (e.preventDefault(), location.replace('#/'))}>
        {t('field.login.sign_in')}
      </a>
    </div>
  );
}

/** Choosing the new password: length check first, then the one-time token is spent. */
function useReset(token, password, setPassword) {
  const [state, setState] = useState({ busy: false, done: false, error: '' });
  const submit = async (e) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setState({ busy: false, done: false, error: t('field.reset.too_short', { n: MIN_PASSWORD }) });
      return;
    }
    setState({ busy: true, done: false, error: '' });
    try {
      await api.confirmPasswordReset(token, password);
      setPassword('');
      setState({ busy: false, done: true, error: '' });
    } catch (err) {
      setState({ busy: false, done: false, error: problem(err) });
    }
  };
  return { state, submit };
}

function NewPassword({ password, setPassword }) {
  return (
    <>
      <label for="reset-password">{t('field.reset.new_password')}</label>
      <input
        id="reset-password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        minLength={MIN_PASSWORD}
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <p class="muted">{t('field.reset.too_short', { n: MIN_PASSWORD })}</p>
    </>
  );
}

export function ResetPassword() {
  const query = hashQuery();
  const token = query.get('token') || '';
  const invitation = query.get('kind') === 'invitation';
  const [password, setPassword] = useState('');
  const { state, submit } = useReset(token, password, setPassword);
  if (state.done) return <ResetDone />;
  return (
    <form class="card login" onSubmit={submit} noValidate>
      <h1>{invitation ? t('field.reset.welcome_title') : t('field.reset.title')}</h1>
      {!token && <p class="field-error">{t('field.reset.link_invalid')}</p>}
      <NewPassword password={password} setPassword={setPassword} />
      {state.error && (
        <p class="field-error" role="alert">
          {state.error}
        </p>
      )}
      <button class="btn btn-primary" type="submit" disabled={state.busy || !token || !password}>
        {t('field.reset.save')}
      </button>
      {state.error === t('field.reset.link_invalid') && (
        <p>
          <a href="#/forgot">{t('field.reset.ask_again')}</a>
        </p>
      )}
    </form>
  );
}
