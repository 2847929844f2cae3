// HR console: who acknowledged their review.
export default {
  'ack.title': 'Reviews acknowledged by employees',
  'ack.none': 'No employee has acknowledged a review yet.',
  'ack.name': 'Employee',
  'ack.when': 'Acknowledged',
  'ack.comment': 'Comment',
};
