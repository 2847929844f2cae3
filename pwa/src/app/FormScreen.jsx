// Fill one assignment: one section per screen, sticky progress, autosave of
// every change to IndexedDB, a review page listing unanswered required
// questions, and (for mystery shops) a visit-details page with the visit's expenses
// (recorded through the outbox, offline too).
import { useMemo, useState } from 'preact/hooks';
import * as db from '../db.js';
import { t, tx } from './i18n.js';
import { Question } from '../form/Renderer.jsx';
import { sectionProgress, visibleQuestions } from '../form/model.js';
import { requiredTotals } from '../form/counting.js';
import { coveredIds, formPages, pageOfSection } from './visitMerge.js';
import { ReturnedNote } from './Summary.jsx';
import { processPhoto } from '../form/photo.js';
import { refreshLocal, submitDraft, useStore } from './controller.js';
import { VisitPage } from './VisitPage.jsx';
import { FormProgress, Pager, ReviewPage, Submitted } from './FormParts.jsx';
import { useAutosave, useDraft, useFocusOnPage, usePhotoUrls } from './formDraft.js';
import { ObserveNote, ObservedAgain } from '../scorecard/Observed.jsx';
import { Expenses } from '../pay/Expenses.jsx';

const SHA256 = /^[0-9a-f]{64}$/;

/** Where the screen is: the pages (visit details, sections, review), progress, missing ids. */
function layout(def, assignment, draft) {
  const pages = formPages(def, assignment.relationship === 'mystery_shopper');
  const page = Math.min(draft.page || 0, pages.length - 1);
  const progress = sectionProgress(def, draft.answers, draft.na);
  return {
    pages,
    pageCount: pages.length,
    page,
    at: pages[page],
    isReview: pages[page].kind === 'review',
    tot: requiredTotals(progress),
    missingNow: new Set(progress.flatMap((p) => p.missing.map((q) => q.id))),
    flagged: new Set(draft.flagged || []),
  };
}

function sectionTitle({ at, isReview }, def, L) {
  if (at.kind === 'section') return tx(def.sections[at.si].title, L);
  return isReview ? t('field.form.review_submit') : t('field.visit.title');
}

/** The outbox title: campaign · unit visited, else the person rated, else the relationship. */
function submissionTitle(assignment, L) {
  const who = assignment.visit ? tx(assignment.visit.unit?.name, L) : assignment.subject?.name || t(`field.rel.${assignment.relationship}`);
  return `${tx(assignment.campaign?.name, L)} · ${who}`;
}

/** Changing the draft (answers, N/A marks, the page); every change is saved. */
function draftEditor(draft, setDraft, save, focusAfter) {
  const update = (next) => {
    const d = { ...next, updatedAt: Date.now() };
    setDraft(d);
    save(d);
  };
  const onAnswer = (qid, value) => {
    const answers = { ...draft.answers };
    if (value === null || value === undefined) delete answers[qid];
    else answers[qid] = value;
    update({ ...draft, answers });
  };
  const onNa = (qid, on) => {
    const na = new Set(draft.na);
    on ? na.add(qid) : na.delete(qid);
    update({ ...draft, na: [...na] });
  };
  const goPage = (p, qid = null) => {
    focusAfter.current = qid;
    update({ ...draft, page: p });
  };
  return { update, onAnswer, onNa, goPage };
}

function photoStore(userId, urls) {
  return {
    add: async (file) => {
      const p = await processPhoto(file);
      await db.putPhoto(userId, p);
      return p.sha256;
    },
    thumbUrl: (sha) => urls[sha] || '',
  };
}

/** The questions of section `si` (shown ones only, less those the visit page asks). */
function Questions({ def, draft, assignment, L, at, si, edit, photos, skip }) {
  return (
    <div class="questions">
      {visibleQuestions(def, draft.answers, draft.na, si).filter((q) => !skip?.has(q.id)).map((q) => (
        <Question
          key={q.id}
          q={q}
          def={def}
          value={draft.answers[q.id]}
          na={draft.na.includes(q.id)}
          locale={L}
          relationship={assignment.relationship}
          onAnswer={edit.onAnswer}
          onNa={edit.onNa}
          photos={photos}
          missing={at.isReview && at.missingNow.has(q.id)}
          flagged={at.flagged.has(q.id)}
        />
      ))}
    </div>
  );
}

