// show_if parity: the same JsonLogic cases the Python suite evaluates with
// panzi-json-logic must give the same result with json-logic-js.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRule, ruleReferences, truthy, visibleIds } from '../src/form/showif.js';

const CASES_PATH = resolve(import.meta.dirname, '../../forms/jsonlogic_cases.json');
const cases = JSON.parse(readFileSync(CASES_PATH, 'utf-8'));

describe('jsonlogic_cases.json parity', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
  it.each(cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    expect(applyRule(c.rule, c.data)).toEqual(c.expected);
  });
});

describe('visibility like server/services/show_if.py', () => {
  const def = {
    sections: [
      {
        id: 's',
        questions: [
          { id: 'c', show_if: { '==': [{ var: 'b' }, 'yes'] } },
          { id: 'a' },
          { id: 'b', show_if: { '==': [{ var: 'a' }, true] } },
          { id: 'd', show_if: { missing: ['a'] } },
        ],
      },
    ],
  };

  it('evaluates in dependency order and hiding cascades', () => {
    expect([...visibleIds(def, { a: true, b: 'yes' })].sort()).toEqual(['a', 'b', 'c']);
    // a hidden question counts as null even when it holds a stale answer
    expect([...visibleIds(def, { a: false, b: 'yes' })].sort()).toEqual(['a']);
  });

  it('an unanswered question is null, so "missing" sees it', () => {
    expect(visibleIds(def, {}).has('d')).toBe(true);
    expect(visibleIds(def, { a: true }).has('d')).toBe(false);
  });

  it('collects references from var, missing and missing_some but not inside some/all', () => {
    const rule = { and: [{ var: 'x.0' }, { missing: ['y'] }, { missing_some: [1, ['z']] }, { some: [{ var: 'w' }, { var: 'item' }] }] };
    expect([...ruleReferences(rule)].sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('uses JsonLogic truthiness', () => {
    expect(truthy([])).toBe(false);
    expect(truthy('0')).toBe(true);
  });
});
