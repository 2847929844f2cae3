// What the shopper's Earnings screen shows of a visit's pay (pure, tested): the state's
// label and badge, the breakdown lines in minor units, and a visit's expenses (the server's
// and those still in the phone's outbox) with whether new ones may be recorded.
import { assignmentOf, isExpense } from '../outbox/states.js';

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

/**
 * A visit's expense rows: the server's (`{expense, local: false}`) then the ones still in
 * the outbox (`{expense: item.body, item, local: true}`), oldest first; an expense the server
 * already holds is listed once (its local copy is about to be acknowledged).
 */
export function expenseRows(serverExpenses, outbox, visitId) {
  const known = new Set(serverExpenses.map((e) => e.id));
  const local = outbox
    .filter((i) => isExpense(i) && i.visitId === visitId && !known.has(i.body.id))
    .map((item) => ({ expense: item.body, item, local: true }));
  return [...serverExpenses.map((e) => ({ expense: e, local: false })), ...local];
}

/**
 * Why no expense may be recorded for the visit now, or null: 'report_queued' (its report is
 * in the outbox), 'report_sent' (a report was acknowledged after the server's detail was
 * read) or 'closed' (the server said the expenses are fixed). `returned`: the id of the report
 * HR returned for a correction (its receipt no longer locks anything).
 */
export function expenseLock({ outbox, receipts, visitId, detail, returned = null }) {
  if (outbox.some((i) => !isExpense(i) && assignmentOf(i) === visitId)) return 'report_queued';
  const readAt = detail?.fetchedAt ?? 0;
  if (receipts.some((r) => r.kind !== 'expense' && r.assignmentId === visitId && r.id !== returned && r.syncedAt > readAt)) return 'report_sent';
  if (detail && detail.editable === false) return 'closed';
  return null;
}
