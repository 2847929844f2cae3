// Shopper pay in the PWA (issue 16 §3): amounts formatted per language from integer minor
// units (never a float), typed amounts read into minor units, the pay namespace complete.
import { describe, expect, it } from 'vitest';
import { decimalText, formatMoney, parseAmount } from '../src/pay/money.js';
import { payState } from '../src/pay/view.js';
import en from '../src/i18n/en/pay.js';
import zh from '../src/i18n/zh-CN/pay.js';

describe('formatMoney', () => {
  it('writes yuan per language', () => {
    expect(formatMoney(1250, 'CNY', 'en')).toBe('¥12.50');
    expect(formatMoney(1250, 'CNY', 'zh-CN')).toBe('12.50 元');
    expect(formatMoney(123456789, 'CNY', 'en')).toBe('¥1,234,567.89');
    expect(formatMoney(-500, 'CNY', 'en')).toContain('5.00');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('0.05 元');
    expect(formatMoney(1200, 'JPY', 'en')).toBe('¥1,200');
  });
  it('is exact where a float would not be', () => {
    expect(decimalText(9007199254740993n, 'CNY')).toBe('90071992547409.93');
    expect(decimalText(-1, 'CNY')).toBe('-0.01');
  });
});

describe('parseAmount', () => {
  it('reads typed amounts into minor units', () => {
    expect(parseAmount('12')).toBe(1200);
    expect(parseAmount('12.5')).toBe(1250);
    expect(parseAmount('12,05')).toBe(1205);
    expect(parseAmount(' 0.10 ')).toBe(10);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '0', '-1', '1.234', 'abc', '1e3', '12.5.1', null]) expect(parseAmount(bad)).toBeNull();
    expect(parseAmount('12.5', 'JPY')).toBeNull();
  });
});

describe('pay namespace', () => {
  it('has the same keys and placeholders in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en)) expect(names(zh[k])).toEqual(names(en[k]));
  });
  it('names every state', () => {
    for (const s of ['pending', 'payable', 'nothing_to_pay', 'not_paid', 'in_run', 'paid']) {
      expect(en[`pay.state.${s}`]).toBeTruthy();
      expect(payState({ state: s }).key).toBe(`pay.state.${s}`);
    }
  });
});
