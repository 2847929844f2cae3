// Loading and error lines of the employee screens.
import { t } from '../i18n/index.js';

export function Status({ L, state }) {
  if (state.loading && !state.data) return <p class="muted">{t('common.loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{state.error.code === 'network' ? t('people.offline') : t('common.error.generic', { m: state.error.message })}</p>;
  return null;
}
