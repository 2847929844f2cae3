// Fill one assignment: one section per screen, sticky progress, autosave of
// every change to IndexedDB, a review page listing unanswered required
// questions, and (for mystery shops) a visit-details page.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as db from '../db.js';
import { t, tx } from './i18n.js';
import { Question } from '../form/Renderer.jsx';
import { missingRequired, sectionProgress, visibleQuestions } from '../form/model.js';
import { processPhoto } from '../form/photo.js';
import { refreshLocal, submitDraft, useStore } from './controller.js';
import { VisitPage } from './VisitPage.jsx';

function usePhotoUrls(userId, hashes) {
  const [urls, setUrls] = useState({});
  const key = hashes.join(',');
  useEffect(() => {
    let alive = true;
    (async () => {
      const next = {};
      for (const h of hashes) {
        if (urls[h]) next[h] = urls[h];
        else {
          const p = await db.getPhoto(userId, h);
          if (p) next[h] = URL.createObjectURL(p.thumb || p.blob);
        }
      }
      if (alive) setUrls(next);
    })();
    return () => {
      alive = false;
    };
  }, [key]);
  return urls;
}

/** Serialise draft writes so the last change always wins. */
function useAutosave() {
  const chain = useRef(Promise.resolve());
  const [state, setState] = useState('saved');
  const save = (draft) => {
    setState('saving');
    chain.current = chain.current.then(() => db.saveDraft(draft)).then(
      () => setState('saved'),
      () => setState('error'),
    );
  };
  return [state, save];
}

