// The supervisor's observation form (issue 18 §2): whom it is about and that it is not
// anonymous (above the questions), and after saving one, "record another" at once.
import { t } from '../i18n/index.js';
import './observe.js';

export function ObserveNote({ a }) {
  return (
    <p class="hint observe-note">
      {a.subject?.name && <strong>{a.subject.name} · </strong>}
      {t('scorecard.observe.not_anonymous')}
    </p>
  );
}

export function ObservedAgain({ onAgain }) {
  return (
    <div class="card done" role="status">
      <h1>{t('scorecard.observe.saved')}</h1>
      <p>
        <button type="button" class="btn btn-primary" onClick={onAgain}>
          {t('scorecard.observe.another')}
        </button>{' '}
        <a class="btn btn-secondary" href="#/">
          {t('field.form.back_to_list')}
        </a>
      </p>
    </div>
  );
}
