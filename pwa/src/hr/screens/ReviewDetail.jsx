// One visit under review: answers, evidence, photos; approve, reject with a
// reason the shopper sees, or correct the staff member who served.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t, tx } from '../../i18n/index.js';
import { EP, get, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { EvidenceBadges } from '../components/EvidenceBadges.jsx';

function answerText(v, q, L) {
  if (v === true || v === false) return v ? '✓' : '✗';
  const opt = (val) => tx((q?.options || []).find((o) => o.value === val)?.label, L) || String(val);
  if (Array.isArray(v)) return v.map(opt).join(', ');
  if (q?.type === 'choice') return opt(v);
  if (q?.type === 'datetime') return fmtDate(v, L);
  return String(v);
}

/** The visit: unit, score, staff, window, evidence, failed critical items and the answers. */
function VisitFacts({ L, sub, questions }) {
  const order = [...questions.keys()];
  const staff = sub.staff || sub.reported_staff;
  return (
    <section>
      <h3>{tx(sub.unit?.name, L)}</h3>
      <p class="muted">
        {t('hr.review.score')}: {sub.form_score != null ? sub.form_score.toFixed(1) : '—'} · {t('hr.review.staff_reported')}: {staff?.name || t('hr.review.not_identified')}
        {sub.visit && (
          <>
            <br />
            {fmtDate(sub.visit.window_start, L)} – {fmtDate(sub.visit.window_end, L)} · {tx(sub.visit.scenario, L)}
          </>
        )}
      </p>
      <EvidenceBadges ev={sub.evidence} />
      {sub.critical_failures?.length > 0 && (
        <p class="field-error">
          {t('hr.review.critical_failed')}: {sub.critical_failures.map((qid) => tx(questions.get(qid)?.label, L) || qid).join(', ')}
        </p>
      )}
      <Table>
        {Object.entries(sub.answers || {})
          .filter(([k]) => questions.get(k)?.type !== 'photo')
          .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
          .map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{tx(questions.get(k)?.label, L) || k}</th>
              <td>{answerText(v, questions.get(k), L)}</td>
            </tr>
          ))}
      </Table>
    </section>
  );
}

function Photos({ L, photos, questions }) {
  return (
    <div class="review-photos">
      {photos.map((p, n) => (
        <a key={p.sha256} href={EP.attachment(p.sha256)} target="_blank" rel="noopener">
          <img
            src={`${EP.attachment(p.sha256)}/thumb`}
            width="220"
            height={p.width && p.height ? Math.round((220 * p.height) / p.width) : 165}
            alt={`${tx(questions.get(p.question_id)?.label, L) || t('hr.review.photos')} ${n + 1}${p.captured_at ? `, ${fmtDate(p.captured_at, L)}` : ''}`}
          />
        </a>
      ))}
    </div>
  );
}

/** Correct the staff member who served (the shopper's pick stays on record). */
function StaffCorrection({ staff, reason, send }) {
  const [staffId, setStaffId] = useState('');
  if (!staff?.length) return null;
  return (
    <>
      <label for="fix-staff">{t('hr.review.correct_staff')}</label>
      <div class="number-row">
        <select id="fix-staff" value={staffId} onChange={(e) => setStaffId(e.currentTarget.value)}>
          <option value="">{t('hr.review.not_identified')}</option>
          {staff.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {[u.name, u.job_title].filter(Boolean).join(' · ')}
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-secondary" onClick={() => send({ decision: 'correct', staff_id: staffId ? Number(staffId) : null, ...(reason.trim() ? { reason } : {}) })}>
          {t('hr.review.correct')}
        </button>
      </div>
    </>
  );
}

/** The reason (required to reject) and the reject / approve buttons. */
function Decision({ reason, setReason, err, decide }) {
  return (
    <>
      <label for="rej-reason">{t('hr.review.reason')}</label>
      <p class="hint" id="rej-hint">{t('hr.review.reason_hint')}</p>
      <textarea id="rej-reason" aria-describedby="rej-hint" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <Alert text={err} />
      <div class="pager">
        <button type="button" class="btn btn-danger" onClick={() => decide('reject')}>
          {t('hr.review.reject')}
        </button>
        <button type="button" class="btn btn-primary" onClick={() => decide('approve')}>
          {t('hr.review.approve')}
        </button>
      </div>
    </>
  );
}

export function ReviewDetail({ L, id, onDone }) {
  const s = useLoad(() => get(EP.submission(id)), [id]);
  const sub = s.data?.submission || s.data;
  const form = useLoad(() => (sub ? get(`/api/v1/forms/versions/${sub.form_version_id}`) : Promise.resolve(null)), [sub?.form_version_id]);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  if (!sub) return <Status state={s} />;
  const questions = new Map((form.data?.definition?.sections || []).flatMap((sec) => sec.questions).map((q) => [q.id, q]));
  const send = async (body) => {
    setErr('');
    try {
      await post(EP.review(id), body);
      onDone();
    } catch (e) {
      setErr(t('hr.form.error', { m: e.message }));
    }
  };
  const decide = (decision) => {
    if (decision === 'reject' && !reason.trim()) return setErr(t('hr.review.reason_required'));
    return send(decision === 'reject' ? { decision, reason } : { decision });
  };
  return (
    <div class="grid2 card" aria-label={t('hr.review.visit')}>
      <VisitFacts L={L} sub={sub} questions={questions} />
      <section>
        <h3>{t('hr.review.photos')}</h3>
        <Photos L={L} photos={sub.photos || []} questions={questions} />
        <Decision reason={reason} setReason={setReason} err={err} decide={decide} />
        <StaffCorrection staff={sub.unit_staff} reason={reason} send={send} />
      </section>
    </div>
  );
}