function ReviewPage({ def, draft, L, goTo }) {
  const missing = missingRequired(def, draft.answers, draft.na);
  const rel = draft.relationship;
  return (
    <div class="review">
      <h2>{missing.length ? t('form.missing_title') : t('field.form.missing_none')}</h2>
      {missing.length > 0 && (
        <ol class="missing-list">
          {missing.map(({ q, si }) => (
            <li key={q.id}>
              <a
                href={`#q-${q.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  goTo(si, q.id);
                }}
              >
                {tx(rel === 'self' && q.self_label ? q.self_label : q.label, L)}
              </a>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function newDraft(userId, assignment) {
  const now = new Date().toISOString();
  return {
    userId,
    assignmentId: assignment.id,
    formVersionId: assignment.form_version_id,
    relationship: assignment.relationship,
    answers: {},
    na: [],
    startedAt: now,
    page: 0,
    updatedAt: Date.now(),
    visit: assignment.relationship === 'mystery_shopper' ? { start: now, end: null, geo: null, staffId: null } : null,
  };
}

/** The form screen for one assignment. */
export function FormScreen({ assignmentId }) {
  const s = useStore();
  const L = s.locale;
  const userId = s.user.id;
  const assignment = (s.assignments || []).find((a) => a.id === assignmentId);
  const [loaded, setLoaded] = useState({ version: undefined, draft: null });
  const version = loaded.version;
  const draft = loaded.draft;
  const setDraft = (d) => setLoaded((x) => ({ ...x, draft: d }));
  const [done, setDone] = useState(null);
  const [saveState, save] = useAutosave();
  const focusAfter = useRef(null);

  useEffect(() => {
    if (!assignment) return;
    (async () => {
      // Both reads at once, one render: the form appears in a single pass.
      const [v, existing] = await Promise.all([db.getForm(assignment.form_version_id), db.getDraft(userId, assignment.id)]);
      const d = existing || newDraft(userId, assignment);
      setLoaded({ version: v || null, draft: d });
      if (!existing) {
        await db.saveDraft(d);
        refreshLocal();
      }
    })();
  }, [assignmentId, assignment?.form_version_id]);

  const def = version?.definition;
  const hashes = useMemo(
    () => (draft ? Object.values(draft.answers).flatMap((v) => (Array.isArray(v) ? v.filter((x) => /^[0-9a-f]{64}$/.test(x)) : [])) : []),
    [draft],
  );
  const urls = usePhotoUrls(userId, hashes);

  useEffect(() => {
    if (focusAfter.current) {
      const el = document.getElementById(`q-${focusAfter.current}`);
      focusAfter.current = null;
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus();
      }
    } else if (draft) {
      // New section: start at the top and tell screen readers where they are.
      window.scrollTo(0, 0);
      document.querySelector('.section-title')?.focus({ preventScroll: true });
    }
  }, [draft?.page]);

  if (s.assignments === null) return <p class="muted">{t('common.loading')}</p>;
  if (done)
    return (
      <div class="card done" role="status">
        <h1>{t('field.form.submitted_title')}</h1>
        <p>{s.online ? t('field.form.submitted_online') : t('field.form.submitted_offline')}</p>
        <p>
          <a class="btn btn-primary" href="#/">
            {t('field.form.back_to_list')}
          </a>{' '}
          <a class="btn btn-secondary" href="#/outbox">
            {t('field.nav.outbox')}
          </a>
        </p>
      </div>
    );
  if (!assignment) return <p class="empty">{t('common.error.not_found')}</p>;
  if (version === null) return <p class="empty">{t('field.today.form_unavailable')}</p>;
  if (!def || !draft) return <p class="muted">{t('common.loading')}</p>;

  const visitPage = assignment.relationship === 'mystery_shopper' ? 1 : 0;
  const sections = def.sections || [];
  const pageCount = visitPage + sections.length + 1;
  const page = Math.min(draft.page || 0, pageCount - 1);
  const si = page - visitPage;
  const progress = sectionProgress(def, draft.answers, draft.na);
  const tot = {
    required: progress.reduce((a, p) => a + p.required, 0),
    answeredRequired: progress.reduce((a, p) => a + p.answeredRequired, 0),
  };
  const missingNow = new Set(progress.flatMap((p) => p.missing.map((q) => q.id)));

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
  const photos = {
    add: async (file) => {
      const p = await processPhoto(file);
      await db.putPhoto(userId, p);
      return p.sha256;
    },
    thumbUrl: (sha) => urls[sha] || '',
  };
  const submit = async () => {
    const title = `${tx(assignment.campaign?.name, L)} · ${assignment.visit ? tx(assignment.visit.unit?.name, L) : assignment.subject?.name || t(`field.rel.${assignment.relationship}`)}`;
    const item = await submitDraft(draft, assignment, version, title);
    setDone(item);
  };
  const discard = async () => {
    if (!confirm(t('field.form.discard_draft_confirm'))) return;
    await db.deleteDraft(userId, assignment.id);
    await refreshLocal();
    location.hash = '#/';
  };

  const pct = tot.required ? Math.round((100 * tot.answeredRequired) / tot.required) : 100;
  const isReview = page === pageCount - 1;
  const sectionTitle = si >= 0 && si < sections.length ? tx(sections[si].title, L) : isReview ? t('field.form.review_submit') : t('field.visit.title');

  return (
    <div class="form-screen">
      <div class="progress" role="group" aria-label={tx(def.title, L)}>
        <div class="progress-row">
          <span>{t('field.form.section_of', { k: page + 1, n: pageCount })}</span>
          <span>{t('field.form.answered_of', { a: tot.answeredRequired, r: tot.required })}</span>
          <span class={`save-state ${saveState}`} aria-live="polite">
            {saveState === 'saving' ? t('field.form.saving') : t('field.form.saved_local')}
          </span>
        </div>
        <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct} aria-label={t('field.form.answered_of', { a: tot.answeredRequired, r: tot.required })}>
          <span style={{ width: `${pct}%` }} />
        </div>
      </div>
      <h1 class="form-title">{tx(def.title, L)}</h1>
      {assignment.rejected && <p class="note">{t('field.today.rejected_note', { r: assignment.rejected.reason || '—' })}</p>}
      <h2 class="section-title" tabIndex={-1}>
        {sectionTitle}
      </h2>
      {page < visitPage && <VisitPage draft={draft} assignment={assignment} L={L} update={update} />}
      {si >= 0 && si < sections.length && (
        <div class="questions">
          {visibleQuestions(def, draft.answers, draft.na, si).map((q) => (
            <Question
              key={q.id}
              q={q}
              def={def}
              value={draft.answers[q.id]}
              na={draft.na.includes(q.id)}
              locale={L}
              relationship={assignment.relationship}
              onAnswer={onAnswer}
              onNa={onNa}
              photos={photos}
              missing={isReview && missingNow.has(q.id)}
            />
          ))}
        </div>
      )}
      {isReview && <ReviewPage def={def} draft={draft} L={L} goTo={(sIdx, qid) => goPage(sIdx + visitPage, qid)} />}
      <div class="pager">
        <button type="button" class="btn btn-secondary" disabled={page === 0} onClick={() => goPage(page - 1)}>
          {t('field.form.prev')}
        </button>
        {isReview ? (
          <button type="button" class="btn btn-primary" disabled={missingNow.size > 0} onClick={submit}>
            {t('form.submit')}
          </button>
        ) : (
          <button type="button" class="btn btn-primary" onClick={() => goPage(page + 1)}>
            {page === pageCount - 2 ? t('field.form.review_submit') : t('field.form.next')}
          </button>
        )}
      </div>
      <p class="discard-row">
        <button type="button" class="link danger" onClick={discard}>
          {t('field.form.discard_draft')}
        </button>
      </p>
    </div>
  );
}
