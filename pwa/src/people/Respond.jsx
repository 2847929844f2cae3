// The employee's response to a review: acknowledge it with a comment, and the development
// plan (1-3 SMART goals on the lowest items or blind spots) written with the manager.
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { fmtDate, t, tx } from '../i18n/index.js';
import { checkGoals, focusOptions, initialGoals, REVIEW_EP } from './reviewLogic.js';

const f1 = (v) => (typeof v === 'number' ? v.toFixed(1) : '–');

function useSend() {
  const [msg, setMsg] = useState(null);
  const send = (p, ok, reload) => p.then(() => { setMsg({ ok: true, text: ok }); reload(); }, (e) => setMsg({ ok: false, text: e.message || String(e) }));
  return [msg, send, setMsg];
}

function Note({ msg }) {
  if (!msg) return null;
  return <p class={msg.ok ? 'ok-note' : 'field-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>;
}

export function Acknowledge({ r, L, reload }) {
  const ack = r.acknowledgement;
  const [comment, setComment] = useState(ack?.comment || '');
  const [msg, send] = useSend();
  const submit = (e) => {
    e.preventDefault();
    send(request('POST', REVIEW_EP.ack(r.campaign.id, r.employee.id), { json: { comment: comment.trim() || null } }), t('review.ack.saved'), reload);
  };
  return (
    <form class="card rv-ack" onSubmit={submit}>
      <h3>{t('review.ack.title')}</h3>
      {ack && <p class="small">{t('review.ack.done', { d: fmtDate(ack.acknowledged_at, L) })}</p>}
      <label for={`ack-${r.campaign.id}`}>{t('review.ack.comment')}</label>
      <textarea id={`ack-${r.campaign.id}`} rows="3" maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" class="btn btn-primary btn-block">{t(ack ? 'review.ack.update' : 'review.ack.send')}</button>
      <Note msg={msg} />
    </form>
  );
}

function GoalFields({ g, n, options, L, set, remove }) {
  const id = (f) => `goal-${n}-${f}`;
  const text = (f, rows) => (
    <>
      <label for={id(f)}>{t(`review.plan.${f}`)}</label>
      {rows ? <textarea id={id(f)} rows={rows} value={g[f]} onInput={(e) => set(f, e.currentTarget.value)} /> : <input id={id(f)} value={g[f]} onInput={(e) => set(f, e.currentTarget.value)} />}
    </>
  );
  return (
    <fieldset class="rv-goal">
      <legend>{t('review.plan.goal_n', { n: n + 1 })}</legend>
      <label for={id('focus')}>{t('review.plan.focus')}</label>
      <select id={id('focus')} value={g.focus} onChange={(e) => set('focus', e.currentTarget.value)}>
        {options.map((o) => <option key={o.id} value={o.id}>{tx(o.label, L)} ({f1(o.score)})</option>)}
      </select>
      {text('goal')}
      {text('actions', 3)}
      <label for={id('due')}>{t('review.plan.due')}</label>
      <input id={id('due')} type="date" value={g.due} onInput={(e) => set('due', e.currentTarget.value)} />
      {text('measure')}
      {remove && <button type="button" class="btn btn-link" onClick={remove}>{t('review.plan.remove', { n: n + 1 })}</button>}
    </fieldset>
  );
}

export function Plan({ r, L, reload }) {
  const options = focusOptions(r);
  const [goals, setGoals] = useState(() => initialGoals(r));
  const [msg, send, setMsg] = useSend();
  if (!options.length) return <section class="card"><h3>{t('review.plan.title')}</h3><p class="muted small">{t('review.plan.none')}</p></section>;
  const set = (i) => (f, v) => setGoals(goals.map((g, j) => (j === i ? { ...g, [f]: v } : g)));
  const submit = (e) => {
    e.preventDefault();
    const checked = checkGoals(goals);
    if (checked.error) return setMsg({ ok: false, text: t(checked.error) });
    send(request('POST', REVIEW_EP.plan(r.campaign.id, r.employee.id), { json: { goals: checked.goals } }), t('review.plan.saved'), reload);
  };
  return (
    <form class="card rv-plan" onSubmit={submit}>
      <h3>{t('review.plan.title')}</h3>
      <p class="small muted">{t('review.plan.hint')}</p>
      {goals.map((g, i) => <GoalFields key={i} g={g} n={i} options={options} L={L} set={set(i)} remove={goals.length > 1 ? () => setGoals(goals.filter((_, j) => j !== i)) : null} />)}
      {goals.length < 3 && <button type="button" class="btn btn-block" onClick={() => setGoals([...goals, { focus: options[0].id, goal: '', actions: '', due: '', measure: '' }])}>{t('review.plan.add')}</button>}
      <button type="submit" class="btn btn-primary btn-block">{t('review.plan.save')}</button>
      <Note msg={msg} />
    </form>
  );
}

export function PreviousPlan({ r, L }) {
  const goals = r.previous_plan || [];
  if (!goals.length) return null;
  return (
    <section class="rv-list">
      <h3>{t('review.plan.previous')}</h3>
      <ul>
        {goals.map((g, i) => (
          <li key={i}>{g.goal} · {tx(g.label, L)}: {t('review.plan.then_now', { a: f1(g.baseline), b: f1(g.now) })}{typeof g.change === 'number' && <b> ({g.change > 0 ? '+' : ''}{g.change.toFixed(1)})</b>}</li>
        ))}
      </ul>
    </section>
  );
}
