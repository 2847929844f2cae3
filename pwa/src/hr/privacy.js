// Pure helpers of the Privacy tab (tested in test/privacy.test.js).

/** Where a personal-data export job is: 'waiting' (queued, running), 'ready', 'failed'. */
export function exportStage(job) {
  if (job.status === 'done') return job.download_ready ? 'ready' : 'failed';
  if (job.status === 'failed') return 'failed';
  return 'waiting';
}

/** A retention period as a person reads it: "30 days", or "for ever" for null. */
export function periodText(days, t) {
  return days == null ? t('privacy.retention.forever') : t('privacy.retention.n_days', { n: days });
}

/** A run's report: the kinds it handled with their counts, or "nothing past its period". */
export function reportText(report, t) {
  const done = Object.entries(report || {}).filter(([, n]) => n > 0);
  if (done.length === 0) return t('privacy.retention.nothing');
  return done.map(([kind, n]) => `${t(`privacy.kind.${kind}`)}: ${n}`).join(' · ');
}
