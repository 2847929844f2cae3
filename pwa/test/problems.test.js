import { describe, expect, it } from 'vitest';
import { fieldProblems, itemMessage, questionLabels } from '../src/app/problems.js';

const definition = {
  sections: [
    { id: 's1', questions: [{ id: 'greet', label: { en: 'Greeted within 30 seconds', 'zh-CN': '进店30秒内主动问候' } }] },
    { id: 's2', questions: [{ id: 'wait', label: { en: 'Minutes waited', 'zh-CN': '等待分钟数' } }] },
  ],
};

describe('fieldProblems', () => {
  const labels = questionLabels(definition);

  it('names the question and the reason in the UI language', () => {
    expect(fieldProblems({ greet: 'required', wait: 'range' }, labels, 'zh-CN')).toEqual([
      { field: 'greet', label: '进店30秒内主动问候', text: '此题必答' },
      { field: 'wait', label: '等待分钟数', text: '答案超出允许范围' },
    ]);
    expect(fieldProblems({ greet: 'required' }, labels, 'en')[0]).toEqual({
      field: 'greet',
      label: 'Greeted within 30 seconds',
      text: 'an answer is required',
    });
  });

  it('keeps what it does not know as the server sent it', () => {
    expect(fieldProblems({ started_at: ['Not a valid datetime.'] }, labels, 'en')).toEqual([
      { field: 'started_at', label: 'Visit start', text: 'Not a valid datetime.' },
    ]);
    expect(fieldProblems({ staff_id: 'not_unit_staff' }, labels, 'zh-CN')).toEqual([
      { field: 'staff_id', label: '为您服务的员工', text: '该员工不在此门店' },
    ]);
    expect(fieldProblems({ mystery: 'odd' }, labels, 'en')[0]).toEqual({ field: 'mystery', label: 'mystery', text: 'odd' });
    expect(fieldProblems({ greet: 'required' }, null, 'en')[0].label).toBe('greet');
    expect(fieldProblems(undefined, labels, 'en')).toEqual([]);
  });
});

describe('itemMessage', () => {
  it('words known codes in the UI language, whatever language the server used', () => {
    const error = { code: 'already_submitted', message: 'This assignment was already submitted; resubmit with `replaces`.' };
    expect(itemMessage(error, 'zh-CN')).toBe('此任务已提交过，可能来自另一台设备。');
    expect(itemMessage({ code: 'invalid', message: '部分答案无效。' }, 'en')).toBe('The server did not accept some answers:');
  });

  it('falls back to the server text for a code it does not know', () => {
    expect(itemMessage({ code: 'something_new', message: 'New rule.' }, 'en')).toBe('Server: New rule.');
  });
});
