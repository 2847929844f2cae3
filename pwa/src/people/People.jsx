// Employee screens, loaded on demand: "My reviews" (released reviews with the
// PDF) and "Peer nominations" (propose peers; managers decide their reports').
// Online only: both read live data. Rules live in logic.js.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { fmtDate, register, t, tx } from '../i18n/index.js';
import { EP, checkProposal, groupTeamReviews, initialSelection, offeredCandidates, reviewRows, score, splitNominations } from './logic.js';

register(import.meta.glob('../i18n/*/people.js', { eager: true }));

function Status({ L, state }) {
  if (state.loading && !state.data) return <p class="muted">{t('common.loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{state.error.code === 'network' ? t('people.offline') : t('common.error.generic', { m: state.error.message })}</p>;
  return null;
}

const period = (c, L) => t('people.reviews.period', { a: fmtDate(c.period_start, L, false), b: fmtDate(c.period_end, L, false) });

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
        <span class="index-label">{t('people.reviews.overall_index')}</span>
        <span class="index-value">{idx === null ? '—' : idx.toFixed(1)}</span>
      </div>
      {r.rank && <p class="small">{t(who ? 'people.reviews.rank_team' : 'people.reviews.rank', { r: r.rank.rank, of: r.rank.of })}</p>}
      <table class="review-rows">
        <caption class="small muted">{t('people.reviews.overall_hint')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('people.reviews.group')}</th>
            <th scope="col" class="num">{t('people.reviews.responses')}</th>
            <th scope="col" class="num">{t('people.reviews.score')}</th>
          </tr>
        </thead>
        <tbody>
          {reviewRows(r).map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {t(`people.row.${row.key}`)}
                {row.inIndex && (
                  <span class="in-index" title={t('people.reviews.in_index')} aria-label={t('people.reviews.in_index')}>
                    {' '}●
                  </span>
                )}
              </th>
              <td class="num">{row.n ?? '—'}</td>
              <td class="num">{row.shown ? row.score.toFixed(1) : <span class="muted small">{t('people.reviews.hidden')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <a class="btn btn-primary btn-block" href={EP.reviewPdf(c.id, userId)} download={`review-${c.id}-${userId}.pdf`} aria-label={who ? t('people.reviews.pdf_label_team', { c: name, e: who }) : t('people.reviews.pdf_label', { c: name })}>
        {t('people.reviews.download_pdf')}
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
      <h1 id="team-reviews-title">{t('people.reviews.team_title')}</h1>
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

/** A screen's list: its title, the loading or error line, the empty message, then the rows. */
function ListSection({ L, title, state, rows, empty, children }) {
  return (
    <section class="people">
      <h1>{title}</h1>
      <Status L={L} state={state} />
      {!state.loading && !state.error && rows.length === 0 && <p class="empty">{empty}</p>}
      {children}
    </section>
  );
}

function MyReviews({ L, user }) {
  const list = useLoad(() => request('GET', EP.myReviews));
  const rows = list.data?.reviews || [];
  return (
    <>
      <ListSection L={L} title={t('people.reviews.title')} state={list} rows={rows} empty={t('people.reviews.empty')}>
        {rows.map((r) => (
          <ReviewCard key={r.campaign.id} L={L} r={r} userId={user.id} />
        ))}
      </ListSection>
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
        <p class="muted small">{t('people.noms.none_yet')}</p>
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

function Nominations({ L, user }) {
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
export default function People({ screen, user, locale: L }) {
  if (!user) return null;
  return screen === 'peers' ? <Nominations L={L} user={user} /> : <MyReviews L={L} user={user} />;
}
