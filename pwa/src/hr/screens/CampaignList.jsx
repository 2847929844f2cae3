// The campaigns tab: every campaign with kind, status, period and progress,
// and the "new campaign" form.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf } from '../endpoints.js';
import { Meter, Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { CreateCampaign } from './CampaignCreate.jsx';

function CampaignRow({ c, L }) {
  return (
    <tr>
      <td>
        <a href={`#/hr/campaign/${c.id}`}>{tx(c.name, L)}</a>
      </td>
      <td>{t(`hr.kind.${c.kind}`)}</td>
      <td>{t(`hr.status.${c.status}`)}</td>
      <td class="nowrap">
        {c.period_start}
        <br />
        {c.period_end}
      </td>
      <td>{c.progress ? <Meter done={c.progress.submitted ?? 0} total={c.progress.total ?? 0} label={t('hr.campaigns.progress')} /> : '—'}</td>
    </tr>
  );
}

export function CampaignList({ L }) {
  const list = useLoad(() => get(EP.campaigns));
  const [creating, setCreating] = useState(false);
  const rows = listOf(list.data, 'campaigns');
  return (
    <>
      <div class="row-between">
        <h2>{t('hr.console.tab.campaigns')}</h2>
        <button type="button" class="btn btn-primary" aria-expanded={creating ? 'true' : 'false'} onClick={() => setCreating(!creating)}>
          {t('hr.campaigns.new_campaign')}
        </button>
      </div>
      {creating && (
        <CreateCampaign
          L={L}
          onCreated={(c) => {
            setCreating(false);
            location.hash = `#/hr/campaign/${c.id}`;
          }}
        />
      )}
      <Status state={list} />
      <Table head={[t('hr.campaigns.name'), t('hr.campaigns.kind'), t('hr.campaigns.status'), t('hr.campaigns.period'), t('hr.campaigns.progress')]}>
        {rows.map((c) => (
          <CampaignRow key={c.id} c={c} L={L} />
        ))}
      </Table>
    </>
  );
}
