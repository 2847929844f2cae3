// Closed-loop SLA per unit in the HR console (issue 14 §2): for each unit, the share of each
// stage done on time, the median time to close and the open overdue items, from
// GET /api/v1/action-items/sla (items of hidden groups are not counted by the server).
import { register, t, tx } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { request } from '../../api.js';
import { Status } from '../components/Status.jsx';

register(import.meta.glob('../../i18n/*/actions.js', { eager: true }));

const STAGES = ['ack', 'response', 'plan', 'followup'];

function share(st) {
  if (!st || st.share == null) return '–';
  return `${st.on_time}/${st.due} · ${Math.round(st.share * 100)} %`;
}

function Row({ u, L }) {
  return (
    <tr class={u.open_overdue ? 'overdue' : ''}>
      <th scope="row">{tx(u.unit.name, L)}</th>
      <td class="num">{u.items}</td>
      {STAGES.map((s) => (
        <td key={s} class="num">{share(u.stages[s])}</td>
      ))}
      <td class="num">{u.median_hours_to_close == null ? '–' : t('actions.sla.hours', { h: u.median_hours_to_close.toFixed(1) })}</td>
      <td class="num">{u.open_overdue}</td>
    </tr>
  );
}

/** The SLA table; `query` narrows it (campaign_id, unit_id) when the console filters. */
export function ActionSla({ L, query = '' }) {
  const a = useLoad(() => request('GET', `/api/v1/action-items/sla${query}`), [query]);
  const units = a.data?.units || [];
  return (
    <section class="action-sla" aria-labelledby="sla-title">
      <h3 id="sla-title">{t('actions.sla.title')}</h3>
      <Status state={a} />
      {!a.loading && !a.error && units.length === 0 && <p class="empty">{t('actions.sla.none')}</p>}
      {units.length > 0 && (
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{t('actions.sla.unit')}</th>
              <th scope="col" class="num">{t('actions.sla.items')}</th>
              {STAGES.map((s) => <th key={s} scope="col" class="num">{t(`actions.stage.${s}`)}</th>)}
              <th scope="col" class="num">{t('actions.sla.median')}</th>
              <th scope="col" class="num">{t('actions.sla.overdue')}</th>
            </tr>
          </thead>
          <tbody>{units.map((u) => <Row key={u.unit.id} u={u} L={L} />)}</tbody>
        </table>
      )}
      <p class="small muted">{t('actions.sla.note')}</p>
    </section>
  );
}
