/**
 * Review checks for the China and UN explicit-list data (data/lists/cn/*.yaml and data/lists/un/*.yaml,
 * every part except the fentanyl parts): the files are read directly with `yaml`, independent of the
 * registry loader, and every structure is checked against independent references in ../shared
 * (SWGDRUG 3.4 library, Fentanyl-Hunter structures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { missingReason, nameKey, readCsv, readMspHeaders, sharedFile } from '../reference-data.js';
import { casFromDigits, casProblem } from './cas.js';
import { COVERAGES } from './schema.js';
import { type Entry, readListEntries } from './__fixtures__/list-entries.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const listsDir = join(repoRoot, 'data/lists');
const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
const HUNTER_FILE = 'data/structures/fentanyl-hunter-structures.csv';
const swgdrugPath = sharedFile(SWGDRUG_FILE);
const hunterPath = sharedFile(HUNTER_FILE);

/** The files this test reviews: cn/ and un/ parts other than the fentanyl parts (*.fentanyl*.yaml, reviewed with the class rules). */
const ownFiles = (['cn', 'un'] as const).flatMap((dir) =>
  readdirSync(join(listsDir, dir))
    .filter((f) => f.endsWith('.yaml') && !f.split('.')[1].startsWith('fentanyl'))
    .map((f) => `${dir}/${f}`),
);
const own: Entry[] = readListEntries(listsDir, ownFiles);
const ownStructures = own.filter((e): e is Entry & { smiles: string } => typeof e.smiles === 'string');

/** Status as each instrument words it; the English gloss is required where the status is not English. */
const LIST_STATUS: Record<string, string> = {
  'CN-NARCOTIC': '麻醉药品',
  'CN-PSYCHOTROPIC-I': '第一类精神药品',
  'CN-PSYCHOTROPIC-II': '第二类精神药品',
  'CN-NONMEDICAL': '非药用类麻醉药品和精神药品',
  'CN-MEDICAL-NARCOTIC': '药用类麻醉药品',
  'CN-MEDICAL-PSYCHOTROPIC-I': '药用类第一类精神药品',
  'CN-MEDICAL-PSYCHOTROPIC-II': '药用类第二类精神药品',
  'CN-PRECURSOR-1': '第一类易制毒化学品',
  'CN-PRECURSOR-2': '第二类易制毒化学品',
  'CN-PRECURSOR-3': '第三类易制毒化学品',
  'UN-1961-I': 'Schedule I',
  'UN-1961-II': 'Schedule II',
  'UN-1961-III': 'Schedule III',
  'UN-1961-IV': 'Schedule IV',
  'UN-1971-I': 'Schedule I',
  'UN-1971-II': 'Schedule II',
  'UN-1971-III': 'Schedule III',
  'UN-1971-IV': 'Schedule IV',
  'UN-1988-I': 'Table I',
  'UN-1988-II': 'Table II',
};

/**
 * Entries whose structure SWGDRUG names differently on purpose. Each needs a reason a reviewer can check;
 * an entry not in SWGDRUG at all needs no exception (it is simply not cross-checked there).
 */
const SWGDRUG_EXCEPTIONS: Record<string, string> = {
  mmda:
    'SWGDRUG 3.4 "MMDA" gives InChIKey OSJXZWMDUMAITM (2-methoxy-3,4-methylenedioxyamphetamine), which contradicts its own systematic ' +
    'synonym 7-methoxy-alpha-methyl-1,3-benzodioxole-5-ethanamine; that synonym, and the 1971 Schedule I definition ' +
    '(5-methoxy-alpha-methyl-3,4-(methylenedioxy)phenethylamine), are the structure written here (YQYUWUKDEVZFDB).',
  '5-meo-dalt':
    'SWGDRUG 3.4 "5-MeO-DALT" (CAS 928822-98-4, C17H22N2O) gives InChIKey JLIQJAHVXMNNJK, which is not N,N-diallyl-5-methoxytryptamine; ' +
    'the 2015 supplementary catalogue names the substance N,N-二烯丙基-5-甲氧基色胺 / 5-Methoxy-N,N-diallyltryptamine, the structure written here (HGRHWEAUHXYNNP).',
};

