// The webhooks tab (admins only, issue 17 §2): endpoints with their events, switch and last
// delivery; a form to add one (the signing secret is shown once); deliveries with their
// attempts (status code, response time, error), replay and re-enable; rotating an endpoint's
// secret (the new one shown once; the old one also signs until the grace window ends).
// API: /api/v1/admin/webhooks/... Words: the "webhooks" namespace (en, zh-CN).
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, register, t } from '../../i18n/index.js';
import { get, patch, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { canReplay, chosenEvents, statusClass, urlHint } from '../webhooks_logic.js';
import '../webhooks.css';

register(import.meta.glob('../../i18n/*/webhooks.js', { eager: true }));

const P = '/api/v1/admin/webhooks';
const kindText = (k) => t(`webhooks.kind.${k}`);
const stateText = (s) => (s ? t(`webhooks.state.${s}`) : '—');

function EventChoice({ all, picked, toggle }) {
  return (
    <fieldset class="wh-events">
      <legend>{t('webhooks.events')}</legend>
      {all.map((k) => (
        <label key={k}>
          <input type="checkbox" checked={picked.has(k)} onChange={() => toggle(k)} /> {kindText(k)}
        </label>
      ))}
    </fieldset>
  );
}

function useForm(all, onCreated) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setPicked] = useState(new Set(all));
  const [err, setErr] = useState('');
  const toggle = (k) => setPicked((s) => (s.has(k) ? new Set([...s].filter((x) => x !== k)) : new Set([...s, k])));
  const submit = (e) => {
    e.preventDefault();
    const hint = urlHint(url);
    const events = chosenEvents(all, picked);
    if (hint && hint !== 'local_only') return setErr(t(`webhooks.hint.${hint}`));
    if (!events.length) return setErr(t('webhooks.hint.events'));
    setErr('');
    post(`${P}/endpoints`, { url: url.trim(), description, events }).then(
      (made) => (setUrl(''), setDescription(''), onCreated(made)),
      (e2) => setErr(t('webhooks.error', { m: e2.message })),
    );
  };
  return { url, setUrl, description, setDescription, picked, toggle, err, submit };
}

function NewEndpoint({ all, onCreated }) {
  const f = useForm(all, onCreated);
  const hint = urlHint(f.url);
  return (
    <form class="wh-form" onSubmit={f.submit}>
      <h3>{t('webhooks.create')}</h3>
      <label>
        {t('webhooks.url')}
        <input type="url" value={f.url} onInput={(e) => f.setUrl(e.currentTarget.value)} required aria-describedby="wh-hint" />
      </label>
      {f.url && hint && <p class="small muted" id="wh-hint">{t(`webhooks.hint.${hint}`)}</p>}
      <label>
        {t('webhooks.description')}
        <input type="text" maxLength={200} value={f.description} onInput={(e) => f.setDescription(e.currentTarget.value)} />
      </label>
      <EventChoice all={all} picked={f.picked} toggle={f.toggle} />
      <Alert id="wh-err" text={f.err} />
      <button type="submit" class="btn btn-primary">{t('webhooks.create')}</button>
    </form>
  );
}

function SecretOnce({ made, L, onDone }) {
  return (
    <div class="wh-secret" role="alert">
      <h3>{t('webhooks.secret_title')}</h3>
      <p>{t('webhooks.secret_once')}</p>
      <p>
        <code>{made.secret}</code>
      </p>
      {made.previous_secret_until && <p>{t('webhooks.rotated_grace', { when: fmtDate(made.previous_secret_until, L) })}</p>}
      <button type="button" class="btn btn-secondary" onClick={onDone}>{t('webhooks.secret_done')}</button>
    </div>
  );
}

