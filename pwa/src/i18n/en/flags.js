// HR's visit review: flagging answers for the shopper to check when the visit is returned.
// en; keys must match the other languages.
export default {
  'flags.flag': 'Flag',
  'flags.flag_label': 'Flag: {q}',
  'flags.flagged': 'Flagged',
  'flags.title': 'Questions to check again ({n})',
  'flags.none': 'None flagged. Use "Flag" beside an answer to mark it for the shopper.',
  'flags.hint': 'Sent with "Reject": the shopper sees these questions marked.',
  'flags.unflag': 'Flagged: {q}',
};
