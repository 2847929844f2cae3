// "Peer nominations": the user proposes peers, managers decide their reports' proposals.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { t, tx } from '../i18n/index.js';
import { EP, checkProposal, initialSelection, offeredCandidates, splitNominations } from './logic.js';
import { Status } from './Status.jsx';

function NomList({ L, title, items }) {
  return (
    <div class="nom-group">
      <h3>{title}</h3>
      {items.length ? (
        <ul class="plain">
          {items.map((n) => (
            <li key={n.id}>
              {n.nominee.name}
              {n.nominee.job_title && <span class="muted small"> · {n.nominee.job_title}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">{t('people.noms.none_yet')}</p>
      )}
    </div>
  );
}

/** Sending the selection: checked here first, then proposed; [message, busy, onSubmit]. */
function useProposal(entry, sel, onSent) {
  const cid = entry.campaign.id;
  const [msg, setMsg] = useState({ text: '', bad: false });
  const [busy, setBusy] = useState(false);
  const send = async (e) => {
    e.preventDefault();
    const bad = checkProposal(entry, sel);
    if (bad) return setMsg({ text: t(`people.noms.${bad.key}`, bad.vars), bad: true });
    setBusy(true);
    setMsg({ text: t('people.noms.sending'), bad: false });
    try {
      await request('POST', EP.nominations(cid), { json: { nominee_ids: sel } });
      setMsg({ text: t('people.noms.proposal_sent'), bad: false });
      onSent();
    } catch (err) {
      setMsg({ text: t('common.error.generic', { m: err.message }), bad: true });
    } finally {
      setBusy(false);
    }
  };
  return [msg, busy, send];
}

function CandidateList({ offered, sel, toggle }) {
  return (
    <ul class="plain cand-list">
      {offered.map((c) => (
        <li key={c.id}>
          <label class="check cand">
            <input type="checkbox" checked={sel.includes(c.id)} onChange={() => toggle(c.id)} />
            <span>
              {c.name}
              {c.job_title && <span class="muted small"> · {c.job_title}</span>}
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}

function Propose({ L, entry, onSent }) {
  const cid = entry.campaign.id;
  const cands = useLoad(() => request('GET', EP.candidates(cid)), [cid]);
  const [sel, setSel] = useState(() => initialSelection(entry));
  const [q, setQ] = useState('');
  const [msg, busy, send] = useProposal(entry, sel, onSent);
  const approved = splitNominations(entry).approved.length;
  const offered = offeredCandidates(cands.data?.candidates, entry, q);
  const toggle = (id) => setSel(sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]);
  const sid = `nom-search-${cid}`;
  const msgId = `nom-msg-${cid}`;
  return (
    <form class="propose" onSubmit={send} noValidate>
      <fieldset aria-describedby={msgId}>
        <legend>{t('people.noms.choose_peers')}</legend>
        <label for={sid}>{t('people.noms.search')}</label>
        <input id={sid} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <Status L={L} state={cands} />
        {!cands.loading && offered.length === 0 && <p class="muted small">{t('people.noms.no_candidates')}</p>}
        <CandidateList offered={offered} sel={sel} toggle={toggle} />
      </fieldset>
      <p class="small" aria-live="polite">
        {t('people.noms.selected', { n: sel.length, a: approved })}
      </p>
      <p id={msgId} class={msg.bad ? 'field-error' : 'small'} role={msg.bad ? 'alert' : 'status'}>
        {msg.text}
      </p>
      <button class="btn btn-primary btn-block" type="submit" disabled={busy}>
        {t('people.noms.send_proposal')}
      </button>
    </form>
  );
}

function Decide({ L, entry, onDone }) {
  const [msg, setMsg] = useState('');
  const go = async (n, verb) => {
    setMsg('');
    try {
      await request('POST', EP.decide(entry.campaign.id, n.id, verb));
      setMsg(t('people.noms.decided'));
      onDone();
    } catch (err) {
      setMsg(t('common.error.generic', { m: err.message }));
    }
  };
  return (
    <div class="nom-group">
      <h3>{t('people.noms.to_decide')}</h3>
      {entry.to_decide.length === 0 && <p class="muted small">{t('people.noms.to_decide_none')}</p>}
      <ul class="plain decide-list">
        {entry.to_decide.map((n) => (
          <li key={n.id}>
            <span>{t('people.noms.proposes', { s: n.subject.name, n: n.nominee.name })}</span>
            <span class="decide-buttons">
              <button type="button" class="btn btn-secondary btn-small" aria-label={`${t('people.noms.reject')}: ${t('people.noms.proposes', { s: n.subject.name, n: n.nominee.name })}`} onClick={() => go(n, 'reject')}>
                {t('people.noms.reject')}
              </button>
              <button type="button" class="btn btn-primary btn-small" aria-label={`${t('people.noms.approve')}: ${t('people.noms.proposes', { s: n.subject.name, n: n.nominee.name })}`} onClick={() => go(n, 'approve')}>
                {t('people.noms.approve')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <p class="small" role="status">
        {msg}
      </p>
    </div>
  );
}

function NominationCampaign({ L, entry, user, onChange }) {
  const by = splitNominations(entry);
  const headId = `nom-${entry.campaign.id}`;
  return (
    <article class="card" aria-labelledby={headId}>
      <h2 id={headId}>{tx(entry.campaign.name, L)}</h2>
      <p class="muted small">{period(entry.campaign, L)}</p>
      <p class="hint">{t('people.noms.hint', { min: entry.peer_min, max: entry.peer_max })}</p>
      <NomList L={L} title={t('people.noms.approved')} items={by.approved} />
      <NomList L={L} title={t('people.noms.proposed')} items={by.proposed} />
      {by.rejected.length > 0 && <NomList L={L} title={t('people.noms.rejected')} items={by.rejected} />}
      {(user.is_manager || entry.to_decide?.length > 0) && <Decide L={L} entry={entry} onDone={onChange} />}
      <Propose L={L} entry={entry} onSent={onChange} />
    </article>
  );
}

export function Nominations({ L, user }) {
  const list = useLoad(() => request('GET', EP.myNominations));
  const rows = list.data?.campaigns || [];
  return (
    <ListSection L={L} title={t('people.noms.title')} state={list} rows={rows} empty={t('people.noms.empty')}>
      {rows.map((entry) => (
        <NominationCampaign key={entry.campaign.id} L={L} entry={entry} user={user} onChange={list.reload} />
      ))}
    </ListSection>
  );
}

/** Root of the chunk: `screen` is "reviews" or "peers". */