/** Names under `nameKey` ("3,4-MDP-2-P" and "3,4 mdp 2p" compare equal), without those that key to nothing (Chinese synonyms). */
const nameSet = (names: readonly string[]): Set<string> => new Set(names.map(nameKey).filter((n) => n.length > 1));

interface SwgRecord {
  name: string;
  names: string[];
  inchikey?: string;
  cas?: string;
}

/** SWGDRUG parent-substance records: name and synonyms as `names`, CASNO (digits, 0 = none) as a hyphenated CAS number. */
function readSwgdrug(path: string): SwgRecord[] {
  return readMspHeaders(path, { parentsOnly: true }).map(({ name, synonyms, inchikey, cas }) => ({
    name,
    names: [name, ...synonyms],
    inchikey: inchikey || undefined,
    cas: cas ? casFromDigits(cas) : undefined,
  }));
}

/** Fentanyl-Hunter CSV: name,inchikey,smiles,formula. */
function readHunter(path: string): { name: string; inchikey: string }[] {
  return readCsv(path).map((r) => ({ name: r.name, inchikey: r.inchikey }));
}

const computed = new Map<string, { inchikey: string; formula: string }>();

beforeAll(async () => {
  await loadRDKit();
  for (const e of ownStructures) {
    if (computed.has(e.smiles)) continue;
    const r = prepareStructure(e.smiles);
    if (!r.ok) continue;
    computed.set(e.smiles, { inchikey: r.prepared.structure.inchikey ?? '', formula: r.prepared.structure.formula });
    r.prepared.dispose();
  }
});

