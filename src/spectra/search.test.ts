/** The searches: match factors on known cases, the index against a linear scan, probabilities, hybrid shifts, MS/MS entropy with precursor tolerance. */
import { describe, expect, it } from 'vitest';
import { nameFamily } from './analogue.js';
import { cleanMsms, EiIndex, entropySimilarity, MsmsIndex, type LibrarySpectrum } from './search.js';
import type { Peak } from './spectrum.js';

/** A seeded synthetic EI library: each spectrum 20–60 peaks between m/z 30 and its MW. */
function library(n: number, seed = 7): LibrarySpectrum[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, id) => {
    const mw = 150 + Math.floor(rand() * 300);
    const peaks: Peak[] = [];
    const count = 20 + Math.floor(rand() * 40);
    for (let k = 0; k < count; k++) peaks.push([30 + Math.floor(rand() * (mw - 30)), 1 + Math.floor(rand() * 999)]);
    peaks.push([mw, 50]);
    return { id: id + 1, name: `compound ${id + 1}`, inchikey: `${String(id).padStart(14, 'A').replace(/\d/g, (d) => 'BCDEFGHIJK'[Number(d)])}-UHFFFAOYSA-N`, mw, kind: 'EI', peaks };
  });
}

describe('identity search (EI)', () => {
  const lib = library(500);
  const index = new EiIndex();
  for (const e of lib) index.add(e);

  it('scores a library spectrum against itself 999 with probability near 1', () => {
    const [hit] = index.search(lib[42].peaks, { top: 3 });
    expect(hit.entry.id).toBe(43);
    expect(hit.score).toBe(999);
    expect(hit.reverseScore).toBe(999);
    expect(hit.probability).toBeGreaterThan(0.9);
  });

  it('finds the same top hit through the index as a linear scan', () => {
    for (const e of lib.slice(0, 100)) {
      const jittered = e.peaks.map(([m, i]) => [m, i * (0.8 + ((m * 7919) % 40) / 100)] as Peak);
      expect(index.search(jittered, { top: 1 })[0].entry.id).toBe(index.searchAll(jittered, { top: 1 })[0].entry.id);
    }
  });

  it('gives a mixture a high reverse match factor and a lower forward one', () => {
    const a: LibrarySpectrum = { id: 1, name: 'a', kind: 'EI', peaks: [[58, 999], [91, 300], [134, 100], [149, 40]] };
    const b: LibrarySpectrum = { id: 2, name: 'b', kind: 'EI', peaks: [[44, 500], [77, 400], [105, 999], [182, 200]] };
    const idx = new EiIndex();
    idx.add(a);
    idx.add(b);
    const hits = idx.search([...a.peaks, ...b.peaks.map(([m, i]) => [m, i / 2] as Peak)], { top: 10 });
    const one = hits.find((h) => h.entry.id === 2)!;
    expect(one.reverseScore).toBeGreaterThan(one.score);
    expect(one.reverseScore).toBeGreaterThan(700);
  });

  it('weights high m/z: a spectrum differing only at low m/z still matches better than one differing at high m/z', () => {
    const a: LibrarySpectrum = { id: 1, name: 'a', kind: 'EI', peaks: [[50, 500], [200, 999], [300, 400]] };
    const idx = new EiIndex();
    idx.add(a);
    const lowOff = idx.search([[51, 500], [200, 999], [300, 400]])[0].score;
    const highOff = idx.search([[50, 500], [200, 999], [301, 400]])[0].score;
    expect(lowOff).toBeGreaterThan(highOff);
  });

  it('returns no hit for a spectrum that shares no peak, and a configurable number otherwise', () => {
    expect(index.search([[9999, 5]])).toEqual([]);
    expect(index.search(lib[0].peaks, { top: 7 }).length).toBeLessThanOrEqual(7);
  });
});

describe('hybrid search (analogues)', () => {
  const base: Peak[] = [[77, 200], [105, 400], [146, 600], [189, 300], [245, 999], [336, 30]];
  const homologue: Peak[] = [[77, 200], [105, 400], [146, 600], [189, 300], [259, 999], [350, 30]]; // +14 on the acyl side
  const other: Peak[] = [[41, 999], [55, 700], [69, 500], [83, 300]];
  const idx = new EiIndex();
  idx.add({ id: 1, name: 'fentanyl-like', mw: 336, kind: 'EI', peaks: base });
  idx.add({ id: 2, name: 'alkane-like', mw: 200, kind: 'EI', peaks: other });

  it('matches shifted fragments and reports the implied mass shift, given the MW or not', () => {
    const withMw = idx.hybrid(homologue, 350)[0];
    expect(withMw).toMatchObject({ massShift: 14 });
    expect(withMw.score).toBeGreaterThan(900);
    expect(idx.search(homologue)[0].score).toBeLessThan(withMw.score);
    expect(idx.hybrid(homologue, undefined)[0]).toMatchObject({ massShift: 14 });
  });

  it('names a family only when the known neighbours agree, and never from unknown structures', () => {
    const fam = { rules: ['US-FRS'], titles: ['Fentanyl-related substances'], name: 'Fentanyl-related substances' };
    const call = nameFamily([
      { name: 'a', score: 900, massShift: 14, known: true, family: fam },
      { name: 'b', score: 850, massShift: 0, known: true, family: fam },
      { name: 'c', score: 800, massShift: 2, known: true, family: null },
    ]);
    expect(call?.rules).toEqual(['US-FRS']);
    expect(call?.message).toMatch(/\+14: consistent with one CH2 more/);
    expect(call?.message).toMatch(/not an identity/);
    expect(nameFamily([{ name: 'x', score: 900, massShift: 0, known: false, family: null }])).toBeUndefined();
    expect(nameFamily([
      { name: 'a', score: 900, massShift: 0, known: true, family: null },
      { name: 'b', score: 880, massShift: 0, known: true, family: null },
      { name: 'c', score: 870, massShift: 0, known: true, family: fam },
    ])).toBeUndefined();
  });
});

describe('MS/MS (spectral entropy)', () => {
  const heroin: Peak[] = [[165.0699, 120], [211.0754, 300], [268.1332, 999], [328.1543, 500], [370.1649, 50]];
  const msms = new MsmsIndex();
  msms.add({ id: 1, name: 'heroin', kind: 'MS2', precursorMz: 370.1649, peaks: heroin });
  msms.add({ id: 2, name: 'same mass, other', kind: 'MS2', precursorMz: 370.17, peaks: [[100.1, 999], [150.2, 300]] });
  msms.add({ id: 3, name: 'heroin far precursor', kind: 'MS2', precursorMz: 400, peaks: heroin });

  it('scores identical spectra 999 and keeps to the precursor tolerance', () => {
    const hits = msms.search(heroin.map(([m, i]) => [m + 0.003, i] as Peak), 370.165, { precursorTolerance: 0.01 });
    expect(hits[0]).toMatchObject({ score: 999 });
    expect(hits.map((h) => h.entry.id)).not.toContain(3);
    expect(msms.search(heroin, 370.165, { precursorTolerance: 50, ppm: true }).map((h) => h.entry.id)).toContain(1);
  });

  it('gives unrelated spectra 0 and partial overlap in between', () => {
    const a = cleanMsms(heroin, 400);
    expect(entropySimilarity(a, cleanMsms([[500.5, 3]], 600))).toBe(0);
    const half = entropySimilarity(a, cleanMsms([[268.1332, 999], [400.1, 999]], 600));
    expect(half).toBeGreaterThan(0.2);
    expect(half).toBeLessThan(0.9);
  });
});
