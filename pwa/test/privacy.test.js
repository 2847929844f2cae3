// The Privacy tab's pure helpers (issue 17 §4-5).
import { describe, expect, it } from 'vitest';
import { exportStage, periodText, reportText } from '../src/hr/privacy.js';
import en from '../src/i18n/en/privacy.js';
import zh from '../src/i18n/zh-CN/privacy.js';

const t = (key, p = {}) => en[key].replace(/\{(\w+)\}/g, (_, k) => String(p[k]));

describe('privacy helpers', () => {
  it('follows an export job', () => {
    expect(exportStage({ status: 'queued' })).toBe('waiting');
    expect(exportStage({ status: 'running' })).toBe('waiting');
    expect(exportStage({ status: 'done', download_ready: true })).toBe('ready');
    expect(exportStage({ status: 'done', download_ready: false })).toBe('failed');
    expect(exportStage({ status: 'failed' })).toBe('failed');
  });
  it('reads periods and reports', () => {
    expect(periodText(30, t)).toBe('30 days');
    expect(periodText(null, t)).toBe('for ever');
    expect(reportText({ photos: 0, notifications: 3 }, t)).toBe('Notifications: 3');
    expect(reportText({}, t)).toBe('nothing past its period');
    expect(reportText(null, t)).toBe('nothing past its period');
  });
  it('has every key in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const kind of ['raw_submissions', 'photos', 'generated_files', 'export_files', 'audit_events', 'inactive_accounts', 'notifications', 'customer_contacts']) {
      expect(en[`privacy.kind.${kind}`]).toBeTruthy();
    }
  });
});