describe('China and UN list data: format and consistency', () => {
  it('has the parts it is meant to have', () => {
    expect(ownFiles.length).toBeGreaterThanOrEqual(10);
    expect(own.length).toBeGreaterThan(100);
  });

  it('every SMILES parses to a single normalised parent', () => {
    const bad: string[] = [];
    for (const e of ownStructures) {
      const r = prepareStructure(e.smiles);
      if (!r.ok) {
        bad.push(`${e.file} ${e.id}: ${r.problem.code} ${r.problem.message}`);
        continue;
      }
      // A substance without carbon is written whole, with its ions (docs/interpretation.md, I-INORGANIC).
      const inorganic = r.prepared.structure.inorganic;
      if (inorganic) {
        if (/[+-]$/.test(inorganic.formula)) bad.push(`${e.file} ${e.id}: an inorganic substance with a net charge (${inorganic.formula})`);
      } else if (r.prepared.structure.stripped.length || r.prepared.structure.changes.length) bad.push(`${e.file} ${e.id}: not a parent (${r.prepared.structure.changes.join('; ')})`);
      r.prepared.dispose();
    }
    expect(bad).toEqual([]);
  });

  it('every entry is a structure, a class entry with a note, or a name/CAS entry that a gap of its file names', () => {
    const gaps = new Map(ownFiles.map((f) => [f, (parse(readFileSync(join(listsDir, f), 'utf8')) as { gaps?: string[] }).gaps?.join('\n') ?? '']));
    for (const e of own) {
      const isClass = 'classRule' in e;
      // Without a structure, the substance is found by its CAS number, and the file's gaps say a structure is missing.
      const nameOnly = typeof e.noStructure === 'string' && !!e.cas?.length && gaps.get(e.file)!.includes(e.id);
      expect(isClass || typeof e.smiles === 'string' || nameOnly, `${e.file} ${e.id}`).toBe(true);
      if (isClass) {
        expect(e.smiles, `${e.id}: a class entry has no SMILES`).toBeUndefined();
        if (e.classRule === null) expect(e.note, `${e.id}: an unevaluated class says so in a note`).toMatch(/not (yet )?machine-evaluated/);
      }
    }
  });

  it('every Chinese entry has a 简体 name and a Chinese status with an English gloss', () => {
    const cn = own.filter((e) => e.file.startsWith('cn/'));
    expect(cn.length).toBeGreaterThan(50);
    for (const e of cn) {
      expect(e.nameZh, `${e.file} ${e.id}`).toMatch(/[\u4e00-\u9fff]/);
      expect(e.status, `${e.file} ${e.id}`).toBe(LIST_STATUS[e.list]);
      expect(e.statusEn, `${e.file} ${e.id}`).toBeTruthy();
    }
  });

  it('status, citation, dates and coverage agree with the list', () => {
    for (const e of own) {
      expect(LIST_STATUS[e.list], `${e.file}: unknown list ${e.list}`).toBeDefined();
      expect(e.status, `${e.file} ${e.id}`).toBe(LIST_STATUS[e.list]);
      expect(e.citation.trim(), `${e.file} ${e.id}`).not.toBe('');
      // A date; "by <date>" where only a date on which the listing was in force is documented; a year alone.
      expect(e.effective, `${e.file} ${e.id}`).toMatch(/^(by )?\d{4}-\d{2}-\d{2}$|^\d{4}$/);
      const from = e.effective.replace(/^by /, '').replace(/^(\d{4})$/, '$1-01-01');
      expect(new Date(`${from}T00:00:00Z`).toISOString().slice(0, 10), `${e.file} ${e.id}`).toBe(from);
      if (e.until) expect(e.until > from, `${e.file} ${e.id}`).toBe(true);
      for (const c of e.covers ?? []) expect(COVERAGES).toContain(c);
      // A part named after one instrument's year holds that one instrument: one date and citation.
      if (/\.\d{4}\.yaml$/.test(e.file)) {
        const sameFile = own.filter((x) => x.file === e.file);
        expect(new Set(sameFile.map((x) => `${x.effective}|${x.citation}`)).size, e.file).toBe(1);
      }
    }
  });

  it('the convention entry-into-force dates are the ones the parts claim', () => {
    // The parts that hold each convention as adopted (UN-1961-I.1961.yaml, ...); additions have their own dates.
    const byConvention = (prefix: string): Set<string> =>
      new Set(own.filter((e) => e.list.startsWith(prefix) && /\.(1961|1971|1988)\.yaml$/.test(e.file)).map((e) => e.effective));
    expect(byConvention('UN-1961-')).toEqual(new Set(['1964-12-13']));
    expect(byConvention('UN-1971-')).toEqual(new Set(['1976-08-16']));
    expect(byConvention('UN-1988-')).toEqual(new Set(['1990-11-11']));
  });

  it('the same id always has the same SMILES, and one structure has one id', () => {
    const smilesById = new Map<string, string>();
    const idByKey = new Map<string, string>();
    const bad: string[] = [];
    for (const e of ownStructures) {
      const seen = smilesById.get(e.id);
      if (seen !== undefined && seen !== e.smiles) bad.push(`${e.id}: "${seen}" vs "${e.smiles}" (${e.file})`);
      smilesById.set(e.id, e.smiles);
      const key = computed.get(e.smiles)?.inchikey;
      if (!key) continue;
      const other = idByKey.get(key);
      if (other !== undefined && other !== e.id) bad.push(`${key}: ids ${other} and ${e.id}`);
      idByKey.set(key, e.id);
    }
    expect(bad).toEqual([]);
  });

  it('no id is written twice on one list', () => {
    const seen = new Set<string>();
    for (const e of own) {
      const k = `${e.list}|${e.id}`;
      expect(seen.has(k), `${e.id} twice on ${e.list}`).toBe(false);
      seen.add(k);
    }
  });

  it("stereo 'exact' entries carry stereo descriptors", () => {
    for (const e of ownStructures.filter((x) => x.stereo === 'exact')) expect(e.smiles, e.id).toMatch(/@|\/|\\/);
  });

  it('every CAS number is well formed with a valid check digit', () => {
    const bad = ownStructures.flatMap((e) => (e.cas ?? []).map((c) => [e.id, casProblem(c)?.message] as const)).filter(([, m]) => m);
    expect(bad).toEqual([]);
  });
});

if (!swgdrugPath) console.log(`The SWGDRUG cross-check of the China/UN list data ${missingReason(SWGDRUG_FILE)}`);