/** The body of the page on screen: visit details (with the visit section), a section, or the review. */
function PageBody({ def, draft, assignment, L, at, edit, photos }) {
  const { kind, si } = at.at;
  if (kind === 'visit')
    return (
      <>
        <VisitPage draft={draft} assignment={assignment} def={def} L={L} update={edit.update} />
        {si >= 0 && <Questions def={def} draft={draft} assignment={assignment} L={L} at={at} si={si} edit={edit} photos={photos} skip={coveredIds(def, draft.visit)} />}
        {assignment.relationship === 'mystery_shopper' && <Expenses visitId={assignment.id} L={L} unitName={tx(assignment.visit?.unit?.name, L)} />}
      </>
    );
  if (kind === 'section') return <Questions def={def} draft={draft} assignment={assignment} L={L} at={at} si={si} edit={edit} photos={photos} />;
  return <ReviewPage def={def} draft={draft} assignment={assignment} L={L} photos={photos} goTo={(sIdx, qid) => edit.goPage(pageOfSection(at.pages, sIdx), qid)} />;
}

function FormPage({ def, draft, assignment, L, edit, photos, saveState, submit, discard }) {
  const at = layout(def, assignment, draft);
  const { page, pageCount, isReview } = at;
  return (
    <div class="form-screen">
      <FormProgress title={tx(def.title, L)} page={page} pageCount={pageCount} tot={at.tot} saveState={saveState} />
      <h1 class="form-title">{tx(def.title, L)}</h1>
      {assignment.repeatable && <ObserveNote a={assignment} />}
      {assignment.rejected && <ReturnedNote rejected={assignment.rejected} def={def} L={L} goTo={(sIdx, qid) => edit.goPage(pageOfSection(at.pages, sIdx), qid)} />}
      <h2 class="section-title" tabIndex={-1}>
        {sectionTitle(at, def, L)}
      </h2>
      <PageBody def={def} draft={draft} assignment={assignment} L={L} at={at} edit={edit} photos={photos} />
      <Pager page={page} pageCount={pageCount} isReview={isReview} canSubmit={at.missingNow.size === 0} goPage={edit.goPage} submit={submit} />
      <p class="discard-row">
        <button type="button" class="link danger" onClick={discard}>
          {t('field.form.discard_draft')}
        </button>
      </p>
    </div>
  );
}

/** The form screen for one assignment. */
export function FormScreen({ assignmentId }) {
  const s = useStore();
  const L = s.locale;
  const userId = s.user.id;
  const assignment = (s.assignments || []).find((a) => a.id === assignmentId);
  // a repeatable form (the supervisor's observations): each round is a new submission
  const [round, setRound] = useState(0);
  const [version, draft, setDraft] = useDraft(assignment, userId, assignmentId, round);
  const [done, setDone] = useState(null);
  const [saveState, save] = useAutosave();
  const hashes = useMemo(
    () => (draft ? Object.values(draft.answers).flatMap((v) => (Array.isArray(v) ? v.filter((x) => SHA256.test(x)) : [])) : []),
    [draft],
  );
  const urls = usePhotoUrls(userId, hashes);
  const focusAfter = useFocusOnPage(draft);

  const def = version?.definition;
  if (s.assignments === null) return <p class="muted">{t('common.loading')}</p>;
  if (done && assignment?.repeatable) return <ObservedAgain onAgain={() => (setDone(null), setRound((r) => r + 1))} />;
  if (done) return <Submitted online={s.online} />;
  if (!assignment) return <p class="empty">{t('common.error.not_found')}</p>;
  if (version === null) return <p class="empty">{t('field.today.form_unavailable')}</p>;
  if (!def || !draft) return <p class="muted">{t('common.loading')}</p>;

  const submit = async () => setDone(await submitDraft(draft, assignment, version, submissionTitle(assignment, L)));
  const discard = async () => {
    if (!confirm(t('field.form.discard_draft_confirm'))) return;
    await db.deleteDraft(userId, assignment.id);
    await refreshLocal();
    location.hash = '#/';
  };
  const edit = draftEditor(draft, setDraft, save, focusAfter);
  const photos = photoStore(userId, urls);
  return <FormPage def={def} draft={draft} assignment={assignment} L={L} edit={edit} photos={photos} saveState={saveState} submit={submit} discard={discard} />;
}
