// Employee screens, loaded on demand: "My reviews" (released reviews with the
// PDF) and "Peer nominations" (propose peers; managers decide their reports').
// Online only: both read live data. Rules live in logic.js.
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { fmtDate, register, t, tx } from '../i18n/index.js';
import { EP, groupTeamReviews, reviewRows, score } from './logic.js';
import { Nominations } from './Nominations.jsx';
import { ReviewDetail } from './ReviewDetail.jsx';
import { titleIn } from './reviewLogic.js';
import { Status } from './Status.jsx';
import { Stars } from './Stars.jsx';
import { MyScorecard } from '../scorecard/MyScorecard.jsx';
import { TeamScorecard } from '../scorecard/TeamScorecard.jsx';

register(import.meta.glob('../i18n/*/people.js', { eager: true }));

const period = (c, L) => t('people.reviews.period', { a: fmtDate(c.period_start, L, false), b: fmtDate(c.period_end, L, false) });

// ---- My reviews ---------------------------------------------------------------

function ReviewRows({ r }) {
  return (
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
  );
}

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
      <ReviewRows r={r} />
      <ReviewDetail campaignId={c.id} employeeId={userId} userId={who ? null : userId} L={L} />
      <a class="btn btn-block" href={EP.reviewPdf(c.id, userId)} download={`review-${c.id}-${userId}.pdf`} aria-label={who ? t('people.reviews.pdf_label_team', { c: name, e: who }) : t('people.reviews.pdf_label', { c: name })}>
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
              {g.employee.job_title && <span class="muted small"> · {titleIn(g.employee.job_title, L)}</span>}
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
      {user.role !== 'shopper' && <MyScorecard L={L} />}
      <Stars L={L} user={user} />
      {user.is_manager && <TeamScorecard L={L} />}
      {user.is_manager && <TeamReviews L={L} />}
    </>
  );
}

export default function People({ screen, user, locale: L }) {
  if (!user) return null;
  return screen === 'peers' ? <Nominations L={L} user={user} /> : <MyReviews L={L} user={user} />;
}
