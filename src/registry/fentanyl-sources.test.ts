/**
 * Review checks for the sourced fentanyl parts of the UN 1961 schedules and China's catalogues (the parts that
 * complete H1's *.fentanyl.yaml where a listing, its date and its source were read): every entry parses, is a single
 * parent structure, cites its source, does not repeat an entry of the same list, and agrees with the independent
 * references in ../shared (SWGDRUG 3.4, Fentanyl-Hunter) where they name it. The reference checks skip with a printed
 * reason when ../shared is absent (override its place with NARCOTRACE_SHARED).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { SOURCED_FENTANYL_PARTS as SOURCED_PARTS } from './__fixtures__/list-entries.js';
import { casProblem } from './cas.js';
import { DEFAULT_DATA_DIR, loadRegistry } from './registry.js';
import { validatePartFile, type SubstanceEntry } from './schema.js';
import { normaliseName } from './search.js';
import { FENTANYL_HUNTER_FILE, readFentanylHunter, readSwgdrug, referencePath, sharedDir, SWGDRUG_FILE, type ReferenceRecord } from './shared-reference.js';
import type { Registry } from './types.js';

/**
 * The instruments of CN-NONMEDICAL additions and the date each took effect (UNODC LSS, Drug Laws/Individual Listing
 * for CHINA): an entry's date must be one of these, and all entries of one instrument share its citation.
 */
const CN_NONMEDICAL_DATES = new Set(['2015-10-01', '2017-03-01', '2018-09-01']);

interface OwnEntry {
  part: string;
  list: string;
  entry: SubstanceEntry;
  inchikey: string;
}

const present = SOURCED_PARTS.filter((p) => existsSync(join(DEFAULT_DATA_DIR, p)));
const listOf = (part: string): string => part.slice(part.indexOf('/') + 1).split('.')[0];

let own: OwnEntry[] = [];
let registry: Registry;

beforeAll(async () => {
  await loadRDKit();
  own = present.flatMap((part) => {
    const { entries } = validatePartFile(readFileSync(join(DEFAULT_DATA_DIR, part), 'utf8'), part, { requireNameZh: part.startsWith('cn/') });
    return entries.flatMap((p) => {
      if (p.kind !== 'substance') return [];
      const r = prepareStructure(p.entry.smiles ?? '');
      const inchikey = r.ok ? (r.prepared.structure.inchikey ?? '') : '';
      if (r.ok) r.prepared.dispose();
      return [{ part, list: listOf(part), entry: p.entry, inchikey }];
    });
  });
  registry = await loadRegistry({ cacheFile: false });
});

describe('sourced fentanyl parts: format', () => {
  it('at least one sourced part exists, and every part validates without an issue', () => {
    expect(present.length).toBeGreaterThan(0);
    for (const part of present) {
      const { entries, issues } = validatePartFile(readFileSync(join(DEFAULT_DATA_DIR, part), 'utf8'), part, { requireNameZh: part.startsWith('cn/') });
      expect(issues, part).toEqual([]);
      expect(entries.length, `${part} has entries`).toBeGreaterThan(0);
    }
  });

  it('every SMILES is one parent structure with an InChIKey, and exact-stereo entries carry stereo descriptors', () => {
    const bad: string[] = [];
    for (const { part, entry } of own) {
      const r = prepareStructure(entry.smiles ?? '');
      if (!r.ok) {
        bad.push(`${part} ${entry.id}: ${r.problem.message}`);
        continue;
      }
      const { inchikey, stripped, changes } = r.prepared.structure;
      r.prepared.dispose();
      if (!inchikey || stripped.length || changes.length) bad.push(`${part} ${entry.id}: not a single parent (${[...stripped, ...changes].join('; ')})`);
      if (entry.stereo === 'exact' && !/[@/\\]/.test(entry.smiles ?? '')) bad.push(`${part} ${entry.id}: stereo exact without descriptors`);
    }
    expect(bad).toEqual([]);
  });

  it('every CAS number is well formed with a valid check digit', () => {
    const bad = own.flatMap(({ entry }) => (entry.cas ?? []).map((c) => casProblem(c)?.message).filter(Boolean));
    expect(bad).toEqual([]);
  });

  it('every Chinese entry has a 简体 name', () => {
    for (const { part, entry } of own.filter((o) => o.part.startsWith('cn/'))) expect(entry.nameZh, `${part} ${entry.id}`).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every entry names the source it was read in (a URL in its note) and a citation', () => {
    for (const { part, entry } of own) {
      expect(entry.note, `${part} ${entry.id}`).toMatch(/https?:\/\/\S+/);
      expect(entry.citation.trim(), `${part} ${entry.id}`).not.toBe('');
    }
  });

  it('China supplementary-catalogue additions take the date of their instrument, one citation per instrument', () => {
    const additions = own.filter((o) => o.list === 'CN-NONMEDICAL');
    const citationsByDate = new Map<string, Set<string>>();
    for (const { entry } of additions) {
      expect(CN_NONMEDICAL_DATES.has(entry.effective), `${entry.id} ${entry.effective}`).toBe(true);
      citationsByDate.set(entry.effective, (citationsByDate.get(entry.effective) ?? new Set()).add(entry.citation));
    }
    for (const [date, citations] of citationsByDate) expect(citations.size, date).toBe(1);
  });
});

