import { describe, expect, it } from 'vitest';
import { message, REASON_MESSAGES } from './messages.js';

describe('reason message catalogue', () => {
  it('has every message in English and 中文 with the same placeholders', () => {
    const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(REASON_MESSAGES)) {
      expect(m.en.trim(), key).not.toBe('');
      expect(m.zh.trim(), key).not.toBe('');
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en).filter((p) => p !== 'clauseWord'));
      expect(/[\u4e00-\u9fff]/.test(m.zh), `${key} has Chinese text`).toBe(true);
    }
  });

  it('fills placeholders in both languages', () => {
    const m = message('listedNotYet', { asOf: '2019-06-01', where: 'List I (21 CFR 1310.02(a))', effective: '2020-05-15' });
    expect(m.en).toBe('Not yet in effect on 2019-06-01: listed in List I (21 CFR 1310.02(a)) from 2020-05-15.');
    expect(m.zh).toContain('2020-05-15');
    expect(m.zh).not.toMatch(/\{\w+\}/);
  });
});
