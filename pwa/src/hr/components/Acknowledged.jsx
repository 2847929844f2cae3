// HR: who acknowledged their released review in this campaign, when, and their comment
// (GET /campaigns/{id}/acknowledgements). Mounted on the campaign page once released.
import { useLoad } from '../../useLoad.js';
import { fmtDate, register, t } from '../../i18n/index.js';
import { get } from '../endpoints.js';

register(import.meta.glob('../../i18n/*/ack.js', { eager: true }));

export function Acknowledged({ L, id }) {
  const state = useLoad(() => get(`/api/v1/campaigns/${id}/acknowledgements`).catch(() => null), [id]);
  const rows = state.data?.acknowledgements || [];
  return (
    <section aria-labelledby="ack-title">
      <h3 id="ack-title">{t('ack.title')}</h3>
      {rows.length === 0 ? <p class="muted">{t('ack.none')}</p> : (
        <table class="acknowledged">
          <thead><tr><th scope="col">{t('ack.name')}</th><th scope="col">{t('ack.when')}</th><th scope="col">{t('ack.comment')}</th></tr></thead>
          <tbody>{rows.map((a) => <tr key={a.employee_id}><th scope="row">{a.name}</th><td>{fmtDate(a.acknowledged_at, L, false)}</td><td>{a.comment || '—'}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
