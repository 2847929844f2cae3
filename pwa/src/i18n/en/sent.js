// The "Sent" list on Today: submissions the server acknowledged.
export default {
  'sent.title': 'Sent',
  'sent.at': 'Received by the server {d}',
  'sent.none': 'Nothing sent yet.',
};
