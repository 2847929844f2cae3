// The API tokens tab (admins; issue 17 §1): create a token (its secret shown once, with a
// copy button), list tokens (name, scopes, created, expires, last used, state) and revoke
// them. Words from the "tokens" namespace; rules in ../tokens.js.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t } from '../../i18n/index.js';
import { get, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { EXPIRY_DAYS, SCOPES, TOKEN_EP, tokenBody, tokenFormErrors, tokenState, toggleScope } from '../tokens.js';

/** The new token's secret, shown this once, with a copy button. */
function Secret({ secret, onDone }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('tokens.copied');
    } catch {
      setCopied('tokens.copy_failed');
    }
  };
  return (
    <div class="card" role="alert">
      <h3>{t('tokens.secret_title')}</h3>
      <p>{t('tokens.secret_once')}</p>
      <p>
        <code class="token-secret" data-testid="token-secret">
          {secret}
        </code>
      </p>
      <p>
        <button type="button" class="btn btn-primary" onClick={copy}>
          {t('tokens.copy')}
        </button>{' '}
        <button type="button" class="btn btn-secondary" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </p>
      {copied && <p role="status">{t(copied)}</p>}
    </div>
  );
}

function ScopeChoice({ scopes, chosen, onToggle, error }) {
  return (
    <fieldset aria-describedby={error ? 'tok-scopes-err' : undefined}>
      <legend>{t('tokens.scopes')}</legend>
      {scopes.map((s) => (
        <label key={s} class="check">
          <input type="checkbox" name="scope" value={s} checked={chosen.includes(s)} onChange={() => onToggle(s)} /> <code>{s}</code> {t(`tokens.scope.${s}`)}
        </label>
      ))}
      {error && (
        <p class="field-error" id="tok-scopes-err">
          {t(error)}
        </p>
      )}
    </fieldset>
  );
}

const EMPTY = { name: '', scopes: [], days: 90 };

/** Sending the form: its field errors, the server's error text and whether it is busy. */
function useCreate(onCreated) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState({});
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const found = tokenFormErrors(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setErr('');
    try {
      const res = await post(TOKEN_EP.list, tokenBody(form));
      setForm(EMPTY);
      onCreated(res.secret);
    } catch (ex) {
      setErr(t('tokens.error', { m: ex.message }));
    } finally {
      setBusy(false);
    }
  };
  return { form, setForm, errors, err, busy, submit };
}

function NameField({ value, error, onInput }) {
  return (
    <>
      <label for="tok-name">{t('tokens.name')}</label>
      <input id="tok-name" maxLength={100} value={value} aria-describedby="tok-name-hint" onInput={(e) => onInput(e.currentTarget.value)} />
      <p class="hint" id="tok-name-hint">
        {error ? <span class="field-error">{t(error)}</span> : t('tokens.name_hint')}
      </p>
    </>
  );
}

/** The creation form; `onCreated(secret)` once the server answered. */
function NewToken({ scopes, onCreated }) {
  const { form, setForm, errors, err, busy, submit } = useCreate(onCreated);
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h3>{t('tokens.new')}</h3>
      <NameField value={form.name} error={errors.name} onInput={(name) => setForm({ ...form, name })} />
      <ScopeChoice scopes={scopes} chosen={form.scopes} error={errors.scopes} onToggle={(s) => setForm({ ...form, scopes: toggleScope(form.scopes, s) })} />
      <label for="tok-days">{t('tokens.expires_in')}</label>
      <select id="tok-days" value={form.days} onChange={(e) => setForm({ ...form, days: Number(e.currentTarget.value) })}>
        {EXPIRY_DAYS.map((d) => (
          <option key={d} value={d}>
            {t('tokens.days', { n: d })}
          </option>
        ))}
      </select>
      <p>
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('tokens.creating') : t('tokens.create')}
        </button>
      </p>
      <Alert text={err} />
    </form>
  );
}

function TokenRow({ tok, L, onRevoke, busy }) {
  const state = tokenState(tok);
  return (
    <tr>
      <td>
        {tok.name} <span class="small muted">svt_{tok.prefix}_…</span>
      </td>
      <td>{tok.scopes.join(', ')}</td>
      <td>{fmtDate(tok.created_at, L)}</td>
      <td>{fmtDate(tok.expires_at, L)}</td>
      <td>{tok.last_used_at ? fmtDate(tok.last_used_at, L) : t('tokens.never')}</td>
      <td>{t(`tokens.state.${state}`)}</td>
      <td>
        {state === 'active' && (
          <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => onRevoke(tok)}>
            {t('tokens.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}

function TokenList({ tokens, L, onRevoke, busy }) {
  if (tokens.length === 0) return <p class="empty">{t('tokens.none')}</p>;
  const head = ['name', 'scopes', 'created', 'expires', 'last_used', 'state'].map((c) => t(`tokens.col.${c}`));
  return (
    <Table head={[...head, '']} label={t('tokens.list')}>
      {tokens.map((tok) => (
        <TokenRow key={tok.id} tok={tok} L={L} busy={busy === tok.id} onRevoke={onRevoke} />
      ))}
    </Table>
  );
}

function useRevoke(reload) {
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(null);
  const revoke = async (tok) => {
    if (!confirm(t('tokens.revoke_confirm', { name: tok.name }))) return;
    setBusy(tok.id);
    setErr('');
    try {
      await post(TOKEN_EP.revoke(tok.id));
      reload();
    } catch (ex) {
      setErr(t('tokens.error', { m: ex.message }));
    } finally {
      setBusy(null);
    }
  };
  return { err, busy, revoke };
}

export function ApiTokens({ L }) {
  const s = useLoad(() => get(TOKEN_EP.list));
  const [secret, setSecret] = useState('');
  const { err, busy, revoke } = useRevoke(() => s.reload());
  const created = (value) => {
    setSecret(value);
    s.reload();
  };
  return (
    <section class="api-tokens">
      <h2>{t('tokens.title')}</h2>
      <p class="hint">{t('tokens.intro')}</p>
      {secret && <Secret secret={secret} onDone={() => setSecret('')} />}
      <NewToken scopes={s.data?.scopes || SCOPES} onCreated={created} />
      <h3>{t('tokens.list')}</h3>
      <Status state={s} />
      <Alert text={err} />
      {s.data && <TokenList tokens={s.data.tokens} L={L} onRevoke={revoke} busy={busy} />}
    </section>
  );
}
