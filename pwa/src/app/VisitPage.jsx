// The visit-details page of a mystery-shop form: visit start and end, an
// optional location and the staff member who served.
import { useState } from 'preact/hooks';
import { fmtDate, t, tx } from './i18n.js';
import { fmtQuantity } from '../form/units.js';
import { withVisitAnswers } from './visitMerge.js';

const local = (iso) => (iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60000).toISOString().slice(0, 16) : '');
const toIso = (val) => (val ? new Date(val).toISOString() : null);

/** Ask the device for its position: `done(geo)` or `say(message)`. */
function locate(done, say) {
  if (!navigator.geolocation) return say(t('field.visit.location_denied', { msg: 'unsupported' }));
  say(t('common.loading'));
  navigator.geolocation.getCurrentPosition(
    (p) => {
      say('');
      done({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: Math.round(p.coords.accuracy), captured_at: new Date(p.timestamp).toISOString() });
    },
    (e) => say(t('field.visit.location_denied', { msg: e.message })),
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
  );
}

function VisitHeading({ visit, L }) {
  return (
    <p class="muted">
      {tx(visit.unit?.name, L)} · {t('field.today.visit_window', { a: fmtDate(visit.window_start, L), b: fmtDate(visit.window_end, L) })}
      {visit.scenario && (
        <>
          <br />
          {t('field.today.scenario')}: {tx(visit.scenario, L)}
        </>
      )}
    </p>
  );
}

function LocationField({ geo, L, setVisit }) {
  const [geoMsg, setGeoMsg] = useState('');
  return (
    <div class="question">
      <span class="q-label" id="loc-label">
        {t('field.visit.location')}
      </span>
      <div>
        <button type="button" class="btn btn-secondary" aria-describedby="loc-label" onClick={() => locate((g) => setVisit({ geo: g }), setGeoMsg)}>
          {t('field.visit.capture_location')}
        </button>
      </div>
      {geo && <p class="hint">{t('shopper.visit.location_value', { acc: fmtQuantity(geo.accuracy, 'm', L), t: fmtDate(geo.captured_at, L) })}</p>}
      {geoMsg && <p class="hint">{geoMsg}</p>}
    </div>
  );
}

function StaffField({ staffId, staff, setVisit }) {
  return (
    <div class="question">
      <label for="visit-staff">{t('field.visit.staff_served')}</label>
      <select
        id="visit-staff"
        value={staffId == null ? '' : String(staffId)}
        onChange={(e) => setVisit({ staffId: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
      >
        <option value="">{t('field.visit.staff_not_identified')}</option>
        {staff.map((p) => (
          <option value={String(p.id)} key={p.id}>
            {[p.name, p.job_title].filter(Boolean).join(' · ')}
          </option>
        ))}
      </select>
    </div>
  );
}

function TimeField({ id, label, value, win, onSet }) {
  return (
    <div class="question">
      <label for={id}>{label}</label>
      <input id={id} type="datetime-local" value={local(value)} min={local(win?.window_start)} max={local(win?.window_end)} onInput={(e) => onSet(toIso(e.currentTarget.value))} />
    </div>
  );
}

/** Arrival, leaving, position and staff served: asked once (the form's visit section follows). */
export function VisitPage({ draft, assignment, def, L, update }) {
  const v = draft.visit || {};
  const win = assignment.visit;
  const setVisit = (patch) => {
    const visit = { ...v, ...patch };
    update({ ...draft, visit, answers: withVisitAnswers(draft.answers, visit, def) });
  };
  return (
    <div class="visit">
      {win && <VisitHeading visit={win} L={L} />}
      <TimeField id="visit-start" label={t('field.visit.start')} value={v.start} win={win} onSet={(start) => setVisit({ start })} />
      <TimeField id="visit-end" label={t('field.visit.end')} value={v.end} win={win} onSet={(end) => setVisit({ end })} />
      <StaffField staffId={v.staffId} staff={win?.staff || []} setVisit={setVisit} />
      <LocationField geo={v.geo} L={L} setVisit={setVisit} />
    </div>
  );
}
