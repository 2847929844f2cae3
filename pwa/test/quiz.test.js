// Certification (issue 16 §2): the shopper's quiz states, the attempt body, what is still
// unanswered, and the refusal texts (offline, retry later), in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../src/quiz/i18n.js';
import { attemptBody, lastAttemptText, passText, refusalText, scoreText, stateBadge, stateText, unanswered } from '../src/quiz/logic.js';

afterEach(() => setLanguage('en'));

const definition = {
  sections: [
    { questions: [{ id: 'a', type: 'yes_no' }, { id: 'b', type: 'choice' }] },
    { questions: [{ id: 'c', type: 'multi_choice' }] },
  ],
};

describe('quiz states', () => {
  it('say certified with the date, not yet, or when a retry is allowed', () => {
    expect(stateText({ state: 'not_certified' }, 'en')).toBe('Not certified yet');
    expect(stateText({ state: 'certified', certified_at: '2026-12-01T09:00:00+00:00' }, 'en')).toMatch(/^Certified since .*2026/);
    expect(stateText({ state: 'wait', retry_at: '2026-12-02T09:00:00+00:00' }, 'en')).toMatch(/^Retry after /);
    setLanguage('zh-CN');
    expect(stateText({ state: 'not_certified' }, 'zh-CN')).toBe('尚未认证');
    expect(stateText({ state: 'wait', retry_at: '2026-12-02T09:00:00+00:00' }, 'zh-CN')).toMatch(/之后可重考$/);
    expect(stateBadge('certified')).toBe('ev-ok');
    expect(stateBadge('wait')).toBe('ev-warn');
  });
  it('give the score with the pass mark', () => {
    const attempt = { score: 60, correct: 3, total: 5, pass_mark: 80 };
    expect(scoreText(attempt)).toBe('Your score: 60 % (3 of 5 right). Pass mark: 80 %.');
    expect(lastAttemptText({ score: 66.67, correct: 2, total: 3 })).toBe('Last attempt: 66.7 % (2 of 3 right)');
    setLanguage('zh-CN');
    expect(scoreText(attempt)).toBe('您的得分：60%（5 题答对 3 题）。及格线：80%。');
  });
});

describe('the history', () => {
  it('names a scenario by the title of its quiz, else by its key', () => {
    const quizzes = [{ scenario: 'complaint', title: { en: 'Complaint scenario', 'zh-CN': '投诉情景' } }];
    const pass = { scenario: 'complaint', score: 80, passed_at: '2026-12-01T09:00:00+00:00' };
    expect(passText(pass, quizzes, 'en')).toMatch(/^Complaint scenario: passed .*2026 with 80 %$/);
    expect(passText({ ...pass, scenario: 'gone' }, quizzes, 'en')).toMatch(/^gone: passed /);
    setLanguage('zh-CN');
    expect(passText(pass, quizzes, 'zh-CN')).toMatch(/^投诉情景：.*通过，得分 80%$/);
  });
});

describe('taking a quiz', () => {
  it('lists the unanswered questions in order', () => {
    expect(unanswered(definition, {})).toEqual(['a', 'b', 'c']);
    expect(unanswered(definition, { a: false, c: [] })).toEqual(['b', 'c']);
    expect(unanswered(definition, { a: false, b: 'x', c: ['y'] })).toEqual([]);
  });
  it('sends the version and the given answers only', () => {
    expect(attemptBody(7, { a: false, b: null, c: ['y'] })).toEqual({ form_version_id: 7, answers: { a: false, c: ['y'] } });
  });
  it('says an offline attempt needs a connection and a refusal when to retry', () => {
    expect(refusalText({ code: 'network' }, 'en')).toMatch(/^You are offline\. A quiz is scored online/);
    expect(refusalText({ code: 'retry_later', details: { retry_at: '2026-12-02T09:00:00+00:00' }, message: 'x' }, 'en')).toMatch(/^You can try again after /);
    expect(refusalText({ code: 'invalid', details: {}, message: 'Some answers are not valid.' }, 'en')).toBe('Some answers are not valid.');
    setLanguage('zh-CN');
    expect(refusalText({ code: 'network' }, 'zh-CN')).toMatch(/^您当前处于离线状态/);
  });
});
