// What the shopper's Earnings screen shows of a visit's pay (pure, tested): the state's
// label and badge, and the breakdown lines in minor units.

const BADGES = { payable: 'ev-ok', in_run: 'ev-ok', paid: 'ev-ok', not_paid: 'ev-bad', nothing_to_pay: 'badge-waiting', pending: 'badge-waiting' };

/** The label key and badge class of a visit's pay state. */
export function payState(pay) {
  return { key: `pay.state.${pay.state}`, badge: BADGES[pay.state] || 'badge-waiting' };
}

/** The breakdown lines [labelKey, minor, params] shown under a visit's total. */
export function breakdownLines(pay) {
  const lines = [];
  if (pay.basis !== 'receipts_only') lines.push(['pay.fee', pay.state === 'pending' ? pay.terms_fee_minor : pay.fee_minor]);
  lines.push(['pay.receipts', pay.receipts_minor]);
  lines.push(['pay.cap', pay.expense_cap_minor]);
  if (pay.state !== 'pending') lines.push(['pay.reimbursed', pay.reimbursed_minor]);
  if (pay.adjustment_minor) lines.push(['pay.adjustment', pay.adjustment_minor]);
  return lines;
}
