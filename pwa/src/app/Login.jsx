import { useState } from 'preact/hooks';
import { t } from './i18n.js';
import { HttpError, NetworkError } from '../api.js';
import { login, useStore } from './controller.js';

/** Sign-in form; also the re-login screen when a session expired with items waiting. */
export function Login({ onDone }) {
  const s = useStore();
  const L = s.locale;
  const known = s.user || s.expiredUser;
  const [email, setEmail] = useState(known?.email || '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const relogin = s.authNeeded || !!s.expiredUser;

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(email.trim(), password);
      setPassword('');
      onDone?.();
    } catch (err) {
      if (err instanceof NetworkError) setError(t('field.login.offline'));
      else if (err instanceof HttpError && err.status === 429)
        setError(t('field.login.too_many_attempts', { s: Math.ceil((err.retryAfterMs || 60000) / 1000) }));
      else if (err instanceof HttpError && err.status === 401) setError(t('field.login.invalid_credentials'));
      else setError(t('common.error.generic', { m: err.message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card login" onSubmit={submit} noValidate>
      <h1>{relogin ? t('field.login.relogin_title') : t('field.login.title')}</h1>
      {relogin && s.unsent > 0 && <p class="note">{t('field.login.relogin_hint', { n: s.unsent })}</p>}
      {!s.online && <p class="note">{t('field.login.offline')}</p>}
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
