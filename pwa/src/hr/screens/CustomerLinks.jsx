// A customer campaign's links (one per employee or unit): who each link is for, its
// responses, how often one device may answer (repeat_policy) and the title customers see
// (public_title, both languages; empty: the neutral default). One link is edited at a time;
// field errors (ours or the server's, in the user's language) show under their fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { register, t, tx } from '../../i18n/index.js';
import { EP, get, listOf, patch } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert, FieldError } from '../components/fields.jsx';
import { fieldErrors } from '../logic.js';

register(import.meta.glob('../../i18n/*/links.js', { eager: true }));

export const POLICIES = ['daily', 'once', 'unlimited'];

/** The PATCH body of the editor's values, or {errors} (both titles or neither). */
export function linkBody(f) {
  const zh = f.zh.trim();
  const en = f.en.trim();
  if (Boolean(zh) !== Boolean(en)) return { errors: { [zh ? 'en' : 'zh']: t('links.err.both') } };
  return { body: { repeat_policy: f.policy, public_title: zh ? { 'zh-CN': zh, en } : null } };
}

/** The server's refusal as errors by editor field (public_title goes under both titles). */
export function serverErrors(e) {
  const fe = fieldErrors(e);
  const out = {};
  if (fe.repeat_policy) out.policy = fe.repeat_policy;
  if (fe.public_title) out.zh = out.en = fe.public_title;
  return out;
}

const errProps = (id, text) => (text ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-err` } : {});

function TitleInput({ id, label, value, set, err }) {
  return (
    <div>
      <label for={id}>{label}</label>
      <input id={id} maxLength={100} value={value} onInput={(e) => set(e.currentTarget.value)} {...errProps(id, err)} />
      <FieldError id={`${id}-err`} text={err} />
    </div>
  );
}

/** How often one device may answer; focused when the editor opens (under a long table). */
function PolicySelect({ value, set, err }) {
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div>
      <label for="link-policy">{t('links.policy')}</label>
      <select id="link-policy" ref={ref} value={value} onChange={(e) => set(e.currentTarget.value)} {...errProps('link-policy', err)}>
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {t(`links.policy.${p}`)}
          </option>
        ))}
      </select>
      <FieldError id="link-policy-err" text={err} />
    </div>
  );
}

/** The editor of one link: policy and both titles; saving PATCHes the link. */
function LinkEditor({ link, who, onSaved, onCancel }) {
  const [f, setF] = useState({ policy: link.repeat_policy || 'daily', zh: link.public_title?.['zh-CN'] || '', en: link.public_title?.en || '' });
  const [fe, setFe] = useState({});
  const [err, setErr] = useState('');
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const save = async (e) => {
    e.preventDefault();
    const { body, errors } = linkBody(f);
    setFe(errors || {});
    setErr(errors ? t('console.fix_fields') : '');
    if (errors) return;
    try {
      onSaved(await patch(`/api/v1/links/${link.id}`, body));
    } catch (e2) {
      const found = serverErrors(e2);
      setFe(found);
      setErr(Object.keys(found).length ? t('console.fix_fields') : t('hr.form.error', { m: e2.message }));
    }
  };
  return (
    <form class="card link-editor" onSubmit={save} aria-labelledby="link-ed-title">
      <h4 id="link-ed-title">{t('links.edit_title', { who })}</h4>
      <Alert text={err} />
      <div class="form-grid">
        <PolicySelect value={f.policy} set={set('policy')} err={fe.policy} />
        <p class="hint">{t('links.title_hint')}</p>
        <TitleInput id="link-title-zh" label={t('links.title_zh')} value={f.zh} set={set('zh')} err={fe.zh} />
        <TitleInput id="link-title-en" label={t('links.title_en')} value={f.en} set={set('en')} err={fe.en} />
      </div>
      <div class="ob-actions">
        <button type="submit" class="btn btn-primary">
          {t('links.save')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('links.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The links of a customer (or mixed) campaign with their settings. */
export function CustomerLinks({ L, id, names }) {
  const links = useLoad(() => get(`/api/v1/campaigns/${id}/links`), [id]);
  const [editing, setEditing] = useState(null);
  const [msg, setMsg] = useState('');
  const rows = listOf(links.data, 'links');
  const who = (l) => l.subject?.name || names.name(l.unit_id) || '—';
  const title = (l) => (l.public_title ? tx(l.public_title, L) : t('links.title_default'));
  const saved = () => {
    setMsg(t('links.saved', { who: who(editing) }));
    setEditing(null);
    links.reload();
  };
  return (
    <section class="customer-links" aria-labelledby="links-h">
      <h3 id="links-h">{t('links.heading')}</h3>
      <p class="hint">{t('links.hint')}</p>
      {!links.data && <Status state={links} />}
      {links.data && !rows.length && <p class="muted">{t('links.none')}</p>}
      {rows.length > 0 && (
        <Table label={t('links.heading')} head={[t('links.who'), t('links.responses'), t('links.policy'), t('links.title'), '']}>
          {rows.map((l) => (
            <tr key={l.id}>
              <td>{who(l)}</td>
              <td>{l.response_count}</td>
              <td>{t(`links.policy.${l.repeat_policy || 'daily'}`)}</td>
              <td class={l.public_title ? '' : 'muted'}>{title(l)}</td>
              <td>
                <button type="button" class="btn btn-small btn-secondary" aria-label={t('links.edit_label', { who: who(l) })} onClick={() => (setMsg(''), setEditing(l))}>
                  {t('links.edit')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <p role="status">{msg}</p>
      {editing && <LinkEditor key={editing.id} link={editing} who={who(editing)} onSaved={saved} onCancel={() => setEditing(null)} />}
    </section>
  );
}
