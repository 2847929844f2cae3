// The visit-details page of a mystery-shop form: visit start and end, an
// optional location and the staff member who served.
import { useState } from 'preact/hooks';
import { fmtDate, t, tx } from './i18n.js';

export function VisitPage({ draft, assignment, L, update }) {
  const v = draft.visit || {};
  const [geoMsg, setGeoMsg] = useState('');
  const setVisit = (patch) => update({ ...draft, visit: { ...v, ...patch } });
  const local = (iso) => (iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60000).toISOString().slice(0, 16) : '');
  const iso = (val) => (val ? new Date(val).toISOString() : null);
  const locate = () => {
    if (!navigator.geolocation) return setGeoMsg(t('field.visit.location_denied', { msg: 'unsupported' }));
    setGeoMsg(t('common.loading'));
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGeoMsg('');
        setVisit({
          geo: { lat: p.coords.latitude, lon: p.coords.longitude, accuracy: Math.round(p.coords.accuracy), captured_at: new Date(p.timestamp).toISOString() },
        });
      },
      (e) => setGeoMsg(t('field.visit.location_denied', { msg: e.message })),
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  };
  const staff = assignment.visit?.staff || [];
  return (
    <div class="visit">
      {assignment.visit && (
        <p class="muted">
          {tx(assignment.visit.unit?.name, L)} · {t('field.today.visit_window', { a: fmtDate(assignment.visit.window_start, L), b: fmtDate(assignment.visit.window_end, L) })}
          {assignment.visit.scenario && (
            <>
              <br />
              {t('field.today.scenario')}: {tx(assignment.visit.scenario, L)}
            </>
          )}
        </p>
      )}
      <div class="question">
        <label for="visit-start">{t('field.visit.start')}</label>
        <input id="visit-start" type="datetime-local" value={local(v.start)} onInput={(e) => setVisit({ start: iso(e.currentTarget.value) })} />
      </div>
      <div class="question">
        <label for="visit-end">{t('field.visit.end')}</label>
        <input id="visit-end" type="datetime-local" value={local(v.end)} onInput={(e) => setVisit({ end: iso(e.currentTarget.value) })} />
      </div>
      <div class="question">
        <span class="q-label" id="loc-label">
          {t('field.visit.location')}
        </span>
        <div>
          <button type="button" class="btn btn-secondary" aria-describedby="loc-label" onClick={locate}>
            {t('field.visit.capture_location')}
          </button>
        </div>
        {v.geo && <p class="hint">{t('field.visit.location_value', { acc: v.geo.accuracy, t: fmtDate(v.geo.captured_at, L) })}</p>}
        {geoMsg && <p class="hint">{geoMsg}</p>}
      </div>
      <div class="question">
        <label for="visit-staff">{t('field.visit.staff_served')}</label>
        <select
          id="visit-staff"
          value={v.staffId == null ? '' : String(v.staffId)}
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
    </div>
  );
}
