// The kind words of the customer page: thanks after answering, and "already answered" when
// the link's repeat policy allows no second answer from this device now.
import { t } from '../i18n/index.js';

export function Thanks({ again }) {
  return (
    <div class="card done" role="status">
      <h1>{t('customer.thanks')}</h1>
      <p>{t('customer.thanks_body')}</p>
      {again && (
        <button type="button" class="btn btn-secondary" onClick={again}>
          {t('customer.another')}
        </button>
      )}
    </div>
  );
}

/** Already answered (policy 'daily' or 'once'): thanks, and when answering is possible again. */
export function AlreadyAnswered({ why }) {
  return (
    <div class="card done" role="status">
      <h1>{t('customer.thanks')}</h1>
      <p>{t(why === 'once' ? 'customer.repeat.once' : 'customer.repeat.daily')}</p>
    </div>
  );
}
