// The campaign's downloads: one review PDF (a searchable employee picker with unit and
// title), a unit's one-page summary, all reviews as a ZIP and the CSV/XLSX exports
// (server jobs, polled, then downloaded from storage), the customer QR cards.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { EP, download, get, post } from '../endpoints.js';
import { PersonPicker } from '../components/PersonPicker.jsx';

const fmtSize = (n) => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);
const downloaded = (r) => t('hr.downloads.downloaded', { name: r.name, size: fmtSize(r.size) });

/** A download row: the button, what it is doing, and an optional progress bar. */
function DownloadRow({ label, work, progressLabel }) {
  const [msg, setMsg] = useState('');
  const [pct, setPct] = useState(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await work(setMsg, setPct);
    } catch (e) {
      setMsg(t('hr.form.error', { m: e.message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dl">
      <button type="button" class="btn btn-secondary" disabled={busy} onClick={go}>
        {label}
      </button>{' '}
      {progressLabel && busy && pct !== null && <progress max="100" value={pct} aria-label={progressLabel} />}
      <span class="small" role="status" aria-live="polite">
        {msg}
      </span>
    </div>
  );
}

function DownloadButton({ path, name, label }) {
  const work = async (setMsg) => {
    setMsg(t('hr.downloads.downloading', { p: '' }));
    const r = await download(path, name, (read, total) =>
      setMsg(t('hr.downloads.downloading', { p: total ? `${Math.round((100 * read) / total)}%` : fmtSize(read) })),
    );
    setMsg(downloaded(r));
  };
  return <DownloadRow label={label} work={work} />;
}

/** Poll job `id` every second: `onStatus` sees each status; returns the finished job's
 * status, throws `failedMessage(status)` when it failed. */
async function pollJob(id, onStatus, failedMessage) {
  for (;;) {
    const st = await get(EP.job(id));
    onStatus(st);
    if (st.status === 'done') return st;
    if (st.status === 'failed') throw new Error(failedMessage(st));
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Start the ZIP job, poll its progress, then download the file. */
function ZipButton({ campaignId }) {
  const work = async (setMsg, setPct) => {
    const job = await post(EP.reviewsZip(campaignId));
    const progress = (st) => {
      setPct(st.total ? Math.round((100 * st.done) / st.total) : 0);
      setMsg(t('hr.downloads.zip.progress', { d: st.done, t: st.total }));
    };
    const failed = (st) => t(st.error === 'interrupted' ? 'hr.downloads.zip.interrupted' : 'hr.downloads.zip.failed');
    const st = await pollJob(job.job_id, progress, failed);
    const r = await download(EP.jobDownload(job.job_id), `reviews-${campaignId}.zip`, () => {});
    const missing = st.failures?.length || 0;
    const who = st.failures?.map((f) => f.name || `#${f.employee_id}`).join(', ');
    setMsg(missing ? `${downloaded(r)} ${t('hr.downloads.zip.some_failed', { n: missing, who })}` : downloaded(r));
  };
  const label = t('hr.downloads.all_reviews_zip');
  return <DownloadRow label={label} work={work} progressLabel={label} />;
}

/** An export as a server job (a large campaign is never built inside one request):
 * queue it, wait for it, then download the stored file. */
function ExportButton({ campaignId, kind, fmt }) {
  const work = async (setMsg) => {
    const job = await post(EP.exportJob(campaignId), { kind, format: fmt });
    setMsg(t('hr.downloads.export.building'));
    await pollJob(job.id, () => {}, () => t('hr.downloads.export.failed'));
    const r = await download(EP.jobDownload(job.id), `campaign-${campaignId}-${kind}.${fmt}`, () => {});
    setMsg(downloaded(r));
  };
  return <DownloadRow label={`${t(`hr.downloads.export.${fmt}`)} · ${t(`hr.downloads.export.${kind}`)}`} work={work} />;
}

/** Employees with an assignment as subject, by name (the review PDF picker). */
function subjects(assignments) {
  const seen = new Map();
  for (const a of assignments) if (a.subject?.id && !seen.has(a.subject.id)) seen.set(a.subject.id, a.subject);
  return [...seen.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/** The one-page unit summary of a chosen unit. */
function UnitSummary({ id, units, names }) {
  const [unit, setUnit] = useState('');
  if (!units.length) return null;
  return (
    <div class="picker">
      <label for="unit-id">{t('console.downloads.unit_summary')}</label>
      <select id="unit-id" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
        <option value="">{t('hr.campaigns.none')}</option>
        {units.map((u) => (
          <option key={u.id} value={String(u.id)}>
            {names.name(u.id)}
          </option>
        ))}
      </select>
      {unit && <DownloadButton path={EP.unitSummary(id, unit)} name={`unit-summary-${id}-${unit}.pdf`} label={t('hr.downloads.download')} />}
    </div>
  );
}

/** The downloads card of campaign `id`; `asg` is the loaded assignment list. */
export function Downloads({ L, id, camp, asg, assignments, units = [], names }) {
  const [emp, setEmp] = useState('');
  const employees = subjects(assignments);
  return (
    <section class="card">
      <h3>{t('hr.downloads.title')}</h3>
      {camp.status !== 'released' && <p class="hint">{t('hr.downloads.draft_marked')}</p>}
      {asg.loading && !asg.data ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <PersonPicker
          L={L}
          people={employees}
          units={names}
          value={emp}
          onChange={setEmp}
          id="emp"
          selectId="emp-id"
          searchLabel={t('console.downloads.search')}
          label={t('hr.downloads.employee')}
          noneLabel={t('hr.campaigns.none')}
          matches={(n) => t('console.downloads.matches', { n })}
        />
      )}
      {emp && <DownloadButton path={EP.reviewPdf(id, emp)} name={`review-${id}-${emp}.pdf`} label={t('hr.downloads.review_pdf')} />}
      <UnitSummary id={id} units={units} names={names} />
      <ZipButton campaignId={id} />
      {['answers', 'summary'].map((kind) =>
        ['csv', 'xlsx'].map((fmt) => (
          <ExportButton key={kind + fmt} campaignId={id} kind={kind} fmt={fmt} />
        )),
      )}
      {(camp.kind === 'customer' || camp.kind === 'mixed') && <DownloadButton path={EP.qrCards(id)} name={`qr-cards-${id}.pdf`} label={t('hr.downloads.qr_cards')} />}
    </section>
  );
}
