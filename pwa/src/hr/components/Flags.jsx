// HR's visit review: flag answers for the shopper to check again. A flag toggle beside
// each answer, the flagged questions listed beside the reject button; "Reject" sends their
// ids as `flagged` and the field app marks those questions when the visit reopens.
import { useState } from 'preact/hooks';
import { register, t, tx } from '../../i18n/index.js';

register(import.meta.glob('../../i18n/*/flags.js', { eager: true }));

/** The flagged question ids of one visit, in the order HR flagged them. */
export function useFlags(visitId) {
  const [state, setState] = useState({ visitId, ids: [] });
  const ids = state.visitId === visitId ? state.ids : []; // another visit starts unflagged
  return {
    has: (qid) => ids.includes(qid),
    ids: () => [...ids],
    toggle: (qid) => setState({ visitId, ids: ids.includes(qid) ? ids.filter((x) => x !== qid) : [...ids, qid] }),
  };
}

/** The toggle beside an answer (a pressed button while flagged). */
export function FlagButton({ on, label, toggle }) {
  return (
    <button type="button" class={`btn btn-small flag-toggle${on ? ' on' : ' btn-ghost'}`} aria-pressed={on ? 'true' : 'false'} aria-label={t(on ? 'flags.unflag' : 'flags.flag_label', { q: label })} onClick={toggle}>
      <span aria-hidden="true">⚑ </span>
      {t(on ? 'flags.flagged' : 'flags.flag')}
    </button>
  );
}

/** The flagged questions, by their labels, shown with the reject button. */
export function FlagList({ L, flags, definition }) {
  const labels = new Map((definition?.sections || []).flatMap((s) => s.questions).map((q) => [q.id, tx(q.label, L)]));
  const ids = flags.ids();
  return (
    <div class="flag-list-hr" aria-live="polite">
      <p class="flag-title">
        <strong>{t('flags.title', { n: ids.length })}</strong>
      </p>
      {ids.length ? (
        <ul>
          {ids.map((qid) => (
            <li key={qid}>{labels.get(qid) || qid}</li>
          ))}
        </ul>
      ) : (
        <p class="hint">{t('flags.none')}</p>
      )}
      {ids.length > 0 && <p class="hint">{t('flags.hint')}</p>}
    </div>
  );
}
