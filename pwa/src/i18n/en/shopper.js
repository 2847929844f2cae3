// The shopper's form screen (issue 15): the calm required count, a returned visit, the
// summary before submitting. en; keys "shopper.<part>.<name>" match the other languages.
export default {
  'shopper.count.some': '{a} of {r} required answered',
  'shopper.count.all': 'All {r} required answered',
  'shopper.count.none_required': 'Nothing required',
  'shopper.count.added': 'Your answer opened {n} follow-up question(s): now {r} required.',
  'shopper.count.removed': '{n} follow-up question(s) no longer apply: now {r} required.',
  'shopper.returned.title': 'Returned by HR.',
  'shopper.returned.reason': 'Reason: {r}',
  'shopper.returned.kept': 'Your earlier answers and photos are filled in: change only what is needed, then submit again.',
  'shopper.returned.flagged': 'HR asks you to check:',
  'shopper.summary.title': 'Your answers',
  'shopper.summary.not_answered': 'Not answered',
  'shopper.summary.end_now': 'When you submit',
  'shopper.summary.no_location': 'Not recorded',
  'shopper.summary.what_is_sent': 'Submitting sends these answers, the visit details and {n} photo(s) to HR for review. Until then they stay on this phone.',
  'shopper.visit.location_value': '±{acc}, recorded {t}',
};