function EndpointRow({ e, L, onSwitch, onRotate }) {
  return (
    <tr>
      <td>
        <span class="wh-url">{e.url}</span>
        {e.description && <div class="small muted">{e.description}</div>}
      </td>
      <td>{e.events.map(kindText).join(', ')}</td>
      <td>
        {e.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
        {e.consecutive_failures > 0 && <div class="small muted">{t('webhooks.failures', { n: e.consecutive_failures })}</div>}
        {e.disabled_at && <div class="small muted">{fmtDate(e.disabled_at, L)}</div>}
        {e.previous_secret_until && (
          <div class="small muted">{t('webhooks.old_secret_until', { when: fmtDate(e.previous_secret_until, L) })}</div>
        )}
      </td>
      <td class={statusClass(e.last_status)}>
        {stateText(e.last_status)} {e.last_status_code ?? ''}
      </td>
      <td>
        <button type="button" class="btn btn-secondary" onClick={() => onSwitch(e)}>
          {e.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </button>{' '}
        <button type="button" class="btn btn-secondary" onClick={() => onRotate(e)}>
          {t('webhooks.rotate')}
        </button>
      </td>
    </tr>
  );
}

function Endpoints({ rows, L, onSwitch, onRotate }) {
  if (!rows.length) return <p class="empty">{t('webhooks.none')}</p>;
  const head = [t('webhooks.url'), t('webhooks.events'), t('webhooks.enabled'), t('webhooks.last'), ''];
  return (
    <Table head={head} label={t('webhooks.endpoints')}>
      {rows.map((e) => (
        <EndpointRow key={e.id} e={e} L={L} onSwitch={onSwitch} onRotate={onRotate} />
      ))}
    </Table>
  );
}

function lastAttempt(d) {
  const a = d.history[0];
  if (!a) return '—';
  const code = a.status_code ?? a.error ?? '';
  return `${code} · ${t('webhooks.ms', { n: a.duration_ms })}`;
}

function DeliveryRow({ d, endpoint, L, onReplay }) {
  return (
    <tr>
      <td>
        {kindText(d.event_type)}
        <div class="small muted">{d.event_key}</div>
      </td>
      <td class={statusClass(d.status)}>
        {stateText(d.status)}
        {d.next_attempt_at && <div class="small muted">{t('webhooks.next', { when: fmtDate(d.next_attempt_at, L) })}</div>}
      </td>
      <td>{d.attempts}</td>
      <td title={d.last_error || ''}>{lastAttempt(d)}</td>
      <td>{fmtDate(d.created_at, L)}</td>
      <td>
        {canReplay(d, endpoint) && (
          <button type="button" class="btn btn-secondary" onClick={() => onReplay(d)}>{t('webhooks.replay')}</button>
        )}
      </td>
    </tr>
  );
}

function Deliveries({ endpoints, L, onError, tick }) {
  const [only, setOnly] = useState('');
  const s = useLoad(() => get(`${P}/deliveries${only ? `?endpoint_id=${only}` : ''}`), [only, tick]);
  const rows = s.data?.deliveries || [];
  const byId = Object.fromEntries(endpoints.map((e) => [e.id, e]));
  const replay = (d) => post(`${P}/deliveries/${d.id}/replay`).then(() => s.reload(), (e) => onError(e.message));
  const head = [t('webhooks.event'), t('webhooks.status'), t('webhooks.attempts'), t('webhooks.response'), t('webhooks.created'), ''];
  return (
    <>
      <label>
        {t('webhooks.endpoints')}{' '}
        <select value={only} onChange={(e) => setOnly(e.currentTarget.value)}>
          <option value="">{t('webhooks.all_endpoints')}</option>
          {endpoints.map((e) => (
            <option key={e.id} value={String(e.id)}>{e.url}</option>
          ))}
        </select>
      </label>
      <Status state={s} />
      {rows.length === 0 ? (
        <p class="empty">{t('webhooks.no_deliveries')}</p>
      ) : (
        <Table head={head} label={t('webhooks.deliveries')}>
          {rows.map((d) => (
            <DeliveryRow key={d.id} d={d} endpoint={byId[d.endpoint_id]} L={L} onReplay={replay} />
          ))}
        </Table>
      )}
    </>
  );
}

/** The tab. */
export function Webhooks({ L }) {
  const s = useLoad(() => get(`${P}/endpoints`));
  const [made, setMade] = useState(null);
  const [err, setErr] = useState('');
  const [tick, setTick] = useState(0);
  const refresh = () => (s.reload(), setTick((x) => x + 1));
  const rows = s.data?.endpoints || [];
  const all = s.data?.event_types || [];
  const onSwitch = (e) => patch(`${P}/endpoints/${e.id}`, { enabled: !e.enabled }).then(() => s.reload(), (x) => setErr(x.message));
  const onRotate = (e) => {
    if (!window.confirm(t('webhooks.rotate_confirm', { url: e.url }))) return;
    post(`${P}/endpoints/${e.id}/rotate-secret`).then(
      (m) => (setMade(m), s.reload()),
      (x) => setErr(x.message),
    );
  };
  return (
    <div class="wh">
      <h2>{t('webhooks.title')}</h2>
      <p class="muted">{t('webhooks.intro')}</p>
      <Status state={s} />
      <Alert text={err} />
      {made && <SecretOnce made={made} L={L} onDone={() => setMade(null)} />}
      <h3>{t('webhooks.endpoints')}</h3>
      <Endpoints rows={rows} L={L} onSwitch={onSwitch} onRotate={onRotate} />
      {all.length > 0 && <NewEndpoint all={all} onCreated={(m) => (setMade(m), s.reload())} />}
      <h3>{t('webhooks.deliveries')}</h3>
      <Deliveries endpoints={rows} L={L} onError={setErr} tick={tick} />
      <p>
        <button type="button" class="btn btn-secondary" onClick={refresh}>{t('webhooks.refresh')}</button>
      </p>
    </div>
  );
}
