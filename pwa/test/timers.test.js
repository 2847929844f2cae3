// Review timers (issue 14 §4): the shopper's outcome lines and HR's timer badge, both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../src/timers/i18n.js';
import { hoursText, hrBadge, outcomeText, pendingText } from '../src/timers/outcome.js';
import { TIMER_DEFAULTS, timersBody } from '../src/timers/TimerSettings.jsx';

const auto = (rule, hours) => ({ auto_decision: { rule, hours, at: '2026-03-05T18:00:00+00:00' }, pending: null, events: [], escalated_at: null });

afterEach(() => setLanguage('en'));

describe('review timer texts', () => {
  it('say which rule decided, with its hours, in both languages', () => {
    const v = { outcome: 'auto_accepted', timer: auto('auto_accept_after_hours', 72) };
    expect(outcomeText(v)).toBe('Auto-accepted by rule: 72 h without review');
    setLanguage('zh-CN');
    expect(outcomeText(v)).toBe('按规则自动通过：72 小时内无人审核');
  });
  it('badge HR rows: the rule, an escalation, or when the timer fires', () => {
    expect(hrBadge(auto('auto_accept_after_hours', 72), 'en')[1]).toBe('Auto-accepted by rule: 72 h without review');
    expect(hrBadge(auto('auto_reject_after_hours', 24), 'en')[1]).toContain('24 h');
    const escalated = { auto_decision: null, pending: null, escalated_at: 'x', events: [{ rule: 'escalate_after_hours', hours: 48 }] };
    expect(hrBadge(escalated, 'en')).toEqual(['ev-bad', 'Escalated: 48 h without review']);
    const running = { auto_decision: null, escalated_at: null, events: [], pending: { action: 'accept', hours: 72, fires_at: '2026-03-05T18:00:00+00:00' } };
    expect(hrBadge(running, 'en')[1]).toMatch(/^Auto-accept /);
    expect(pendingText(running, 'en')).toMatch(/unless reviewed earlier$/);
    expect(hrBadge(null, 'en')).toBe(null);
  });
  it('write hours without a needless decimal', () => {
    expect(hoursText(72)).toBe('72');
    expect(hoursText(72.0)).toBe('72');
    expect(hoursText(1.5)).toBe('1.5');
  });
});

describe('review timer settings', () => {
  it('send hours as numbers and choices as chosen', () => {
    const body = timersBody({ ...TIMER_DEFAULTS, review_hours: '48', review_timeout: 'escalate' });
    expect(body).toEqual({ ...TIMER_DEFAULTS, review_hours: 48, review_timeout: 'escalate' });
  });
});
