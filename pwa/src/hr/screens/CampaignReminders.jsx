// A campaign's reminders for HR: the reminder schedule (days before the due date, PATCHed
// as the campaign setting reminder_days) and who was told of or reminded of their own task
// and when (GET /campaigns/{id}/reminders). Whom they rate is never listed.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, register, t } from '../../i18n/index.js';
import { EP, get, patch } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';

register(import.meta.glob('../../i18n/*/inbox.js', { eager: true }));

/** "3, 0" -> [3, 0]; null when any part is not a whole number in 0..60. */
export function parseDays(text) {
  const parts = String(text).split(/[,，\s]+/).filter(Boolean);
  const days = parts.map(Number);
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 60) || days.length > 10) return null;
  return [...new Set(days)].sort((a, b) => b - a);
}

function kindText(r) {
  if (r.kind !== 'reminder') return t(`inbox.hr.kind.${r.kind}`);
  return r.days > 0 ? t('inbox.hr.kind.reminder', { days: r.days }) : t('inbox.hr.kind.reminder_today');
}

function emailText(r, L) {
  if (r.email === 'sent') return fmtDate(r.emailed_at, L);
  if (r.email === 'skipped') return t('inbox.hr.email.skipped', { note: r.email_note || '' });
  return t(`inbox.hr.email.${r.email === 'pending' ? 'pending' : 'none'}`);
}

function DaysEditor({ camp, onSaved }) {
  const [text, setText] = useState((camp.reminder_days ?? [3, 0]).join(', '));
  const [msg, setMsg] = useState('');
  const save = async (e) => {
    e.preventDefault();
    const days = parseDays(text);
    if (!days) return setMsg(t('inbox.hr.days_invalid'));
    try {
      await patch(EP.campaign(camp.id), { reminder_days: days });
      setMsg(t('inbox.hr.days_saved'));
      onSaved?.();
    } catch (err) {
      setMsg(t('hr.form.error', { m: err.message }));
    }
  };
  return (
    <form class="form-grid" onSubmit={save} noValidate>
      <label for="reminder-days">{t('inbox.hr.days_label')}</label>
      <input id="reminder-days" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button class="btn btn-secondary" type="submit">
        {t('inbox.hr.days_save')}
      </button>
      <span role="status">{msg}</span>
    </form>
  );
}

export function CampaignReminders({ L, camp, onSaved }) {
  const list = useLoad(() => get(`${EP.campaign(camp.id)}/reminders`), [camp.id]);
  const rows = list.data?.reminders || [];
  return (
    <section class="card reminders-panel">
      <h3>{t('inbox.hr.title')}</h3>
      <p class="hint">{t('inbox.hr.hint')}</p>
      {camp.status !== 'released' && <DaysEditor camp={camp} onSaved={onSaved} />}
      {list.data ? null : <Status state={list} />}
      {list.data && rows.length === 0 && <p class="muted">{t('inbox.hr.none')}</p>}
      {rows.length > 0 && (
        <Table head={[t('inbox.hr.person'), t('inbox.hr.kind'), t('inbox.hr.created'), t('inbox.hr.emailed')]}>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.person.name}</td>
              <td>{kindText(r)}</td>
              <td>{fmtDate(r.created_at, L)}</td>
              <td>{emailText(r, L)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
