// The action items tab: filters (unit, stage, overdue, trigger), items grouped by what
// they are about and ordered by the next due time; a group opens into its items, each
// with owner, due time, stage and the move (all but "acknowledge" ask for a note).
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../i18n/index.js';
import { EP, get, listOf, patch } from '../endpoints.js';
import { ITEM_ACTIONS, fieldErrors, noteRequired } from '../logic.js';
import { distinct, filterItems, groupItems, nextDue } from '../views.js';
import { codeText } from '../codes.js';
import { useUnits } from '../units.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { ActionSla } from './ActionSla.jsx';

const STAGES = ['open', 'acknowledged', 'responded', 'planned', 'closed'];

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

/** One item of a group: person, owner, next due time, stage, the move. */
function ItemRow({ r, L, act }) {
  const owner = r.owner?.name ? `${t('hr.actions.owner')}: ${r.owner.name}` : '—';
  return (
    <tr class={`ai-sub${r.overdue ? ' overdue' : ''}`} data-id={r.id}>
      <td>
        {r.subject?.name || tx(r.unit?.name, L) || '—'}
        {r.notes?.length > 0 && <span class="small muted"> · {r.notes.at(-1).text}</span>}
      </td>
      <td>{owner}</td>
      <td>{nextDue(r) ? fmtDate(nextDue(r), L) : '—'}</td>
      <td>
        {codeText('stage', r.status)}
        {r.overdue && <span class="badge ev-bad">{t('hr.actions.overdue')}</span>}
      </td>
      <td>{r.status !== 'closed' && <MarkSelect act={(action) => act(r, action)} />}</td>
    </tr>
  );
}

/** "3 items · Not acknowledged" (the stage when all share it). */
function groupCount(g) {
  const n = g.items.length;
  const stages = new Set(g.items.map((i) => i.status));
  const count = n === 1 ? t('console.actions.group_one') : t('console.actions.group_count', { n });
  return stages.size === 1 ? `${count} · ${codeText('stage', g.items[0].status)}` : count;
}

/** A group's head: what, where, how many, the next due time, overdue count. */
function GroupRow({ g, L, open, toggle, unitName }) {
  const i = g.first;
  return (
    <tr class={`ai-group${g.overdue ? ' overdue' : ''}`}>
      <td>
        <strong>{tx(i.title, L) || codeText('trigger', i.kind)}</strong>
      </td>
      <td>{unitName(i.unit) || '—'}</td>
      <td>{g.due ? fmtDate(g.due, L) : '—'}</td>
      <td>
        <span class="count">{groupCount(g)}</span>
        {g.overdue > 0 && <span class="badge ev-bad">{`${g.overdue} ${t('hr.actions.overdue')}`}</span>}
      </td>
      <td>
        <button type="button" class="btn btn-secondary btn-small" aria-expanded={open ? 'true' : 'false'} onClick={toggle}>
          {open ? t('console.actions.hide_items') : g.items.length === 1 ? t('console.actions.show_one') : t('console.actions.show_items', { n: g.items.length })}
        </button>
      </td>
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

/** One filter select: `options` are [value, label] pairs after "All". */
function Filter({ id, label, value, set, options }) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{t('console.actions.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ rows, f, setF, unitName }) {
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const units = distinct(rows, (i) => i.unit?.id).map(([v, i]) => [v, unitName(i.unit)]);
  const kinds = distinct(rows, (i) => i.kind).map(([v]) => [v, codeText('trigger', v)]);
  return (
    <div class="filters" role="group" aria-label={t('console.actions.filters')}>
      <Filter id="ai-unit" label={t('console.actions.unit')} value={f.unit} set={set('unit')} options={units} />
      <Filter id="ai-stage" label={t('console.actions.stage')} value={f.stage} set={set('stage')} options={STAGES.map((x) => [x, codeText('stage', x)])} />
      <Filter id="ai-overdue" label={t('console.actions.overdue')} value={f.overdue} set={set('overdue')} options={[['yes', t('console.actions.yes')], ['no', t('console.actions.no')]]} />
      <Filter id="ai-trigger" label={t('console.actions.trigger')} value={f.kind} set={set('kind')} options={kinds} />
    </div>
  );
}

/** The groups, each expandable into its items (and an item's note form). */
function Groups({ groups, L, moves, unitName }) {
  const [open, setOpen] = useState({});
  const { editing, setEditing, act, done } = moves;
  return (
    <Table head={[t('console.actions.item'), t('hr.campaign.unit'), t('console.actions.next_due'), t('console.actions.stage'), t('hr.actions.actions')]}>
      {groups.map((g) => (
        <Fragment key={g.key}>
          <GroupRow g={g} L={L} unitName={unitName} open={open[g.key]} toggle={() => setOpen({ ...open, [g.key]: !open[g.key] })} />
          {open[g.key] &&
            g.items.map((r) => (
              <Fragment key={r.id}>
                <ItemRow r={r} L={L} act={act} />
                {editing?.id === r.id && (
                  <tr>
                    <td colSpan={5}>
                      <NoteForm item={r} action={editing.action} onCancel={() => setEditing(null)} onDone={done} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
        </Fragment>
      ))}
    </Table>
  );
}

export function ActionItems({ L }) {
  const a = useLoad(() => get(EP.actionItems));
  const moves = useMoves(a);
  const [f, setF] = useState({ unit: '', stage: '', overdue: '', kind: '' });
  const unitName = useUnits(L).label;
  const rows = listOf(a.data, 'action_items');
  const shown = filterItems(rows, f);
  const groups = groupItems(shown);
  return (
    <>
      <h2>{t('hr.console.tab.actions')}</h2>
      <Status state={a} />
      <Alert text={moves.err} />
      {!a.loading && !a.error && rows.length === 0 && <p class="empty">{t('hr.actions.no_actions')}</p>}
      {rows.length > 0 && <Filters rows={rows} f={f} setF={setF} unitName={unitName} />}
      {rows.length > 0 && (
        <p class="muted" role="status">
          {shown.length ? t('console.actions.shown', { n: shown.length, g: groups.length }) : t('console.actions.none_match')}
        </p>
      )}
      {groups.length > 0 && <Groups groups={groups} L={L} moves={moves} unitName={unitName} />}
      <ActionSla L={L} />
    </>
  );
}
