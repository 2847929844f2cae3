// Sending a move: a busy flag and the error in words (no connection, or the server's text).
import { useState } from 'preact/hooks';
import { NetworkError } from '../api.js';
import { t } from '../i18n/index.js';

/** What went wrong, in words: no connection, or the server's own message. */
export function problem(e) {
  return e instanceof NetworkError ? t('actions.needs_connection') : e?.message || String(e);
}

/** Run `fn` with a busy flag and an error text. */
export function useSend() {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const run = async (fn) => {
    setBusy(true);
    setErr('');
    try {
      await fn();
    } catch (e) {
      setErr(problem(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, err, setErr, run };
}
