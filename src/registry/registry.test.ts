/** Evidence for the compiled index: structures, keys and formulas are computed, consistent and cached. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { ProblemError } from '../problems.js';
import { loadIndex, loadRegistry } from './registry.js';
import type { Registry } from './types.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
let registry: Registry;
const tmp = mkdtempSync(join(tmpdir(), 'narcotrace-registry-'));

beforeAll(async () => {
  await loadRDKit();
  registry = await loadRegistry({ cacheFile: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compiled index of data/lists', () => {
  it('has substances, lists and the fentanyl class entries', () => {
    expect(registry.substances.length).toBeGreaterThan(30);
    expect(registry.lists.map((l) => l.id)).toEqual(expect.arrayContaining(['US-CSA-I', 'US-CSA-II', 'US-LIST-I', 'CN-NARCOTIC', 'CN-PRECURSOR-1', 'UN-1988-I']));
    expect(registry.classEntries.map((c) => c.classRule)).toEqual(
      expect.arrayContaining(['US-FRS', 'US-4AP-DERIVATIVES', 'US-4PIPERIDONE-DERIVATIVES', 'CN-FENTANYL-CLASS']),
    );
  });

  it('every SMILES parses, and every compiled InChIKey and formula equal a fresh computation', () => {
    const wrong: string[] = [];
    for (const s of registry.substances) {
      if (s.form === 'none') {
        if (s.smiles || s.inchikey || s.formula) wrong.push(`${s.id}: a substance without a structure has a SMILES, InChIKey or formula`);
        continue;
      }
      const r = prepareStructure(s.smiles);
      if (!r.ok) {
        wrong.push(`${s.id}: ${r.problem.message}`);
        continue;
      }
      const { inchikey, formula, stripped, inorganic } = r.prepared.structure;
      r.prepared.dispose();
      if (s.form === 'inorganic') {
        // Identified as a whole (docs/interpretation.md, I-INORGANIC): the formula of all its ions; the parent's key is kept for other salts.
        if (inorganic?.formula !== s.formula) wrong.push(`${s.id}: compiled ${s.formula}, fresh whole formula ${inorganic?.formula}`);
        if ((s.parentInchikey ?? s.inchikey) !== inchikey) wrong.push(`${s.id}: compiled parent ${s.parentInchikey ?? s.inchikey}, fresh ${inchikey}`);
        continue;
      }
      if (inchikey !== s.inchikey) wrong.push(`${s.id}: compiled ${s.inchikey}, fresh ${inchikey}`);
      if (formula !== s.formula) wrong.push(`${s.id}: compiled ${s.formula}, fresh ${formula}`);
      if (stripped.length) wrong.push(`${s.id}: SMILES is not a single parent fragment`);
    }
    expect(wrong).toEqual([]);
  });

  it('formulas are consistent with the InChIKey: one formula per InChIKey skeleton', () => {
    const bySkeleton = new Map<string, Set<string>>();
    for (const s of registry.substances.filter((x) => x.inchikey)) {
      const k = s.inchikey.slice(0, 14);
      bySkeleton.set(k, (bySkeleton.get(k) ?? new Set()).add(s.formula));
    }
    expect([...bySkeleton].filter(([, f]) => f.size > 1)).toEqual([]);
  });

  it('every listing carries a citation, an effective date and a status, and every substance an id and name', () => {
    for (const s of registry.substances) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.names.en.length).toBeGreaterThan(0);
      for (const l of s.listings) {
        expect(l.citation.length, `${s.id} on ${l.list}`).toBeGreaterThan(0);
        expect(l.effective).toMatch(/^(by )?\d{4}(-\d{2}-\d{2})?$/);
        expect(l.status.length).toBeGreaterThan(0);
        if (l.jurisdiction === 'CN') expect(s.names.zh, `${s.id} needs a Chinese name`).toBeTruthy();
      }
    }
  });

  it('merges one substance listed in several lists into one Substance with several listings', () => {
    const anpp = registry.byId('anpp')!;
    expect(anpp.listings.map((l) => l.list)).toEqual(expect.arrayContaining(['US-CSA-II', 'CN-PRECURSOR-1', 'UN-1988-I']));
    expect(anpp.names.zh).toBe('4-苯胺基-N-苯乙基哌啶');
    expect(registry.substances.filter((s) => s.inchikey === anpp.inchikey)).toHaveLength(1);
  });

  it('byList returns a whole list with its class entries; an unknown list gives undefined', () => {
    const listI = registry.byList('US-LIST-I')!;
    expect(listI.substances.map((s) => s.id)).toEqual(expect.arrayContaining(['4-anilinopiperidine', '4-piperidone', 'benzylfentanyl']));
    expect(listI.classEntries.map((c) => c.classRule)).toContain('US-4AP-DERIVATIVES');
    expect(listI.list.count).toBe(listI.substances.length + listI.classEntries.length);
    expect(registry.byList('us-list-i')?.list.id).toBe('US-LIST-I');
    expect(registry.byList('US-NOPE')).toBeUndefined();
  });

  it("each list carries its part files' known gaps", () => {
    const scheduleII = registry.lists.find((l) => l.id === 'US-CSA-II')!;
    expect(scheduleII.gaps?.some((g) => /alfentanil, sufentanil and carfentanil/.test(g))).toBe(true);
    expect(registry.lists.find((l) => l.id === 'CN-NONMEDICAL')!.gaps?.length).toBeGreaterThan(0);
  });

  it('class entries produce no InChIKey matches', () => {
    expect(registry.substances.some((s) => s.id === 'fentanyl-related-substances')).toBe(false);
  });
});

describe('cache and version', () => {
  it('writes the compiled index once and reuses it while the data hash is unchanged', async () => {
    // Fixture data: data/lists may be edited while the tests run.
    const cacheFile = join(tmp, 'index.json');
    const dataDir = join(fixtures, 'stereo');
    const first = await loadIndex({ dataDir, cacheFile });
    const second = await loadIndex({ dataDir, cacheFile });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.index.version).toBe(first.index.version);
    expect(second.index.substances).toEqual(first.index.substances);
  });

  it('gives a different version for different data', async () => {
    const a = await loadIndex({ cacheFile: false });
    const b = await loadIndex({ dataDir: join(fixtures, 'stereo'), cacheFile: false });
    expect(a.index.version).not.toBe(b.index.version);
    expect(a.index.version).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('invalid data fails loudly with file and line', () => {
  it('reports every bad entry, each with its file and line', async () => {
    const error = await loadIndex({ dataDir: join(fixtures, 'invalid'), cacheFile: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    const { code, message } = (error as ProblemError).problem;
    expect(code).toBe('INVALID_DATA');
    expect(message).toMatch(/US-CSA-I\.bad\.yaml:14: entries\[1\]\.effective: is not a calendar date/);
    expect(message).toMatch(/US-CSA-I\.bad\.yaml:\d+: bad-smiles: smiles "C1CC\(\(" is not usable/);
    expect(message).toMatch(/entries\[3\]\.cas\[0\]: CAS number 437-38-8 has check digit 8/);
    expect(message).toMatch(/entries\[4\]\.id: must be kebab-case/);
    expect(message).toMatch(/Unrecognized key: "colour"/);
    expect(message).toMatch(/CN-PRECURSOR-2\.bad\.yaml:3: entries\[0\]\.nameZh: required in Chinese lists/);
    expect(message).toMatch(/entries\[5\]\.knownUntil: is not a calendar date/);
    expect(message).toMatch(/gaps\[0\]: must not be empty/);
    expect(message).toMatch(/organic-salt: smiles "CCN\.Cl" is not usable: it must be the parent structure \(one fragment, no salt or solvent\); only a substance without carbon/);
    expect(message).toMatch(/entries\[7\]\.smiles: give exactly one of smiles or noStructure/);
    expect(message).toMatch(/entries\[8\]\.threshold\[0\]\.unit: %w\/w does not fit basis per-transaction/);
    expect(message).toMatch(/charged-inorganic: smiles .* is not usable: the substance written has a net charge/);
  });
});
