import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Threshold } from './api/types.js';
import en from './i18n/en.json' with { type: 'json' };
import zh from './i18n/zh.json' with { type: 'json' };
import { saltCasText, structureKind, thresholdText } from './registry-view.js';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng: 'en', interpolation: { escapeValue: false } });
});
const tr = (lng: 'en' | 'zh') => i18n.getFixedT(lng) as unknown as (key: string, options?: Record<string, unknown>) => string;

describe('registry view helpers', () => {
  it('draws no structure for a name/CAS-only substance (or an empty SMILES), and tells an inorganic one apart', () => {
    expect(structureKind({ form: 'none', smiles: '' })).toBe('none');
    expect(structureKind({ smiles: '' })).toBe('none');
    expect(structureKind({ form: 'inorganic', smiles: '[K+].[O-][Mn](=O)(=O)=O' })).toBe('inorganic');
    expect(structureKind({ smiles: 'CC(=O)Cc1ccccc1' })).toBe('structure');
  });

  it('writes a threshold in English and in Chinese, keeping the scope in the instrument\'s words', () => {
    const th: Threshold = { quantity: 1, unit: 'kg', basis: 'per-transaction', weight: 'base', scope: 'import and export', citation: '21 CFR 1310.04(f)' };
    expect(thresholdText(th, tr('en'))).toBe('1 kg or more per transaction, as base (import and export)');
    expect(thresholdText(th, tr('zh'))).toBe('单笔交易 1 kg 及以上, 以碱计 (import and export)');
    const prep: Threshold = { quantity: 200, unit: 'mg/100mL', basis: 'preparation-at-most', citation: '21 CFR 1308.15(c)' };
    expect(thresholdText(prep, tr('en'))).toBe('preparations with at most 200 mg/100mL');
    expect(thresholdText(prep, tr('zh'))).toBe('含量不超过 200 mg/100mL 的制剂');
  });

  it('every threshold basis has a text in both catalogues', () => {
    for (const basis of ['per-transaction', 'cumulative-per-month', 'preparation-at-most', 'preparation-at-least'] as const)
      for (const lng of ['en', 'zh'] as const) expect(thresholdText({ quantity: 5, unit: 'g', basis, citation: 'c' }, tr(lng))).not.toMatch(/threshold\./);
  });

  it('lists salt-form CAS numbers with their salt', () => {
    expect(saltCasText({ saltCas: [{ cas: '1443-52-9', salt: 'hydrochloride' }] })).toBe('1443-52-9 (hydrochloride)');
    expect(saltCasText({})).toBe('');
  });
});
