/** Look-up by name, Chinese name, pinyin, synonym, typo, CAS number and InChIKey; bad queries get stable codes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemError, type ProblemCode } from '../problems.js';
import { loadRegistry } from './registry.js';
import { allowedTypos, boundedEditDistance, normaliseName, pinyinKey } from './search.js';
import type { Registry } from './types.js';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
});

const top = (q: string) => registry.search(q)[0];
function codeOf(run: () => unknown): ProblemCode | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof ProblemError) return e.problem.code;
    throw e;
  }
  return undefined;
}

describe('normalisation helpers', () => {
  it('ignores case, punctuation and whitespace and spells out Greek letters', () => {
    expect(normaliseName(' Acetyl-α-Methyl Fentanyl ')).toBe('acetylalphamethylfentanyl');
    expect(normaliseName('.beta.-Hydroxythiofentanyl')).toBe(normaliseName('beta-hydroxythiofentanyl'));
  });
  it('turns Chinese names into toneless pinyin', () => {
    expect(pinyinKey('芬太尼')).toBe('fentaini');
  });
  it('bounds typos by length and stops early', () => {
    expect(allowedTypos('anpp')).toBe(0);
    expect(allowedTypos('fentanil')).toBe(1);
    expect(allowedTypos('furanylfentanil')).toBe(2);
    expect(boundedEditDistance('fentanil', 'fentanyl', 1)).toBe(1);
    expect(boundedEditDistance('carfentanil', 'fentanyl', 2)).toBe(3);
  });
});

describe('search', () => {
  it('finds by English name, case- and punctuation-insensitively', () => {
    expect(top('Fentanyl')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'name', score: 1 });
    expect(top('FURANYL FENTANYL')?.substance.id).toBe('furanyl-fentanyl');
    expect(top('furanylfentanyl')?.substance.id).toBe('furanyl-fentanyl');
  });

  it('finds by Chinese name', () => {
    expect(top('芬太尼')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'name' });
    expect(top('4-苯胺基-N-苯乙基哌啶')?.substance.id).toBe('anpp');
  });

  it('finds by pinyin, with or without spaces', () => {
    expect(top('fentaini')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'pinyin' });
    expect(top('fen tai ni')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'pinyin' });
    expect(top('Fen Tai Ni')?.substance.id).toBe('fentanyl');
  });

  it('finds by synonym and code name', () => {
    expect(top('4-ANPP')).toMatchObject({ substance: { id: 'anpp' }, matchedBy: 'synonym' });
    expect(top('4-AP')?.substance.id).toBe('4-anilinopiperidine');
    expect(top('A-3217')?.substance.id).toBe('ocfentanil');
  });

  it('tolerates a small typo', () => {
    expect(top('fentanil')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'fuzzy' });
    expect(top('ocfentanyl')?.substance.id).toBe('ocfentanil');
  });

  it('does not turn a short name into another substance (ANPP is not NPP)', () => {
    expect(registry.search('ANPP').map((h) => h.substance.id)).not.toContain('npp');
  });

  it('shows only exact hits when there are any, and partial matches otherwise', () => {
    expect(registry.search('fentanyl').map((h) => h.substance.id)).toEqual(['fentanyl']);
    const partial = registry.search('fentan');
    expect(partial.length).toBeGreaterThan(3);
    expect(partial.every((h) => h.matchedBy === 'partial' || h.matchedBy === 'fuzzy')).toBe(true);
    expect(registry.search('fentan', { limit: 2 })).toHaveLength(2);
  });

  it('finds by CAS number, with hyphens or as SWGDRUG-style digits', () => {
    expect(top('437-38-7')).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'cas', score: 1 });
    expect(top('437387')?.substance.id).toBe('fentanyl');
  });

  it('finds by full InChIKey and by its first block', () => {
    const fentanyl = registry.byId('fentanyl')!;
    expect(top(fentanyl.inchikey)).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'inchikey' });
    expect(top(fentanyl.inchikey.toLowerCase())?.substance.id).toBe('fentanyl');
    expect(top(fentanyl.inchikey.slice(0, 14))).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'inchikey-skeleton' });
    // A stereoisomer's key shares the first block: stereo-insensitive hit.
    expect(top(`${fentanyl.inchikey.slice(0, 14)}-ABCDEFGHIJ-N`)).toMatchObject({ substance: { id: 'fentanyl' }, matchedBy: 'inchikey-skeleton' });
  });

  it('returns [] when nothing matches', () => {
    expect(registry.search('definitely not a drug name')).toEqual([]);
    expect(registry.search('50-00-0')).toEqual([]); // formaldehyde: valid CAS, not listed here
  });

  it('rejects bad queries with stable codes', () => {
    expect(codeOf(() => registry.search(''))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('   '))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('x'.repeat(10_000)))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('fentanyl\u0000'))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('fen\u001btanyl'))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('--!!--'))).toBe('INVALID_QUERY');
    expect(codeOf(() => registry.search('437-38-8'))).toBe('CAS_CHECK_DIGIT');
    expect(codeOf(() => registry.search('437-388'))).toBe('CAS_FORMAT');
    expect(codeOf(() => registry.search('43-7-38-7'))).toBe('CAS_FORMAT');
  });
});
