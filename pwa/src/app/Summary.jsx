// Before submitting: every section's answers with their photos, and what will be sent (the
// visit times, the staff member, the position, the number of photos). Also the note on a
// visit HR returned: the reason and the questions HR flagged.
import { fmtDate, t, tx } from './i18n.js';
import { answerText } from '../form/answerText.js';
import { photoHashes, visibleQuestions } from '../form/model.js';
import { fmtQuantity } from '../form/units.js';
import { coveredIds, visitSectionIndex } from './visitMerge.js';

const words = () => ({ yes: t('form.yes'), no: t('form.no'), na: t('form.na_label'), none: t('shopper.summary.not_answered') });

/** HR's reason and, as links, the questions HR asked to look at again. */
export function ReturnedNote({ rejected, def, L, goTo }) {
  const flagged = new Set(rejected.flagged || []);
  const where = [];
  (def.sections || []).forEach((s, si) => (s.questions || []).forEach((q) => flagged.has(q.id) && where.push({ q, si })));
  return (
    <div class="note returned" role="note">
      <p>
        <strong>{t('shopper.returned.title')}</strong> {t('shopper.returned.reason', { r: rejected.reason || '—' })}
      </p>
      <p class="small">{t('shopper.returned.kept')}</p>
      {where.length > 0 && (
        <>
          <p class="small">{t('shopper.returned.flagged')}</p>
          <ul class="flag-list">
            {where.map(({ q, si }) => (
              <li key={q.id}>
                <a href={`#q-${q.id}`} onClick={(e) => (e.preventDefault(), goTo(si, q.id))}>
                  {tx(q.label, L)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function AnswerRow({ q, draft, def, L, photos }) {
  const value = draft.answers[q.id];
  const na = draft.na.includes(q.id);
  const shas = q.type === 'photo' && !na && Array.isArray(value) ? value : [];
  return (
    <div class="sum-row">
      <dt>{tx(draft.relationship === 'self' && q.self_label ? q.self_label : q.label, L)}</dt>
      <dd>
        {answerText(q, value, { na, def, locale: L, words: words() })}
        {shas.length > 0 && (
          <span class="sum-photos">
            {shas.map((sha, n) => (
              <img key={sha} src={photos.thumbUrl(sha)} alt={t('form.photo_n', { n: n + 1 })} width="64" height="64" />
            ))}
          </span>
        )}
      </dd>
    </div>
  );
}

function VisitFacts({ draft, assignment, L }) {
  const v = draft.visit;
  if (!v) return null;
  const staff = (assignment.visit?.staff || []).find((p) => p.id === v.staffId);
  return (
    <>
      <div class="sum-row">
        <dt>{t('field.visit.start')}</dt>
        <dd>{fmtDate(v.start, L) || t('shopper.summary.not_answered')}</dd>
      </div>
      <div class="sum-row">
        <dt>{t('field.visit.end')}</dt>
        <dd>{v.end ? fmtDate(v.end, L) : t('shopper.summary.end_now')}</dd>
      </div>
      <div class="sum-row">
        <dt>{t('field.visit.staff_served')}</dt>
        <dd>{staff ? staff.name : t('field.visit.staff_not_identified')}</dd>
      </div>
      <div class="sum-row">
        <dt>{t('field.visit.location')}</dt>
        <dd>{v.geo ? t('shopper.visit.location_value', { acc: fmtQuantity(v.geo.accuracy, 'm', L), t: fmtDate(v.geo.captured_at, L) }) : t('shopper.summary.no_location')}</dd>
      </div>
    </>
  );
}

function Rows({ def, draft, si, L, photos, skip }) {
  return visibleQuestions(def, draft.answers, draft.na, si)
    .filter((q) => !skip.has(q.id))
    .map((q) => <AnswerRow key={q.id} q={q} draft={draft} def={def} L={L} photos={photos} />);
}

/** Every section with its shown questions and answers (the visit section together with the
 * visit details, as on screen), then what goes to the server. */
export function AnswerSummary({ def, draft, assignment, L, photos }) {
  const sent = photoHashes(def, draft.answers).length;
  const merged = draft.visit ? visitSectionIndex(def) : -1;
  const none = new Set();
  return (
    <section class="summary" aria-labelledby="summary-title">
      <h3 id="summary-title">{t('shopper.summary.title')}</h3>
      {draft.visit && (
        <div class="sum-section">
          <h4>{t('field.visit.title')}</h4>
          <dl>
            <VisitFacts draft={draft} assignment={assignment} L={L} />
            {merged >= 0 && <Rows def={def} draft={draft} si={merged} L={L} photos={photos} skip={coveredIds(def, draft.visit)} />}
          </dl>
        </div>
      )}
      {(def.sections || []).map((s, si) =>
        si === merged || !visibleQuestions(def, draft.answers, draft.na, si).length ? null : (
          <div class="sum-section" key={s.id}>
            <h4>{tx(s.title, L)}</h4>
            <dl>
              <Rows def={def} draft={draft} si={si} L={L} photos={photos} skip={none} />
            </dl>
          </div>
        ),
      )}
      <p class="sum-sent">{t('shopper.summary.what_is_sent', { n: sent })}</p>
    </section>
  );
}