describe('sourced fentanyl parts: consistency with the other parts', () => {
  it('no entry repeats a substance the other parts of the same list already carry (by id or InChIKey)', () => {
    const repeats: string[] = [];
    for (const o of own) {
      const substance = registry.byId(o.entry.id) ?? registry.substances.find((s) => s.inchikey === o.inchikey);
      const sameList = substance?.listings.filter((l) => l.list === o.list) ?? [];
      const elsewhere = sameList.filter((l) => !(l.source ?? "").includes(o.part));
      if (elsewhere.length) repeats.push(`${o.entry.id} on ${o.list}: also ${elsewhere.map((l) => l.source ?? l.list).join(', ')}`);
    }
    expect(repeats).toEqual([]);
  });

  it('each id has the structure it has in every other list, and each structure the id it has there', () => {
    for (const o of own) {
      const byId = registry.byId(o.entry.id);
      expect(byId?.inchikey, o.entry.id).toBe(o.inchikey);
      expect(registry.substances.filter((s) => s.inchikey === o.inchikey).map((s) => s.id)).toEqual([o.entry.id]);
    }
  });
});

// Their listed findings (each entry not in effect the day before its date, in effect from it) are checked in
// src/law/listed-findings.test.ts, beside the code that makes findings.

const swgdrugPath = referencePath(SWGDRUG_FILE);
const hunterPath = referencePath(FENTANYL_HUNTER_FILE);
if (!swgdrugPath) console.log(`skipped: SWGDRUG cross-check of the sourced fentanyl parts: ${SWGDRUG_FILE} not found under ${sharedDir()} (set NARCOTRACE_SHARED)`);
if (!hunterPath) console.log(`skipped: Fentanyl-Hunter cross-check of the sourced fentanyl parts: ${FENTANYL_HUNTER_FILE} not found under ${sharedDir()} (set NARCOTRACE_SHARED)`);

/** Entries whose name (name, id or synonym) a reference record carries, with that record's InChIKey skeleton. */
function namedIn(records: readonly ReferenceRecord[]) {
  return own.map((o) => {
    const names = new Set([o.entry.name, o.entry.id, ...(o.entry.synonyms ?? [])].map(normaliseName).filter(Boolean));
    const hits = records.filter((r) => r.inchikey && r.names.some((n) => names.has(n)));
    return { o, hits };
  });
}

describe.skipIf(!swgdrugPath && !hunterPath)('sourced fentanyl parts against ../shared references', () => {
  const swgdrug = swgdrugPath ? readSwgdrug(swgdrugPath) : [];
  const hunter = hunterPath ? readFentanylHunter(hunterPath) : [];

  it('where SWGDRUG or Fentanyl-Hunter names an entry, one of those records has the same InChIKey first block', () => {
    const bad: string[] = [];
    let compared = 0;
    for (const { o, hits } of [...namedIn(swgdrug), ...namedIn(hunter)]) {
      if (!hits.length) continue;
      compared++;
      if (!hits.some((h) => h.inchikey!.slice(0, 14) === o.inchikey.slice(0, 14)))
        bad.push(`${o.entry.id} ${o.inchikey}: ${hits.map((h) => `${h.displayName} ${h.inchikey}`).join('; ')}`);
    }
    console.log(`sourced fentanyl parts: ${compared} name matches in SWGDRUG/Fentanyl-Hunter compared`);
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  });

  it('every entry is found in SWGDRUG or Fentanyl-Hunter by its InChIKey first block', () => {
    const blocks = new Set([...swgdrug, ...hunter].flatMap((r) => (r.inchikey ? [r.inchikey.slice(0, 14)] : [])));
    expect(own.filter((o) => !blocks.has(o.inchikey.slice(0, 14))).map((o) => o.entry.id)).toEqual([]);
  });

  it('CAS numbers agree with SWGDRUG where it gives one for the same InChIKey', () => {
    const bad: string[] = [];
    for (const o of own) {
      const theirs = swgdrug.filter((r) => r.inchikey === o.inchikey && r.cas).map((r) => r.cas!);
      if (o.entry.cas?.length && theirs.length && !o.entry.cas.some((c) => theirs.includes(c))) bad.push(`${o.entry.id}: ${o.entry.cas.join(', ')} vs ${theirs.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });
});
