// The form screen's state: the draft and its form version loaded from IndexedDB (a new
// draft is saved at once), serialised autosave, photo thumbnails, focus after a page change.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as db from '../db.js';
import { refreshLocal } from './controller.js';
import { defaultVisitStart, returnedPhotos, seedFromReturn, shouldReseed } from './returned.js';
import { withVisitAnswers } from './visitMerge.js';

export function usePhotoUrls(userId, hashes) {
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
          // A returned report's photos stay on the server; their thumbnails are kept here.
          const blob = p ? p.thumb || p.blob : await db.getMeta(`thumb:${h}`);
          if (blob) next[h] = URL.createObjectURL(blob);
          else if (navigator.onLine !== false) next[h] = `/api/v1/attachments/${h}/thumb`;
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
export function useAutosave() {
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

/** Keep the thumbnails of a returned report's photos on the phone (best effort, online). */
async function keepReturnedThumbs(rejected) {
  for (const sha of returnedPhotos(rejected)) {
    if (await db.getMeta(`thumb:${sha}`)) continue;
    try {
      const res = await fetch(`/api/v1/attachments/${sha}/thumb`, { credentials: 'same-origin' });
      if (res.ok) await db.setMeta(`thumb:${sha}`, await res.blob());
    } catch {
      // offline: the thumbnail shows once online; the photo itself is safe on the server
    }
  }
}

function newDraft(userId, assignment, def) {
  const now = new Date().toISOString();
  const start = defaultVisitStart(assignment, now);
  const base = {
    userId,
    assignmentId: assignment.id,
    formVersionId: assignment.form_version_id,
    relationship: assignment.relationship,
    answers: {},
    na: [],
    startedAt: now,
    page: 0,
    updatedAt: Date.now(),
    visit: assignment.relationship === 'mystery_shopper' ? { start, end: null, geo: null, staffId: null } : null,
  };
  if (base.visit) base.answers = withVisitAnswers({}, base.visit, def);
  return assignment.rejected?.answers ? seedFromReturn(base, assignment.rejected, def) : base;
}

/** The assignment's form version (null: not stored) and draft, read together in one render. */
export function useDraft(assignment, userId, assignmentId, round = 0) {
  const [loaded, setLoaded] = useState({ version: undefined, draft: null, round });
  const setDraft = (d) => setLoaded((x) => ({ ...x, draft: d }));
  useEffect(() => {
    if (!assignment) return;
    (async () => {
      // Both reads at once, one render: the form appears in a single pass.
      const [v, existing] = await Promise.all([db.getForm(assignment.form_version_id), db.getDraft(userId, assignment.id)]);
      const fresh = !existing || shouldReseed(existing, assignment.rejected);
      const d = fresh ? newDraft(userId, assignment, v?.definition) : existing;
      setLoaded({ version: v || null, draft: d, round });
      if (assignment.rejected) keepReturnedThumbs(assignment.rejected);
      if (fresh) {
        await db.saveDraft(d);
        refreshLocal();
      }
    })();
  }, [assignmentId, assignment?.form_version_id, round]);
  // Another round (a repeatable form): never the round just submitted, not even for one
  // render (it could be sent twice, or answers typed into it lost); loading until the new one.
  return [loaded.version, loaded.round === round ? loaded.draft : null, setDraft];
}

/** After a page change: focus the question asked for (`focusAfter.current`), else the top. */
export function useFocusOnPage(draft) {
  const focusAfter = useRef(null);
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
  return focusAfter;
}
