// The customer page's offer to be called back after a complaint (issue 14 §2).
// en; keys "contact.<name>" must match the other languages.
export default {
  'contact.offer': 'Sorry about your experience. May we call you back?',
  'contact.voluntary': 'Only if you wish: leave a phone number or e-mail and the store manager will contact you about this feedback. Your answers above stay anonymous either way.',
  'contact.name': 'Your name (optional)',
  'contact.phone': 'Phone',
  'contact.email': 'E-mail',
  'contact.consent': 'I agree that the store keeps my name and contact details, apart from my answers, only to contact me about this feedback.',
  'contact.send': 'Send my contact',
  'contact.sent': 'Thank you. The store manager will contact you.',
  'contact.need_consent': 'Tick the consent box to send your contact, or simply leave this page.',
  'contact.need_way': 'Give a phone number or an e-mail address.',
  'contact.failed': 'Your contact could not be sent. Please try again.',
};
