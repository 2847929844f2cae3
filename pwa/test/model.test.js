import { describe, expect, it } from 'vitest';
import { cleanAnswers, isAnswered, missingRequired, photoHashes, sectionProgress, totals } from '../src/form/model.js';

const SHA = 'c'.repeat(64);
const def = {
  sections: [
    {
      id: 'greeting',
      questions: [
        { id: 'greeted', type: 'yes_no', required: true, allow_na: false },
        { id: 'smile', type: 'rating', required: true, allow_na: true },
        { id: 'wait', type: 'number', required: true, show_if: { '==': [{ var: 'greeted' }, false] } },
      ],
    },
    {
      id: 'evidence',
      questions: [
        { id: 'receipt', type: 'photo', required: true, min_count: 1, max_count: 3 },
        { id: 'note', type: 'text', required: false },
      ],
    },
  ],
};

describe('form model', () => {
  it('counts required answers per section and lists the missing ones in order', () => {
    const p = sectionProgress(def, { greeted: true }, []);
    expect(p[0]).toMatchObject({ required: 2, answeredRequired: 1 });
    expect(missingRequired(def, { greeted: true }, []).map((m) => m.q.id)).toEqual(['smile', 'receipt']);
  });

  it('a show_if question becomes required only when shown', () => {
    expect(totals(def, { greeted: false }, []).required).toBe(4);
    expect(totals(def, { greeted: true }, []).required).toBe(3);
  });

  it('N/A satisfies a required question', () => {
    expect(missingRequired(def, { greeted: true, receipt: [SHA] }, ['smile'])).toEqual([]);
  });

  it('drops answers of hidden questions and N/A wins over a stale value', () => {
    const out = cleanAnswers(def, { greeted: true, wait: 40, smile: 4, receipt: [SHA], note: '' }, ['smile']);
    expect(out).toEqual({ answers: { greeted: true, receipt: [SHA] }, na: ['smile'] });
    expect(photoHashes(def, out.answers)).toEqual([SHA]);
  });

  it('knows what an answer is per type', () => {
    expect(isAnswered({ type: 'yes_no' }, false)).toBe(true);
    expect(isAnswered({ type: 'rating' }, 0)).toBe(true);
    expect(isAnswered({ type: 'text' }, '  ')).toBe(false);
    expect(isAnswered({ type: 'multi_choice' }, [])).toBe(false);
    expect(isAnswered({ type: 'photo', min_count: 2 }, [SHA])).toBe(false);
  });
});
