import { describe, expect, it } from 'vitest';
import { checkProposal, groupTeamReviews, initialSelection, offeredCandidates, reviewRows, score, splitNominations } from '../src/people/logic.js';

const person = (id, name, job_title = null) => ({ id, name, job_title, email: `${name.toLowerCase()}@x.example`, employee_number: `E${id}` });
const nom = (id, nomineeId, status) => ({ id, status, subject: person(1, 'Me'), nominee: person(nomineeId, `P${nomineeId}`) });

describe('review rows', () => {
  const review = {
    overall_index: 74.666,
    index_rows: ['supervisor', 'colleagues'],
    rows: [
      { key: 'self', n: 1, visible: true, form_score: 83.125 },
      { key: 'supervisor', n: 1, visible: true, form_score: 81.56 },
      { key: 'subordinate', n: 0, visible: false, form_score: null },
      { key: 'peer', n: null, visible: false, form_score: null },
      { key: 'colleagues', n: 3, visible: true, form_score: 76.8055 },
    ],
  };
  it('drops groups without responses, keeps hidden groups without a score, marks index rows', () => {
    expect(reviewRows(review)).toEqual([
      { key: 'self', n: 1, shown: true, score: 83.1, inIndex: false },
      { key: 'supervisor', n: 1, shown: true, score: 81.6, inIndex: true },
      { key: 'peer', n: null, shown: false, score: null, inIndex: false },
      { key: 'colleagues', n: 3, shown: true, score: 76.8, inIndex: true },
    ]);
  });
  it('never shows a score of a hidden row even if one is sent', () => {
    expect(reviewRows({ rows: [{ key: 'peer', n: 2, visible: false, form_score: 50 }] })[0]).toMatchObject({ shown: false, score: null });
  });
  it('rounds scores to one decimal, null when absent', () => {
    expect(score(74.666)).toBe(74.7);
    expect(score(null)).toBe(null);
    expect(score(Number.NaN)).toBe(null);
  });
});

describe('nominations', () => {
  const entry = { peer_min: 3, peer_max: 5, nominations: [nom(1, 10, 'approved'), nom(2, 11, 'proposed'), nom(3, 12, 'rejected')] };
  it('splits by status and preselects the pending proposals', () => {
    const by = splitNominations(entry);
    expect(by.approved.map((n) => n.id)).toEqual([1]);
    expect(by.proposed.map((n) => n.id)).toEqual([2]);
    expect(by.rejected.map((n) => n.id)).toEqual([3]);
    expect(initialSelection(entry)).toEqual([11]);
  });
  it('counts approved + proposed against peer_min and peer_max', () => {
    expect(checkProposal(entry, [11])).toEqual({ key: 'too_few', vars: { min: 3, n: 2 } });
    expect(checkProposal(entry, [11, 13])).toBe(null);
    expect(checkProposal(entry, [11, 13, 14, 15])).toBe(null);
    expect(checkProposal(entry, [11, 13, 14, 15, 16])).toEqual({ key: 'too_many', vars: { max: 5, n: 6 } });
    expect(checkProposal(entry, [11, 11, 13])).toBe(null); // duplicates count once
  });
  it('offers candidates not yet approved, filtered by name, title or number', () => {
    const cands = [person(10, 'Ann', 'Cashier'), person(11, 'Bob', 'Clerk'), person(13, 'Cai', 'Cashier')];
    expect(offeredCandidates(cands, entry).map((c) => c.id)).toEqual([11, 13]);
    expect(offeredCandidates(cands, entry, ' cash').map((c) => c.id)).toEqual([13]);
    expect(offeredCandidates(cands, entry, 'e11').map((c) => c.id)).toEqual([11]);
    expect(offeredCandidates(undefined, entry)).toEqual([]);
  });
});

describe('team reviews', () => {
  const rev = (empId, name, campaignId) => ({ employee: { id: empId, name, job_title: null }, campaign: { id: campaignId }, rows: [] });
  it('groups by employee, keeping the server order of employees and of their reviews', () => {
    const list = [rev(7, 'Ann', 2), rev(3, 'Bo', 2), rev(7, 'Ann', 1), rev(3, 'Bo', 1)];
    const groups = groupTeamReviews(list);
    expect(groups.map((g) => g.employee.name)).toEqual(['Ann', 'Bo']);
    expect(groups[0].reviews.map((r) => r.campaign.id)).toEqual([2, 1]);
    expect(groups[1].reviews.map((r) => r.campaign.id)).toEqual([2, 1]);
  });
  it('is empty for no or missing data and skips entries without an employee', () => {
    expect(groupTeamReviews([])).toEqual([]);
    expect(groupTeamReviews(undefined)).toEqual([]);
    expect(groupTeamReviews([{ campaign: { id: 1 } }, rev(0, 'Zero', 1)]).map((g) => g.employee.id)).toEqual([0]);
  });
});
