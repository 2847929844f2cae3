// The "Privacy" tab (admins only, issue 17 §4-5): pick a person with the console's
// searchable picker, export their personal data (a queued job: status, then download) or
// erase them after a confirm dialog that names the consequence; below, the retention
// period of each data kind and the reports of the last retention runs.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, register, t } from '../../i18n/index.js';
import { EP, download, get, listOf, post } from '../endpoints.js';
import { useUnits } from '../units.js';
import { PersonPicker } from '../components/PersonPicker.jsx';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { exportStage, periodText, reportText } from '../privacy.js';
import '../privacy.css';

register(import.meta.glob('../../i18n/*/privacy.js', { eager: true }));

const POLL_MS = 1500;

/** A personal-data export: start it, follow the job, download the ZIP. */
function useExport(personId) {
  const [job, setJob] = useState(null);
  const [err, setErr] = useState('');
  useEffect(() => setJob(null), [personId]);
  useEffect(() => {
    if (!job || exportStage(job) !== 'waiting') return undefined;
    const timer = setTimeout(() => get(EP.privacyExport(job.id)).then(setJob, (e) => setErr(e.message)), POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  const start = async () => {
    setErr('');
    try {
      setJob(await post(EP.privacyStartExport(personId)));
    } catch (e) {
      setErr(t('hr.form.error', { m: e.message }));
    }
  };
  return { job, err, start };
}

function ExportBlock({ personId }) {
  const { job, err, start } = useExport(personId);
  const stage = job ? exportStage(job) : null;
  return (
    <section aria-labelledby="privacy-export">
      <h3 id="privacy-export">{t('privacy.export')}</h3>
      <p class="small muted">{t('privacy.export_hint')}</p>
      <button type="button" class="btn btn-secondary" disabled={!personId || stage === 'waiting'} onClick={start}>
        {t('privacy.export')}
      </button>
      {job && <p role="status">{t(`privacy.export.${job.status}`)}</p>}
      {stage === 'ready' && (
        <button type="button" class="btn btn-primary" onClick={() => download(EP.privacyDownload(job.id), `personal-data-${personId}.zip`)}>
          {t('privacy.download')}
        </button>
      )}
      <Alert text={err} />
    </section>
  );
}

function ConfirmErase({ name, open, onCancel, onConfirm }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal?.();
    if (!open && d.open) d.close?.();
  }, [open]);
  return (
    <dialog ref={ref} class="privacy-confirm" aria-labelledby="erase-title" aria-describedby="erase-body" onCancel={onCancel}>
      <h3 id="erase-title">{t('privacy.confirm.title', { name })}</h3>
      <p id="erase-body">{t('privacy.confirm.body', { name })}</p>
      <p>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('privacy.confirm.cancel')}
        </button>{' '}
        <button type="button" class="btn btn-danger" onClick={onConfirm}>
          {t('privacy.confirm.erase')}
        </button>
      </p>
    </dialog>
  );
}

function EraseBlock({ person, onErased }) {
  const [open, setOpen] = useState(false);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  const erase = async () => {
    setOpen(false);
    setErr('');
    try {
      const r = await post(EP.privacyErase(person.id), { confirm: true });
      setMsg(t('privacy.erased', { name: r.pseudonym, p: r.photos, f: r.generated_files }));
      onErased();
    } catch (e) {
      setErr(t('hr.form.error', { m: e.message }));
    }
  };
  return (
    <section aria-labelledby="privacy-erase">
      <h3 id="privacy-erase">{t('privacy.erase')}</h3>
      <p class="small muted">{t('privacy.erase_hint')}</p>
      <button type="button" class="btn btn-danger" disabled={!person} onClick={() => setOpen(true)}>
        {t('privacy.erase')}
      </button>
      {msg && <p role="status">{msg}</p>}
      <Alert text={err} />
      {person && <ConfirmErase name={person.name} open={open} onCancel={() => setOpen(false)} onConfirm={erase} />}
    </section>
  );
}

function Retention({ L }) {
  const s = useLoad(() => get(EP.privacyRetention));
  const d = s.data;
  return (
    <section aria-labelledby="privacy-retention">
      <h3 id="privacy-retention">{t('privacy.retention.title')}</h3>
      <p class="small muted">{t('privacy.retention.intro')}</p>
      <Status state={s} />
      {d && (
        <Table head={[t('privacy.retention.kind'), t('privacy.retention.days'), t('privacy.retention.default')]}>
          {d.periods.map((p) => (
            <tr key={p.kind}>
              <td>{t(`privacy.kind.${p.kind}`)}</td>
              <td>{periodText(p.days, t)}</td>
              <td class="muted">{periodText(p.default_days, t)}</td>
            </tr>
          ))}
        </Table>
      )}
      <h4>{t('privacy.retention.runs')}</h4>
      {d && d.runs.length === 0 && <p class="empty">{t('privacy.retention.no_runs')}</p>}
      {d && d.runs.length > 0 && (
        <Table head={[t('privacy.retention.when'), t('privacy.retention.report')]}>
          {d.runs.map((r) => (
            <tr key={r.slot}>
              <td>{fmtDate(r.finished_at || r.started_at, L)}</td>
              <td>{r.error ? <span class="field-error">{r.error}</span> : reportText(r.report, t)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export function Privacy({ L }) {
  const users = useLoad(() => get(`${EP.users}?limit=500`));
  const [pick, setPick] = useState('');
  const units = useUnits(L);
  const people = listOf(users.data, 'users');
  const person = people.find((p) => String(p.id) === pick) || null;
  return (
    <>
      <h2>{t('privacy.title')}</h2>
      <p>{t('privacy.intro')}</p>
      <Status state={users} />
      <PersonPicker
        L={L}
        people={people}
        units={units}
        value={pick}
        onChange={setPick}
        id="privacy"
        selectId="privacy-person"
        searchLabel={t('privacy.search')}
        label={t('privacy.person')}
        noneLabel={t('privacy.none')}
        matches={(n) => t('privacy.matches', { n })}
      />
      <div class="privacy-actions">
        <ExportBlock personId={person?.id} />
        <EraseBlock person={person} onErased={() => users.reload()} />
      </div>
      <Retention L={L} />
    </>
  );
}
