import { useState } from 'preact/hooks';
import { t } from './i18n.js';
import { HttpError, NetworkError } from '../api.js';
import { login, useStore } from './controller.js';

/** Why signing in failed, in words. */
function loginError(err) {
  if (err instanceof NetworkError) return t('field.login.offline');
  if (err instanceof HttpError && err.status === 429)
    return t('field.login.too_many_attempts', { s: Math.ceil((err.retryAfterMs || 60000) / 1000) });
  if (err instanceof HttpError && err.status === 401) return t('field.login.invalid_credentials');
  return t('common.error.generic', { m: err.message });
}

function LoginHeading({ relogin, unsent, online }) {
  return (
    <>
      <h1>{relogin ? t('field.login.relogin_title') : t('field.login.title')}</h1>
      {relogin && unsent > 0 && <p class="note">{t('field.login.relogin_hint', { n: unsent })}</p>}
      {!online && <p class="note">{t('field.login.offline')}</p>}
    </>
  );
}

function Credentials({ email, setEmail, password, setPassword }) {
  return (
    <>
      <label for="login-email">{t('field.login.email')}</label>
      <input id="login-email" name="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <label for="login-password">{t('field.login.password')}</label>
      <input
        id="login-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
    </>
  );
}

/** The sign-in request: busy flag, error text in the UI language, submit handler. */
function useSignIn(email, password, setPassword, onDone) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(email.trim(), password);
      setPassword('');
      onDone?.();
    } catch (err) {
      setError(loginError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

/** Sign-in form; also the re-login screen when a session expired with items waiting. */
export function Login({ onDone }) {
  const s = useStore();
  const known = s.user || s.expiredUser;
  const [email, setEmail] = useState(known?.email || '');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSignIn(email, password, setPassword, onDone);
  const relogin = s.authNeeded || !!s.expiredUser;
  return (
    <form class="card login" onSubmit={submit} noValidate>
      <LoginHeading relogin={relogin} unsent={s.unsent} online={s.online} />
      <Credentials email={email} setEmail={setEmail} password={password} setPassword={setPassword} />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button class="btn btn-primary" type="submit" disabled={busy || !email || !password}>
        {busy ? t('field.login.signing_in') : t('field.login.sign_in')}
      </button>
      <p>
        <a href="#/forgot">{t('field.login.forgot')}</a>
      </p>
    </form>
  );
}
