// The closed loop's pure rules on the phone (src/actions/logic.js) and the customer page's
// complaint check (src/customer/Contact.jsx isComplaint).
import { describe, expect, it } from 'vitest';
import { byDue, currentStage, followUpBody, isOverdue, moveBody, nextDue } from '../src/actions/logic.js';
import { isComplaint } from '../src/customer/Contact.jsx';

const due = { ack: '2026-05-04T10:00:00Z', response: '2026-05-05T09:00:00Z', plan: '2026-05-06T09:00:00Z', followup: '2026-05-07T09:00:00Z' };
const item = (over = {}) => ({ id: 1, status: 'open', due, overdue: false, ...over });

describe('stages', () => {
  it('finds the current stage and its due time', () => {
    expect(currentStage(item())).toBe('ack');
    expect(nextDue(item({ status: 'acknowledged', acknowledged_at: 'x' }))).toBe(due.response);
    expect(currentStage(item({ status: 'closed' }))).toBe(null);
  });

  it('marks overdue from the server flag or the clock, never once closed', () => {
    expect(isOverdue(item({ overdue: true }))).toBe(true);
    expect(isOverdue(item(), new Date('2026-05-04T11:00:00Z'))).toBe(true);
    expect(isOverdue(item(), new Date('2026-05-04T09:00:00Z'))).toBe(false);
    expect(isOverdue(item({ status: 'closed', overdue: true }))).toBe(false);
  });

  it('lists open items by their next due time, closed ones last', () => {
    const a = item({ id: 1, status: 'acknowledged', acknowledged_at: 'x' }); // due response
    const b = item({ id: 2 }); // due ack, sooner
    const c = item({ id: 3, status: 'closed', closed_at: '2026-05-05T00:00:00Z' });
    expect(byDue([c, a, b]).map((i) => i.id)).toEqual([2, 1, 3]);
  });
});

describe('bodies', () => {
  it('sends the solution with a response and the photo with a closing only', () => {
    expect(moveBody('acknowledge')).toEqual({ action: 'acknowledge', note: null });
    expect(moveBody('respond', { note: ' Sorry ', solution: 'Voucher', photo: 'h' })).toEqual({ action: 'respond', note: 'Sorry', solution: 'Voucher' });
    expect(moveBody('close', { note: 'Done', photo: 'h' })).toEqual({ action: 'close', note: 'Done', photo: 'h' });
  });

  it('asks for a time, and for a shopper when the follow-up is a visit', () => {
    expect(followUpBody({ kind: 'call', at: '' }).error).toBe('actions.followup.need_time');
    expect(followUpBody({ kind: 'visit', at: '2026-05-06T10:00' }).error).toBe('actions.followup.need_shopper');
    const { body } = followUpBody({ kind: 'visit', at: '2026-05-06T10:00', shopper_id: '7', campaign_id: '3', note: '' });
    expect(body).toMatchObject({ kind: 'visit', shopper_id: 7, campaign_id: 3, note: null });
    expect(new Date(body.at).getTime()).toBe(new Date('2026-05-06T10:00').getTime());
  });
});

describe('complaint on the customer page', () => {
  const def = { scale: { min: 1, max: 5 }, sections: [{ id: 's', questions: [{ id: 'r', type: 'rating' }, { id: 'c', type: 'text' }] }] };
  it('is a shown rating at the bottom of its scale', () => {
    expect(isComplaint(def, { answers: { r: 1 } })).toBe(true);
    expect(isComplaint(def, { answers: { r: 2, c: 'meh' } })).toBe(false);
    expect(isComplaint(def, null)).toBe(false);
  });
});
