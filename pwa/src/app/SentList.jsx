// Today's "Sent" list: the submissions the server acknowledged, newest first, with the
// time the acknowledgement arrived (the outbox keeps a small receipt per sent item).
import { useEffect, useState } from 'preact/hooks';
import { listReceipts } from '../db.js';
import { fmtDate, register, t } from '../i18n/index.js';
import { useStore } from './store.js';

register(import.meta.glob('../i18n/*/sent.js', { eager: true }));

export function SentList() {
  const s = useStore();
  const [rows, setRows] = useState([]);
  const userId = s.user?.id;
  useEffect(() => {
    if (userId != null) listReceipts(userId, 10).then(setRows, () => setRows([]));
  }, [userId, s.assignments]);
  if (rows.length === 0) return null;
  return (
    <section class="sent" aria-labelledby="sent-title">
      <h2 id="sent-title">{t('sent.title')}</h2>
      <ul class="ob-list">
        {rows.map((r) => (
          <li class="ob-item state-synced" key={r.id}>
            <span class="ob-title">{r.title || r.id}</span>
            <span class="ob-meta small">{t('sent.at', { d: fmtDate(new Date(r.syncedAt).toISOString(), s.locale) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
