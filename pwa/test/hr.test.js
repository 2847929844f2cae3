import { describe, expect, it } from 'vitest';
import { fieldErrors, nextActions, noteRequired, settingsBody, settingsForm } from '../src/hr/logic.js';
import { HttpError } from '../src/errors.js';

describe('campaign lifecycle', () => {
  it('never offers open on a closed campaign', () => {
    expect(nextActions('draft')).toEqual(['open']);
    expect(nextActions('open')).toEqual(['close']);
    expect(nextActions('closed')).toEqual(['release']);
    expect(nextActions('released')).toEqual(['unrelease']);
    expect(nextActions('unknown')).toEqual([]);
  });
});

describe('action items', () => {
  it('respond, plan and close need a note; acknowledge does not', () => {
    expect(['acknowledge', 'respond', 'plan', 'close'].filter(noteRequired)).toEqual(['respond', 'plan', 'close']);
  });
});

describe('fieldErrors', () => {
  it('reads service field errors', () => {
    const e = new HttpError(422, { error: { code: 'invalid', message: 'Add a note.', details: { fields: { note: 'required' } } } });
    expect(fieldErrors(e)).toEqual({ note: 'required' });
  });
  it('flattens schema errors under json', () => {
    const e = new HttpError(422, { error: { code: 'invalid', details: { fields: { json: { peer_min: ['Not a valid integer.'], group_weights: { self: { value: ['Not a valid number.'] } } } } } } });
    expect(fieldErrors(e)).toEqual({ peer_min: 'Not a valid integer.', group_weights: 'self: Not a valid number.' });
  });
  it('is empty for errors without fields', () => {
    expect(fieldErrors(new HttpError(500, null))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe('campaign settings', () => {
  const camp = {
    anonymity_thresholds: { peer: 3, subordinate: 3, customer: 5 },
    group_weights: { supervisor: 0.4, colleagues: 0.3, customer: 0.3 },
    report_locale: 'en',
    manager_visibility: true,
    peer_selection: 'nomination',
    peer_min: 3,
    peer_max: 5,
  };
  it('round-trips a campaign into the PATCH body, empty boxes left out', () => {
    const { body, errors } = settingsBody(settingsForm(camp));
    expect(errors).toBeUndefined();
    expect(body).toEqual(camp);
  });
  it('parses edited text values as numbers', () => {
    const f = settingsForm(camp);
    f.anonymity_thresholds.supervisor = ' 1 ';
    f.group_weights.self = '0.05';
    f.peer_max = '8';
    const { body } = settingsBody(f);
    expect(body.anonymity_thresholds.supervisor).toBe(1);
    expect(body.group_weights.self).toBe(0.05);
    expect(body.peer_max).toBe(8);
  });
  it('rejects non-integer thresholds and peer counts, non-numeric weights', () => {
    const f = settingsForm(camp);
    f.anonymity_thresholds.peer = '2.5';
    f.group_weights.customer = 'abc';
    f.peer_min = '';
    expect(settingsBody(f).errors).toEqual({ anonymity_thresholds: 'whole_number', group_weights: 'number', peer_min: 'whole_number' });
  });
});
