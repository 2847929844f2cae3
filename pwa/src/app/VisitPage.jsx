// The visit-details page of a mystery-shop form: visit start and end, an
// optional location and the staff member who served.
import { useState } from 'preact/hooks';
import { fmtDate, t, tx } from './i18n.js';

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
      {geo && <p class="hint">{t('field.visit.location_value', { acc: geo.accuracy, t: fmtDate(geo.captured_at, L) })}</p>}
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

export function VisitPage({ draft, assignment, L, update }) {
  const v = draft.visit || {};
  const setVisit = (patch) => update({ ...draft, visit: { ...v, ...patch } });
  return (
    <div class="visit">
      {assignment.visit && <VisitHeading visit={assignment.visit} L={L} />}
      <div class="question">
        <label for="visit-start">{t('field.visit.start')}</label>
        <input id="visit-start" type="datetime-local" value={local(v.start)} onInput={(e) => setVisit({ start: toIso(e.currentTarget.value) })} />
      </div>
      <div class="question">
        <label for="visit-end">{t('field.visit.end')}</label>
        <input id="visit-end" type="datetime-local" value={local(v.end)} onInput={(e) => setVisit({ end: toIso(e.currentTarget.value) })} />
      </div>
      <LocationField geo={v.geo} L={L} setVisit={setVisit} />
      <StaffField staffId={v.staffId} staff={assignment.visit?.staff || []} setVisit={setVisit} />
    </div>
  );
}