describe.skipIf(!swgdrugPath)('China and UN list data against SWGDRUG 3.4', () => {
  let records: SwgRecord[] = [];
  const byBlock = new Map<string, SwgRecord[]>();
  beforeAll(() => {
    records = readSwgdrug(swgdrugPath!);
    for (const r of records) if (r.inchikey) byBlock.set(r.inchikey.slice(0, 14), [...(byBlock.get(r.inchikey.slice(0, 14)) ?? []), r]);
  });

  /** Distinct structures of the reviewed data, with every name written for them. */
  function distinct(): { id: string; smiles: string; names: string[]; cas: string[] }[] {
    const byId = new Map<string, { id: string; smiles: string; names: Set<string>; cas: Set<string> }>();
    for (const e of ownStructures) {
      const d = byId.get(e.id) ?? { id: e.id, smiles: e.smiles, names: new Set<string>(), cas: new Set<string>() };
      for (const n of [e.name, ...(e.synonyms ?? [])]) d.names.add(n);
      // A salt form's number (issue #8) counts: SWGDRUG often gives the reference standard's salt.
      for (const c of [...(e.cas ?? []), ...(e.saltCas ?? []).map((x) => x.cas)]) d.cas.add(c);
      byId.set(e.id, d);
    }
    return [...byId.values()].map((d) => ({ ...d, names: [...d.names], cas: [...d.cas] }));
  }

  it('every structure SWGDRUG knows by name has the same InChIKey skeleton (first block)', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const d of distinct()) {
      const block = computed.get(d.smiles)?.inchikey.slice(0, 14);
      if (!block) continue;
      if ((byBlock.get(block) ?? []).length) {
        checked++;
        continue;
      }
      const wanted = nameSet(d.names);
      const named = records.filter((r) => r.inchikey && r.names.some((n) => wanted.has(nameKey(n))));
      if (named.length && !SWGDRUG_EXCEPTIONS[d.id]) bad.push(`${d.id}: ${block} but SWGDRUG "${named[0].name}" is ${named[0].inchikey}`);
    }
    expect(bad).toEqual([]);
    console.log(`SWGDRUG 3.4 holds the InChIKey skeleton of ${checked}/${distinct().length} distinct China/UN structures.`);
    // Most of the data is well-known drugs and precursors that SWGDRUG holds.
    expect(checked).toBeGreaterThan(100);
  });

  it('every CAS number agrees with SWGDRUG where SWGDRUG gives one for the same structure', () => {
    const bad: string[] = [];
    for (const d of distinct()) {
      if (!d.cas.length) continue;
      const block = computed.get(d.smiles)?.inchikey.slice(0, 14);
      const theirs = new Set((byBlock.get(block ?? '') ?? []).map((r) => r.cas).filter((c): c is string => !!c));
      if (theirs.size && !d.cas.some((c) => theirs.has(c))) bad.push(`${d.id}: ${d.cas.join(', ')} vs SWGDRUG ${[...theirs].join(', ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('has a reason for every exception, and no stale exception', () => {
    const ids = new Set(ownStructures.map((e) => e.id));
    for (const [id, reason] of Object.entries(SWGDRUG_EXCEPTIONS)) {
      expect(ids.has(id), `exception for unknown id ${id}`).toBe(true);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

if (!hunterPath) console.log(`The Fentanyl-Hunter cross-check of the China/UN list data ${missingReason(HUNTER_FILE)}`);

describe.skipIf(!hunterPath)('China and UN list data against Fentanyl-Hunter', () => {
  it('every structure Fentanyl-Hunter names has the same InChIKey skeleton', () => {
    const rows = readHunter(hunterPath!);
    const bad: string[] = [];
    for (const e of ownStructures) {
      const block = computed.get(e.smiles)?.inchikey.slice(0, 14);
      if (!block || rows.some((r) => r.inchikey.startsWith(block))) continue;
      const wanted = nameSet([e.name, ...(e.synonyms ?? [])]);
      const named = rows.find((r) => wanted.has(nameKey(r.name)));
      if (named) bad.push(`${e.id}: ${block} but Fentanyl-Hunter "${named.name}" is ${named.inchikey}`);
    }
    expect(bad).toEqual([]);
  });
});
