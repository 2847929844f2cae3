// One visit under review: shopper and staff named, evidence badges explained, the answers
// by section (each with its scale and label, photos beside their question, tap to
// enlarge); approve, reject with a reason the shopper sees, or correct the staff member.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, hasKey, t, tx } from '../../i18n/index.js';
import { EP, get, post } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';
import { Alert } from '../components/fields.jsx';
import { EvidenceBadges } from '../components/EvidenceBadges.jsx';
import { answersBySection, scaleText, titleIn } from '../views.js';
import { PayVisit } from './PayVisit.jsx';
import { FlagButton, FlagList, useFlags } from '../components/Flags.jsx';

/** An answer in words: yes/no, a rating with its scale and label, options, units. */
function answerText(v, q, L, scale) {
  if (v === true || v === false) return t(v ? 'console.review.yes' : 'console.review.no');
  const opt = (val) => tx((q?.options || []).find((o) => o.value === val)?.label, L) || String(val);
  if (Array.isArray(v)) return v.map(opt).join(', ');
  if (q?.type === 'rating') return scaleText(q, v, scale, (x) => tx(x, L));
  if (q?.type === 'choice') return opt(v);
  if (q?.type === 'datetime') return fmtDate(v, L);
  if (q?.type === 'number' && q.unit) return `${v} ${hasKey(`console.unit.${q.unit}`) ? t(`console.unit.${q.unit}`) : q.unit}`;
  return String(v);
}

/** The visit's header: unit, shopper, staff member, window, scenario, score, evidence. */
function VisitHead({ L, sub }) {
  const staff = sub.staff || sub.reported_staff;
  const who = (p) => (p ? [p.name, titleIn(p.job_title, L)].filter(Boolean).join(' · ') : t('hr.review.not_identified'));
  return (
    <header>
      <h3>{tx(sub.unit?.name, L)}</h3>
      <p class="visit-head">
        <span>
          {t('console.review.shopper')}: <strong>{sub.rater?.name || '—'}</strong>
        </span>
        <span>
          {t('console.review.staff')}: <strong>{who(staff)}</strong>
        </span>
        <span>
          {t('hr.review.score')}: <strong>{sub.form_score != null ? sub.form_score.toFixed(1) : '—'}</strong>
        </span>
      </p>
      {sub.visit && (
        <p class="muted">
          {fmtDate(sub.visit.window_start, L)} – {fmtDate(sub.visit.window_end, L)} · {tx(sub.visit.scenario, L)}
        </p>
      )}
      <EvidenceBadges ev={sub.evidence} />
      <EvidenceHelp />
    </header>
  );
}

/** What each evidence badge means. */
function EvidenceHelp() {
  return (
    <details class="ev-help">
      <summary>{t('console.review.evidence_help')}</summary>
      <dl>
        {['distance', 'photo_time', 'dup', 'skew'].map((k) => (
          <Fragment key={k}>
            <dt>{t(`console.review.ev_name.${k}`)}</dt>
            <dd>{t(`console.review.ev_help.${k}`)}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

/** Thumbnails of one question's photos; a tap opens the photo large. */
function Thumbs({ photos, label, zoom }) {
  if (!photos.length) return null;
  return (
    <div class="thumbs">
      {photos.map((p, n) => (
        <button type="button" key={p.sha256} aria-label={t('console.review.enlarge', { q: `${label} ${n + 1}` })} onClick={() => zoom({ ...p, label })}>
          <img src={`${EP.attachment(p.sha256)}/thumb`} width="160" height={p.width && p.height ? Math.round((160 * p.height) / p.width) : 120} alt="" />
        </button>
      ))}
    </div>
  );
}

/** One section: its title and score, each answer with its photos beside it. */
function Section({ L, sec, scale, failed, zoom, flags }) {
  return (
    <section class="visit-sec" aria-labelledby={`sec-${sec.id}`}>
      <h4 id={`sec-${sec.id}`}>
        <span>{tx(sec.title, L)}</span>
        {sec.score != null && <span class="muted">{t('console.review.section_score', { s: sec.score.toFixed(1) })}</span>}
      </h4>
      <Table label={tx(sec.title, L)}>
        {sec.rows.map(({ q, value, na, photos }) => (
          <tr key={q.id}>
            <th scope="row">{tx(q.label, L)}</th>
            <td class={`answer${failed.has(q.id) ? ' fail' : ''}`}>
              {na ? t('console.review.na') : q.type === 'photo' ? null : answerText(value, q, L, scale)}
              <Thumbs photos={photos} label={tx(q.label, L)} zoom={zoom} />
            </td>
            <td class="flag-cell">
              <FlagButton on={flags.has(q.id)} label={tx(q.label, L)} toggle={() => flags.toggle(q.id)} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** A photo shown large over the page; Escape or the button closes it. */
function Lightbox({ photo, close }) {
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="lightbox" role="dialog" aria-modal="true" aria-label={photo.label} onKeyDown={(e) => e.key === 'Escape' && close()} onClick={close}>
      <img src={EP.attachment(photo.sha256)} alt={photo.label} />
      <button type="button" class="btn btn-secondary" ref={ref} onClick={close}>
        {t('console.review.close_photo')}
      </button>
    </div>
  );
}

/** The visit: header, failed critical items and the answers by section. */
function VisitFacts({ L, sub, definition, flags }) {
  const [zoom, setZoom] = useState(null);
  const failed = new Set(sub.critical_failures || []);
  const questions = new Map((definition?.sections || []).flatMap((sec) => sec.questions).map((q) => [q.id, q]));
  return (
    <div>
      <VisitHead L={L} sub={sub} />
      {failed.size > 0 && (
        <p class="field-error">
          {t('hr.review.critical_failed')}: {[...failed].map((qid) => tx(questions.get(qid)?.label, L) || qid).join(', ')}
        </p>
      )}
      {answersBySection(definition, sub).map((sec) => (
        <Section key={sec.id} L={L} sec={sec} scale={definition?.scale} failed={failed} zoom={setZoom} flags={flags} />
      ))}
      {zoom && <Lightbox photo={zoom} close={() => setZoom(null)} />}
    </div>
  );
}

/** Correct the staff member who served (the shopper's pick stays on record). */
function StaffCorrection({ L, staff, reason, send }) {
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
              {[u.name, titleIn(u.job_title, L)].filter(Boolean).join(' · ')}
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
function Decision({ reason, setReason, err, decide, flagList }) {
  return (
    <>
      <label for="rej-reason">{t('hr.review.reason')}</label>
      <p class="hint" id="rej-hint">{t('hr.review.reason_hint')}</p>
      <textarea id="rej-reason" aria-describedby="rej-hint" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      {flagList}
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
  const flags = useFlags(id);
  if (!sub) return <Status state={s} />;
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
    return send(decision === 'reject' ? { decision, reason, flagged: flags.ids() } : { decision });
  };
  return (
    <div class="review-layout card" aria-label={t('hr.review.visit')}>
      <VisitFacts L={L} sub={sub} definition={form.data?.definition} flags={flags} />
      <aside>
        <Decision reason={reason} setReason={setReason} err={err} decide={decide} flagList={<FlagList L={L} flags={flags} definition={form.data?.definition} />} />
        <StaffCorrection L={L} staff={sub.unit_staff} reason={reason} send={send} />
        {sub.visit?.assignment_id && <PayVisit key={sub.visit.assignment_id} id={sub.visit.assignment_id} L={L} />}
      </aside>
    </div>
  );
}
