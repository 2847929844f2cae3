// The action items tab: open items with owner, deadline and status; moves
// other than "acknowledge" ask for a note in an inline form.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../i18n/index.js';
import { EP, get, listOf, patch } from '../endpoints.js';
import { ITEM_ACTIONS, fieldErrors, noteRequired } from '../logic.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { ActionSla } from './ActionSla.jsx';

/** Inline note form for respond / plan / close (the server requires a note for these). */
function NoteForm({ item, action, onDone, onCancel }) {
  const [note, setNote] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  const id = `note-${item.id}`;
  const submit = async (e) => {
    e.preventDefault();
    if (noteRequired(action) && !note.trim()) return setErr(t('hr.actions.err_note_required'));
    setBusy(true);
    setErr('');
    try {
      await patch(EP.actionItem(item.id), { action, note: note.trim() || null });
      onDone();
    } catch (e2) {
      setErr(noteError(e2));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="note-form" onSubmit={submit} noValidate>
      <label for={id}>{t('hr.actions.note_for', { a: t(`hr.actions.act.${action}`) })}</label>
      <textarea id={id} ref={ref} required={noteRequired(action)} aria-required={noteRequired(action) ? 'true' : undefined} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined} value={note} onInput={(e) => setNote(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      <Alert id={`${id}-err`} text={err} />
      <div class="pager">
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t(`hr.actions.act.${action}`)}
        </button>
      </div>
    </form>
  );
}

/** Why saving a note failed, in words. */
function noteError(e2) {
  const fe = fieldErrors(e2);
  if (!fe.note) return t('hr.form.error', { m: e2.message });
  return fe.note === 'required' ? t('hr.actions.err_note_required') : fe.note;
}

function MarkSelect({ act }) {
  return (
    <select aria-label={t('hr.actions.mark')} value="" onChange={(e) => e.currentTarget.value && act(e.currentTarget.value)}>
      <option value="">{t('hr.actions.mark')}</option>
      {ITEM_ACTIONS.map((x) => (
        <option key={x} value={x}>
          {t(`hr.actions.act.${x}`)}
        </option>
      ))}
    </select>
  );
}

/** One item: title and last note, unit or person, owner, first due time, status, the move. */
function ItemRow({ r, L, act }) {
  return (
    <tr class={r.overdue ? 'overdue' : ''}>
      <td>
        {tx(r.title, L) || r.kind}
        {r.notes?.length > 0 && <span class="small muted"> · {r.notes.at(-1).text}</span>}
      </td>
      <td>{tx(r.unit?.name, L) || r.subject?.name || '—'}</td>
      <td>{r.owner?.name || '—'}</td>
      <td>{fmtDate(r.due?.ack, L)}</td>
      <td>
        {r.status}
        {r.overdue && <span class="badge ev-bad">{t('hr.actions.overdue')}</span>}
      </td>
      <td>{r.status !== 'closed' && <MarkSelect act={(action) => act(r, action)} />}</td>
    </tr>
  );
}

/** Moving items on: at once (acknowledge), or through the note form (`editing`). */
function useMoves(a) {
  const [err, setErr] = useState('');
  const [editing, setEditing] = useState(null); // {id, action}
  const act = async (item, action) => {
    setErr('');
    if (noteRequired(action)) return setEditing({ id: item.id, action });
    try {
      await patch(EP.actionItem(item.id), { action, note: null });
      a.reload();
    } catch (e) {
      setErr(t('hr.form.error', { m: e.message }));
    }
  };
  const done = () => {
    setEditing(null);
    a.reload();
  };
  return { err, editing, setEditing, act, done };
}

export function ActionItems({ L }) {
  const a = useLoad(() => get(EP.actionItems));
  const { err, editing, setEditing, act, done } = useMoves(a);
  const rows = listOf(a.data, 'action_items');
  return (
    <>
      <h2>{t('hr.console.tab.actions')}</h2>
      <Status state={a} />
      <Alert text={err} />
      {!a.loading && !a.error && rows.length === 0 && <p class="empty">{t('hr.actions.no_actions')}</p>}
      <Table head={[t('hr.import.problem'), t('hr.campaign.unit'), t('hr.actions.owner'), t('hr.actions.due_ack'), t('hr.campaigns.status'), t('hr.actions.actions')]}>
        {rows.map((r) => (
          <Fragment key={r.id}>
            <ItemRow r={r} L={L} act={act} />
            {editing?.id === r.id && (
              <tr>
                <td colSpan={6}>
                  <NoteForm item={r} action={editing.action} onCancel={() => setEditing(null)} onDone={done} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </Table>
      <ActionSla L={L} />
    </>
  );
}
