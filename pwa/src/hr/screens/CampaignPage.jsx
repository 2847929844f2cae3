// One campaign: its lifecycle buttons, assignment generation, completion by
// unit and by relationship, the settings editor (draft), downloads, and adding
// mystery-shop visits.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { t, tx } from '../../i18n/index.js';
import { EP, get, listOf, post } from '../endpoints.js';
import { nextActions } from '../logic.js';
import { Meter, Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { CampaignSettings } from './CampaignSettings.jsx';
import { TimerSettings } from '../../timers/TimerSettings.jsx';
import { Downloads } from './Downloads.jsx';
import { AddVisit } from './AddVisit.jsx';
import { JobsLink } from './JobsBoard.jsx'; // publish visits as open jobs (issue 16 §1)
import { CampaignReminders } from './CampaignReminders.jsx';
import { codeText } from '../codes.js';
import { useUnits } from '../units.js';
import { Acknowledged } from '../components/Acknowledged.jsx';
import { CustomerLinks } from './CustomerLinks.jsx';

function ProgressTable({ rows, name, label }) {
  if (!rows?.length) return null;
  return (
    <Table head={[label, t('hr.campaigns.progress')]}>
      {rows.map((r, i) => (
        <tr key={i}>
          <td>{name(r)}</td>
          <td>
            <Meter done={r.submitted ?? r.done ?? 0} total={r.total ?? r.assigned ?? 0} label={t('hr.campaigns.progress')} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Completion by unit and by relationship. */
function Completion({ p, names }) {
  return (
    <div class="grid2">
      <section>
        <h3>{t('hr.campaign.by_unit')}</h3>
        <ProgressTable rows={p.by_unit || p.units} name={(r) => names.label(r.unit) || '—'} label={t('hr.campaign.unit')} />
      </section>
      <section>
        <h3>{t('hr.campaign.by_relationship')}</h3>
        <ProgressTable rows={p.by_relationship || p.relationships} name={(r) => codeText('rel', r.relationship)} label={t('hr.campaign.relationship')} />
      </section>
    </div>
  );
}

function Lifecycle({ camp, onGenerate, onAction }) {
  return (
    <div class="ob-actions">
      {camp.status === 'draft' && (
        <button type="button" class="btn btn-secondary" onClick={onGenerate}>
          {t('hr.campaign.generate')}
        </button>
      )}
      {nextActions(camp.status).map((a) => (
        <button type="button" class="btn btn-primary" key={a} onClick={() => onAction(a)}>
          {t(`hr.campaign.action.${a}`)}
        </button>
      ))}
    </div>
  );
}

/** The lifecycle moves (confirmed first) and assignment generation: [message, act, gen]. */
function useLifecycle(id, c, prog) {
  const [msg, setMsg] = useState('');
  const act = async (a) => {
    if (!confirm(t('hr.campaign.confirm_action', { a: t(`hr.campaign.action.${a}`) }))) return;
    try {
      await post(EP.action(id, a));
      c.reload();
      setMsg('');
    } catch (e) {
      setMsg(t('hr.form.error', { m: e.message }));
    }
  };
  const gen = async () => {
    try {
      const r = await post(EP.generate(id));
      setMsg(t('hr.campaign.generated', { n: r?.created ?? r?.count ?? listOf(r, 'assignments').length }));
      prog.reload();
    } catch (e) {
      setMsg(t('hr.form.error', { m: e.message }));
    }
  };
  return [msg, act, gen];
}

export function CampaignPage({ L, id }) {
  const c = useLoad(() => get(EP.campaign(id)), [id]);
  const prog = useLoad(() => get(EP.progress(id)).catch(() => null), [id]);
  const asg = useLoad(() => get(EP.assignments(id)).catch(() => null), [id]);
  const [msg, act, gen] = useLifecycle(id, c, prog);
  const names = useUnits(L);
  const camp = c.data?.campaign || c.data;
  if (!camp) return <Status state={c} />;
  const p = prog.data || {};
  return (
    <>
      <p>
        <a href="#/hr">← {t('hr.campaign.back')}</a>
      </p>
      <h2>{tx(camp.name, L)}</h2>
      <p class="muted">
        {t(`hr.kind.${camp.kind}`)} · {t('hr.campaigns.status')}: <strong>{t(`hr.status.${camp.status}`)}</strong> · {camp.period_start} – {camp.period_end}
      </p>
      <Lifecycle camp={camp} onGenerate={gen} onAction={act} />
      {camp.status !== 'draft' && (
        <p>
          <a href={`#/hr/dashboard/${camp.id}`}>{t('console.dash.open')} →</a>
        </p>
      )}
      {msg && <p role="status">{msg}</p>}
      {camp.status === 'draft' && <CampaignSettings key={camp.id} camp={camp} onSaved={c.reload} />}
      <Completion p={p} names={names} />
      {camp.status !== 'draft' && <CampaignReminders L={L} camp={camp} onSaved={c.reload} />}
      <Downloads L={L} id={id} camp={camp} asg={asg} assignments={listOf(asg.data, 'assignments')} units={(p.by_unit || []).map((r) => r.unit).filter(Boolean)} names={names} />
      {camp.status === 'released' && <Acknowledged L={L} id={id} />}
      {(camp.kind === 'customer' || camp.kind === 'mixed') && <CustomerLinks L={L} id={id} names={names} />}
      {(camp.kind === 'mystery_shop' || camp.kind === 'mixed') && camp.status !== 'released' && <AddVisit L={L} campaignId={id} onDone={prog.reload} />}
      {(camp.kind === 'mystery_shop' || camp.kind === 'mixed') && camp.status !== 'released' && <JobsLink campaignId={id} />}
      {(camp.kind === 'mystery_shop' || camp.kind === 'mixed') && camp.status !== 'released' && <TimerSettings key={`rt${camp.id}`} camp={camp} onSaved={c.reload} />}
    </>
  );
}
