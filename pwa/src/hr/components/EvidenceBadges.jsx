// Badges of a mystery-shop visit's evidence checks (distance, photo times, duplicates, clock).
import { t } from '../../i18n/index.js';

export function EvidenceBadges({ ev }) {
  if (!ev) return null;
  const out = [];
  if (ev.distance_m != null) out.push([ev.distance_m > (ev.distance_limit_m ?? 300) ? 'ev-bad' : 'ev-ok', t('hr.review.ev.distance', { d: Math.round(ev.distance_m) })]);
  else out.push(['ev-warn', t('hr.review.ev.no_geo')]);
  if (ev.photos_in_window === true) out.push(['ev-ok', t('hr.review.ev.photo_time_ok')]);
  if (ev.photos_in_window === false) out.push(['ev-bad', t('hr.review.ev.photo_time_bad')]);
  if (ev.duplicate_photos?.length || ev.duplicate_photo_hashes?.length) out.push(['ev-bad', t('hr.review.ev.dup')]);
  const skew = ev.clock_skew_seconds ?? ev.time_skew_seconds;
  if (skew != null && Math.abs(skew) > 300) out.push(['ev-warn', t('hr.review.ev.skew', { s: Math.round(skew) })]);
  return (
    <div class="evidence">
      {out.map(([cls, text]) => (
        <span class={`badge ${cls}`} key={text}>
          {text}
        </span>
      ))}
    </div>
  );
}
