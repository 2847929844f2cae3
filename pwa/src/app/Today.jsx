import { useEffect } from 'preact/hooks';
import { fmtDate, t, tx } from './i18n.js';
import { SentList } from './SentList.jsx';
import { titleIn } from '../people/reviewLogic.js';
import { refreshAssignments, useStore } from './controller.js';
import { dailyBadge, dailyHref } from './daily.js';
import { repeatBadge } from '../scorecard/observe.js';

function badgeFor(a, s) {
  if (a.repeatable) return repeatBadge(a, s);
  if (a.daily) return dailyBadge(a, s);
  const item = s.outbox.find((i) => i.assignmentId === a.id);
  if (item) return item.state === 'attention' ? ['attention', 'field.badge.attention'] : ['waiting', 'field.badge.waiting'];
  if (s.receipts.some((r) => r.assignmentId === a.id && !(a.rejected && r.id === a.rejected.submission_id))) return ['sent', 'field.badge.sent'];
  if (s.drafts.some((d) => d.assignmentId === a.id)) return ['draft', 'field.badge.draft'];
  if (a.rejected) return ['attention', 'field.badge.rejected'];
  return null;
}

function subjectOf(a, L) {
  if (a.visit) return tx(a.visit.unit?.name, L);
  if (a.subject) return [a.subject.name, titleIn(a.subject.job_title, L)].filter(Boolean).join(' · ');
  return '';
}

function Card({ a, s }) {
  const L = s.locale;
  const badge = badgeFor(a, s);
  const sent = badge?.[0] === 'sent' || badge?.[0] === 'waiting';
  return (
    <li class="assignment">
      <a class="assignment-link" href={a.repeatable ? `#/form/${a.id}` : (dailyHref(a, badge) ?? (sent ? '#/outbox' : `#/form/${a.id}`))}>
        <span class="a-title">{subjectOf(a, L) || t(`field.rel.${a.relationship}`)}</span>
        <span class="a-rel">{t(`field.rel.${a.relationship}`)}</span>
        {a.visit ? (
          <span class="a-when">{t('field.today.visit_window', { a: fmtDate(a.visit.window_start, L), b: fmtDate(a.visit.window_end, L) })}</span>
        ) : (
          <span class="a-when">{a.due_at ? t('field.today.due', { d: fmtDate(a.due_at, L, false) }) : t('field.today.no_due')}</span>
        )}
        {a.visit?.scenario && (
          <span class="a-scenario">
            {t('field.today.scenario')}: {tx(a.visit.scenario, L)}
          </span>
        )}
        {a.visit?.unit?.address && <span class="a-address">{a.visit.unit.address}</span>}
        {badge && <span class={`badge badge-${badge[0]}`}>{t(badge[1], badge[2])}</span>}
      </a>
      {a.daily && <a class="a-grid small" href="#/self-checks">{t('daily.grid_link')}</a>}
    </li>
  );
}

/** Open assignments grouped by campaign. */
export function Today() {
  const s = useStore();
  const L = s.locale;
  useEffect(() => {
    if (s.online) refreshAssignments();
  }, []);
  if (s.assignments === null) return <p class="muted">{t('common.loading')}</p>;
  const groups = new Map();
  for (const a of s.assignments) {
    const key = a.campaign?.id ?? 0;
    if (!groups.has(key)) groups.set(key, { campaign: a.campaign, items: [] });
    groups.get(key).items.push(a);
  }
  return (
    <div class="today">
      <h1>{t('field.today.title')}</h1>
      {!s.online && s.assignmentsFetchedAt && <p class="muted small">{t('field.today.cached_at', { d: fmtDate(new Date(s.assignmentsFetchedAt).toISOString(), L) })}</p>}
      {s.assignments.length === 0 && <p class="empty">{t('field.today.no_assignments')}</p>}
      {[...groups.values()].map((g) => (
        <section class="campaign" key={g.campaign?.id}>
          <h2>{tx(g.campaign?.name, L)}</h2>
          <ul class="assignments">
            {g.items.map((a) => (
              <Card a={a} s={s} key={a.id} />
            ))}
          </ul>
        </section>
      ))}
      <SentList />
    </div>
  );
}
