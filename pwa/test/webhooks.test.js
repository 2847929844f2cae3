// Webhooks console (issue 17 §2): the address hint mirrors the server's rule, event order,
// status classes and when a delivery may be replayed.
import { describe, expect, it } from 'vitest';
import { canReplay, chosenEvents, statusClass, urlHint } from '../src/hr/webhooks_logic.js';

describe('webhooks console logic', () => {
  it('asks for https, lets http through only for localhost', () => {
    expect(urlHint('https://hooks.example.com/in')).toBe('');
    expect(urlHint('http://hooks.example.com/in')).toBe('https');
    expect(urlHint('http://127.0.0.1:8080/x')).toBe('local_only');
    expect(urlHint('http://localhost/x')).toBe('local_only');
    expect(urlHint('https://u:p@hooks.example.com/')).toBe('invalid');
    expect(urlHint('https://hooks.example.com/#x')).toBe('invalid');
    expect(urlHint('not a url')).toBe('invalid');
    expect(urlHint('  ')).toBe('required');
  });
  it('keeps the server order of events', () => {
    const all = ['campaign.released', 'review.released', 'visit.approved'];
    expect(chosenEvents(all, new Set(['visit.approved', 'campaign.released']))).toEqual(['campaign.released', 'visit.approved']);
  });
  it('replays finished deliveries of enabled endpoints only', () => {
    expect(canReplay({ status: 'failed' }, { enabled: true })).toBe(true);
    expect(canReplay({ status: 'delivered' }, { enabled: true })).toBe(true);
    expect(canReplay({ status: 'pending' }, { enabled: true })).toBe(false);
    expect(canReplay({ status: 'failed' }, { enabled: false })).toBe(false);
    expect(canReplay({ status: 'failed' }, undefined)).toBe(false);
    expect(statusClass('failed')).toBe('bad');
    expect(statusClass('delivered')).toBe('ok');
    expect(statusClass(null)).toBe('muted');
  });
});
