// Employee screens, loaded on demand: "My reviews" (released reviews with the
// PDF) and "Peer nominations" (propose peers; managers decide their reports').
// Online only: both read live data. Rules live in logic.js.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { fmtDate, tx } from '../i18n.js';
import { EP, checkProposal, groupTeamReviews, initialSelection, offeredCandidates, reviewRows, score, splitNominations } from './logic.js';
import { p } from './strings.js';

function Status({ L, state }) {
  if (state.loading && !state.data) return <p class="muted">{p(L, 'loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{state.error.code === 'network' ? p(L, 'offline') : p(L, 'error', { m: state.error.message })}</p>;
  return null;
}

const period = (c, L) => p(L, 'period', { a: fmtDate(c.period_start, L, false), b: fmtDate(c.period_end, L, false) });

// ---- My reviews ---------------------------------------------------------------

/** One released review; `who` names the employee when it is not the user's own (team view). */
function ReviewCard({ L, r, userId, who }) {
  const c = r.campaign;
  const name = tx(c.name, L);
  const idx = score(r.overall_index);
  const headId = who ? `rev-${c.id}-${userId}` : `rev-${c.id}`;
  const Head = who ? 'h3' : 'h2'; // under the employee's heading in the team view
  return (
    <article class="card review-card" aria-labelledby={headId}>
      <Head id={headId}>{name}</Head>
      <p class="muted small">{period(c, L)}</p>
      <div class="index-box">
        <span class="index-label">{p(L, 'overall_index')}</span>
        <span class="index-value">{idx === null ? '—' : idx.toFixed(1)}</span>
      </div>
      {r.rank && <p class="small">{p(L, who ? 'rank_team' : 'rank', { r: r.rank.rank, of: r.rank.of })}</p>}
      <table class="review-rows">
        <caption class="small muted">{p(L, 'overall_hint')}</caption>
        <thead>
          <tr>
            <th scope="col">{p(L, 'group')}</th>
            <th scope="col" class="num">{p(L, 'responses')}</th>
            <th scope="col" class="num">{p(L, 'score')}</th>
          </tr>
        </thead>
        <tbody>
          {reviewRows(r).map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {p(L, `row_${row.key}`)}
                {row.inIndex && (
                  <span class="in-index" title={p(L, 'in_index')} aria-label={p(L, 'in_index')}>
                    {' '}●
                  </span>
                )}
              </th>
              <td class="num">{row.n ?? '—'}</td>
              <td class="num">{row.shown ? row.score.toFixed(1) : <span class="muted small">{p(L, 'hidden')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <a class="btn btn-primary btn-block" href={EP.reviewPdf(c.id, userId)} download={`review-${c.id}-${userId}.pdf`} aria-label={who ? p(L, 'pdf_label_team', { c: name, e: who }) : p(L, 'pdf_label', { c: name })}>
        {p(L, 'download_pdf')}
      </a>
    </article>
  );
}

/**
 * Managers' "Team reviews": the released reviews of their direct reports (only
 * campaigns that allow managers), one group per employee. Rendered only for
 * managers, and not at all while the list is empty (nothing to say to a manager
 * whose team has no visible review); a load error is shown inside the section.
 */
function TeamReviews({ L }) {
  const list = useLoad(() => request('GET', EP.teamReviews));
  const groups = groupTeamReviews(list.data?.reviews);
  if (!list.error && groups.length === 0) return null;
  return (
    <section class="people team-reviews" aria-labelledby="team-reviews-title">
      <h1 id="team-reviews-title">{p(L, 'team_title')}</h1>
      <Status L={L} state={list} />
      {groups.map((g) => {
        const gid = `team-emp-${g.employee.id}`;
        return (
          <section key={g.employee.id} class="team-employee" aria-labelledby={gid}>
            <h2 id={gid} class="team-name">
              {g.employee.name}
              {g.employee.job_title && <span class="muted small"> · {g.employee.job_title}</span>}
            </h2>
            {g.reviews.map((r) => (
              <ReviewCard key={r.campaign.id} L={L} r={r} userId={g.employee.id} who={g.employee.name} />
            ))}
          </section>
        );
      })}
    </section>
  );
}

function MyReviews({ L, user }) {
  const list = useLoad(() => request('GET', EP.myReviews));
  const rows = list.data?.reviews || [];
  return (
    <>
      <section class="people">
        <h1>{p(L, 'reviews_title')}</h1>
        <Status L={L} state={list} />
        {!list.loading && !list.error && rows.length === 0 && <p class="empty">{p(L, 'reviews_empty')}</p>}
        {rows.map((r) => (
          <ReviewCard key={r.campaign.id} L={L} r={r} userId={user.id} />
        ))}
      </section>
      {user.is_manager && <TeamReviews L={L} />}
    </>
  );
}

// ---- Peer nominations ------------------------------------------------------------

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
        <p class="muted small">{p(L, 'none_yet')}</p>
      )}
    </div>
  );
}

function Propose({ L, entry, onSent }) {
  const cid = entry.campaign.id;
  const cands = useLoad(() => request('GET', EP.candidates(cid)), [cid]);
  const [sel, setSel] = useState(() => initialSelection(entry));
  const [q, setQ] = useState('');
  const [msg, setMsg] = useState({ text: '', bad: false });
  const [busy, setBusy] = useState(false);
  const approved = splitNominations(entry).approved.length;
  const offered = offeredCandidates(cands.data?.candidates, entry, q);
  const toggle = (id) => setSel(sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]);
  const send = async (e) => {
    e.preventDefault();
    const bad = checkProposal(entry, sel);
    if (bad) return setMsg({ text: p(L, bad.key, bad.vars), bad: true });
    setBusy(true);
    setMsg({ text: p(L, 'sending'), bad: false });
    try {
      await request('POST', EP.nominations(cid), { json: { nominee_ids: sel } });
      setMsg({ text: p(L, 'proposal_sent'), bad: false });
      onSent();
    } catch (err) {
      setMsg({ text: p(L, 'error', { m: err.message }), bad: true });
    } finally {
      setBusy(false);
    }
  };
  const sid = `nom-search-${cid}`;
  const msgId = `nom-msg-${cid}`;
  return (
    <form class="propose" onSubmit={send} noValidate>
      <fieldset aria-describedby={msgId}>
        <legend>{p(L, 'choose_peers')}</legend>
        <label for={sid}>{p(L, 'search')}</label>
        <input id={sid} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <Status L={L} state={cands} />
        {!cands.loading && offered.length === 0 && <p class="muted small">{p(L, 'no_candidates')}</p>}
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
      </fieldset>
      <p class="small" aria-live="polite">
        {p(L, 'selected', { n: sel.length, a: approved })}
      </p>
      <p id={msgId} class={msg.bad ? 'field-error' : 'small'} role={msg.bad ? 'alert' : 'status'}>
        {msg.text}
      </p>
      <button class="btn btn-primary btn-block" type="submit" disabled={busy}>
        {p(L, 'send_proposal')}
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
      setMsg(p(L, 'decided'));
      onDone();
    } catch (err) {
      setMsg(p(L, 'error', { m: err.message }));
    }
  };
  return (
    <div class="nom-group">
      <h3>{p(L, 'to_decide')}</h3>
      {entry.to_decide.length === 0 && <p class="muted small">{p(L, 'to_decide_none')}</p>}
      <ul class="plain decide-list">
        {entry.to_decide.map((n) => (
          <li key={n.id}>
            <span>{p(L, 'proposes', { s: n.subject.name, n: n.nominee.name })}</span>
            <span class="decide-buttons">
              <button type="button" class="btn btn-secondary btn-small" aria-label={`${p(L, 'reject')}: ${p(L, 'proposes', { s: n.subject.name, n: n.nominee.name })}`} onClick={() => go(n, 'reject')}>
                {p(L, 'reject')}
              </button>
              <button type="button" class="btn btn-primary btn-small" aria-label={`${p(L, 'approve')}: ${p(L, 'proposes', { s: n.subject.name, n: n.nominee.name })}`} onClick={() => go(n, 'approve')}>
                {p(L, 'approve')}
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
      <p class="hint">{p(L, 'noms_hint', { min: entry.peer_min, max: entry.peer_max })}</p>
      <NomList L={L} title={p(L, 'approved')} items={by.approved} />
      <NomList L={L} title={p(L, 'proposed')} items={by.proposed} />
      {by.rejected.length > 0 && <NomList L={L} title={p(L, 'rejected')} items={by.rejected} />}
      {(user.is_manager || entry.to_decide?.length > 0) && <Decide L={L} entry={entry} onDone={onChange} />}
      <Propose L={L} entry={entry} onSent={onChange} />
    </article>
  );
}

function Nominations({ L, user }) {
  const list = useLoad(() => request('GET', EP.myNominations));
  const rows = list.data?.campaigns || [];
  return (
    <section class="people">
      <h1>{p(L, 'noms_title')}</h1>
      <Status L={L} state={list} />
      {!list.loading && !list.error && rows.length === 0 && <p class="empty">{p(L, 'noms_empty')}</p>}
      {rows.map((entry) => (
        <NominationCampaign key={entry.campaign.id} L={L} entry={entry} user={user} onChange={list.reload} />
      ))}
    </section>
  );
}

/** Root of the chunk: `screen` is "reviews" or "peers". */
export default function People({ screen, user, locale: L }) {
  if (!user) return null;
  return screen === 'peers' ? <Nominations L={L} user={user} /> : <MyReviews L={L} user={user} />;
}
