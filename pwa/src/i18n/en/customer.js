// The customer page at /c/<token> (loaded with that page only).
// en; keys are namespaced "customer.<screen>.<name>" and must match the other languages.
export default {
  'customer.title': 'Your feedback',
  'customer.about': 'About: {name}',
  'customer.thanks': 'Thank you!',
  'customer.thanks_body': 'Your answers were received.',
  'customer.invalid_link': 'This link is not valid any more.',
  'customer.retry': 'Could not send. Check the connection and tap Submit again — your answers are kept.',
  'customer.another': 'Fill in again',
  'customer.repeat.daily': 'You already answered from this device today. You are welcome to answer again tomorrow.',
  'customer.repeat.once': 'Your answer from this device is already recorded. Thank you for your time.',
};
