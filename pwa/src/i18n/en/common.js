// Words every page uses: app name, language switch, loading, errors.
// en; keys are namespaced "common.<screen>.<name>" and must match the other languages.
export default {
  'common.language_name': 'English',
  'common.app_name': 'Service Evaluation',
  'common.lang_switch': '中文',
  'common.lang_switch_label': '中文 — switch the language to Chinese',
  'common.skip': 'Skip to content',
  'common.dismiss': 'Dismiss',
  'common.loading': 'Loading…',
  'common.syncing': 'Syncing…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.error.generic': 'Something went wrong: {m}',
  'common.error.offline': 'No connection.',
  'common.error.not_found': 'Not found.',
};
