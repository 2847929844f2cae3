import { useEffect, useState } from 'preact/hooks';
import * as db from '../db.js';
import { fmtDate, t } from './i18n.js';
import { discardItem, flush, retryItem, useStore } from './controller.js';
import { fieldProblems, itemMessage, questionLabels } from './problems.js';
import { isHeld } from '../outbox/states.js';

const iso = (ms) => (ms ? new Date(ms).toISOString() : null);

/** Question labels of the item's form version (from the phone's cache), once needed. */
function useLabels(item) {
  const [labels, setLabels] = useState(null);
  const versionId = item.submission?.form_version_id;
  const wanted = !!item.error?.details?.fields && versionId != null;
  useEffect(() => {
    if (!wanted) return undefined;
    let live = true;
    db.getForm(versionId).then((version) => live && version && setLabels(questionLabels(version.definition)));
    return () => {
      live = false;
    };
  }, [versionId, wanted]);
  return labels;
}

function ItemActions({ item }) {
  return (
    <div class="ob-actions">
      {(item.state === 'attention' || item.state === 'waiting') && (
        <button type="button" class="btn btn-small btn-secondary" onClick={() => retryItem(item)}>
          {t('common.retry')}
        </button>
      )}
      {item.state === 'attention' && (
        <button type="button" class="btn btn-small btn-ghost danger" onClick={() => confirm(t('field.outbox.discard_confirm')) && discardItem(item)}>
          {t('field.outbox.discard')}
        </button>
      )}
    </div>
  );
}

function ItemRow({ item, items, L }) {
  const labels = useLabels(item);
  return (
    <li class={`ob-item state-${item.state}${item.kind ? ` kind-${item.kind}` : ''}`} data-item={item.id}>
      <div class="ob-head">
        <span class="ob-title">{item.title || item.id}</span>
        <span class={`badge badge-${item.state}`}>{t(`field.state.${item.state}`)}</span>
      </div>
      <div class="ob-meta">
        {t('field.outbox.last_attempt', { d: item.lastAttemptAt ? fmtDate(iso(item.lastAttemptAt), L) : t('field.outbox.never') })}
        {item.state === 'waiting' && item.attempts > 0 && <> · {t('field.outbox.next_attempt', { d: fmtDate(iso(item.nextAttemptAt), L) })}</>}
      </div>
      {item.state === 'waiting' && isHeld(item, items) && <p class="hint held">{t('field.outbox.held_expenses')}</p>}
      {item.error && item.state !== 'synced' && (
        <p class={item.state === 'attention' ? 'field-error' : 'hint'}>
          {item.error.code === 'network' ? t('common.error.offline') : item.state === 'auth' ? t('field.shell.auth_needed_banner') : itemMessage(item.error, L)}
        </p>
      )}
      {item.error?.details?.fields && (
        <ul class="hint">
          {fieldProblems(item.error.details.fields, labels, L).map((p) => (
            <li key={p.field}>
              {p.label}: {p.text}
            </li>
          ))}
        </ul>
      )}
      <ItemActions item={item} />
    </li>
  );
}

function Drafts({ drafts, assignments, L }) {
  const titleOf = (d) => {
    const a = (assignments || []).find((x) => x.id === d.assignmentId);
    return a ? t(`field.rel.${a.relationship}`) + (a.subject?.name ? ` · ${a.subject.name}` : '') : `#${d.assignmentId}`;
  };
  return (
    <>
      <h2>{t('field.state.draft')}</h2>
      <ul class="ob-list">
        {drafts.map((d) => (
          <li class="ob-item state-draft" key={d.key}>
            <a href={`#/form/${d.assignmentId}`} class="ob-head">
              <span class="ob-title">{titleOf(d)}</span>
              <span class="badge badge-draft">{t('field.state.draft')}</span>
            </a>
            <div class="ob-meta">{fmtDate(iso(d.updatedAt), L)}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

function Receipts({ receipts, L }) {
  return (
    <>
      <h2>{t('field.outbox.recently_synced')}</h2>
      <ul class="ob-list">
        {receipts.map((r) => (
          <li class="ob-item state-synced" key={r.id}>
            <div class="ob-head">
              <span class="ob-title">{r.title || r.id}</span>
              <span class="badge badge-synced">{t('field.state.synced')}</span>
            </div>
            <div class="ob-meta">{fmtDate(iso(r.syncedAt), L)}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Drafts, unsent items with their state and the server's message, recently synced items. */
export function Outbox() {
  const s = useStore();
  const L = s.locale;
  return (
    <div class="outbox">
      <div class="row-between">
        <h1>{t('field.outbox.title')}</h1>
        <button type="button" class="btn btn-primary" disabled={s.syncing || s.authNeeded || !s.outbox.length} onClick={() => flush(true)}>
          {s.syncing ? t('common.syncing') : t('field.outbox.sync_now')}
        </button>
      </div>
      {s.outbox.length === 0 && <p class="empty">{t('field.outbox.empty')}</p>}
      <ul class="ob-list">
        {s.outbox.map((i) => (
          <ItemRow item={i} items={s.outbox} L={L} key={i.id} />
        ))}
      </ul>
      {s.drafts.length > 0 && <Drafts drafts={s.drafts} assignments={s.assignments} L={L} />}
      {s.receipts.length > 0 && <Receipts receipts={s.receipts} L={L} />}
    </div>
  );
}
