/**
 * China's lists over time, judged as `classify` and `narcotrace lookup` judge them (listingDates): the 2013
 * catalogues and their amendments on 2024-01-01, the 2025 catalogues today. Covers the named substances
 * (GHB, tapentadol, tegileridine, dimdazenil), the 2025 changes (etizolam moved, suvorexant delisted, carisoprodol
 * newly controlled) and the name/CAS-only entries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listingDates } from '../law/listed-findings.js';
import { loadRegistry } from './registry.js';
import type { Registry } from './types.js';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
});

/** The CN lists on which the substance is listed in effect on the date. */
function cnListsOn(id: string, asOf: string): string[] {
  const s = registry.byId(id);
  if (!s) throw new Error(`no substance ${id}`);
  return s.listings.filter((l) => l.jurisdiction === 'CN' && listingDates(l, asOf).inEffect).map((l) => l.list);
}

describe('China lists over time', () => {
  it.each([
    ['gamma-hydroxybutyric-acid', ['CN-PSYCHOTROPIC-I'], ['CN-MEDICAL-PSYCHOTROPIC-I']],
    ['tapentadol', ['CN-PSYCHOTROPIC-I'], ['CN-MEDICAL-PSYCHOTROPIC-I']],
    ['tegileridine', ['CN-NARCOTIC'], ['CN-MEDICAL-NARCOTIC']],
    ['dimdazenil', ['CN-PSYCHOTROPIC-II'], ['CN-MEDICAL-PSYCHOTROPIC-II']],
    ['eptazocine', ['CN-PSYCHOTROPIC-II'], ['CN-MEDICAL-PSYCHOTROPIC-II']],
    ['etizolam', ['CN-NONMEDICAL'], ['CN-MEDICAL-PSYCHOTROPIC-II']],
    ['suvorexant', ['CN-PSYCHOTROPIC-II'], []],
    ['carisoprodol', [], ['CN-MEDICAL-PSYCHOTROPIC-II']],
  ])('%s: %j on 2024-01-01, %j on 2026-01-01', (id, in2024, in2026) => {
    expect(cnListsOn(id, '2024-01-01')).toEqual(in2024);
    expect(cnListsOn(id, '2026-01-01')).toEqual(in2026);
  });

  it('a 2025 listing dated "by 2025-07-28" needs review before that date, and the 2013 listing it replaces ends on it', () => {
    const ghb = registry.byId('gamma-hydroxybutyric-acid')!;
    const med = ghb.listings.find((l) => l.list === 'CN-MEDICAL-PSYCHOTROPIC-I')!;
    expect(listingDates(med, '2025-07-01')).toMatchObject({ inEffect: false, needsReview: true });
    expect(ghb.listings.find((l) => l.list === 'CN-PSYCHOTROPIC-I')!.until).toBe('2025-07-28');
  });

  it('a substance listed by name and CAS only has no structure and is found by its catalogue CAS number and name', () => {
    const s = registry.byId('tegileridine')!;
    expect(s).toMatchObject({ form: 'none', smiles: '', inchikey: '', cas: ['2095345-66-5'], names: { zh: '泰吉利定' } });
    expect(registry.search('2095345-66-5').map((h) => h.substance.id)).toEqual(['tegileridine']);
    expect(registry.search('地达西尼').map((h) => h.substance.id)).toContain('dimdazenil');
  });
});
