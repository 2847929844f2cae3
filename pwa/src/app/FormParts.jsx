// The parts of the form screen around the questions: progress bar, review page, pager and
// the "submitted" card.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, tx } from './i18n.js';
import { missingRequired } from '../form/model.js';
import { countChange, countWords, percentDone } from '../form/counting.js';
import { AnswerSummary } from './Summary.jsx';

/** The review page: what is still missing (as links), then the summary of what is sent. */
export function ReviewPage({ def, draft, assignment, L, goTo, photos }) {
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
      <AnswerSummary def={def} draft={draft} assignment={assignment} L={L} photos={photos} />
    </div>
  );
}

/** Shown once the draft became an outbox item. */
export function Submitted({ online }) {
  return (
    <div class="card done" role="status">
      <h1>{t('field.form.submitted_title')}</h1>
      <p>{online ? t('field.form.submitted_online') : t('field.form.submitted_offline')}</p>
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
}

/** A calm word when follow-up questions appear or go away: {key, params} or null. */
function useCountChange(required) {
  const before = useRef(required);
  const [change, setChange] = useState(null);
  useEffect(() => {
    const c = countChange(before.current, required);
    before.current = required;
    if (c) setChange(c);
  }, [required]);
  return change;
}

/** Sticky progress: page k of n, required questions answered now, autosave state, bar. */
export function FormProgress({ title, page, pageCount, tot, saveState }) {
  const pct = percentDone(tot);
  const words = countWords(tot);
  const answered = t(words.key, words.params);
  const change = useCountChange(tot.required);
  return (
    <div class="progress" role="group" aria-label={title}>
      <div class="progress-row">
        <span>{t('field.form.section_of', { k: page + 1, n: pageCount })}</span>
        <span class="count">{answered}</span>
        <span class={`save-state ${saveState}`} aria-live="polite">
          {saveState === 'saving' ? t('field.form.saving') : t('field.form.saved_local')}
        </span>
      </div>
      <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct} aria-label={answered}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p class="count-change small" aria-live="polite">
        {change ? t(change.key, change.params) : ''}
      </p>
    </div>
  );
}

/** Previous / next (or submit on the review page, once nothing required is missing). */
export function Pager({ page, pageCount, isReview, canSubmit, goPage, submit }) {
  return (
    <div class="pager">
      <button type="button" class="btn btn-secondary" disabled={page === 0} onClick={() => goPage(page - 1)}>
        {t('field.form.prev')}
      </button>
      {isReview ? (
        <button type="button" class="btn btn-primary" disabled={!canSubmit} onClick={submit}>
          {t('form.submit')}
        </button>
      ) : (
        <button type="button" class="btn btn-primary" onClick={() => goPage(page + 1)}>
          {page === pageCount - 2 ? t('field.form.review_submit') : t('field.form.next')}
        </button>
      )}
    </div>
  );
}
