/**
 * Review checks for the US explicit-list data (data/lists/us/*.yaml, non-fentanyl parts): the files are
 * read directly with `yaml`, independent of the registry loader, and every structure is checked against
 * independent references in ../shared (SWGDRUG 3.4 library, DEA schedule benchmark).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARK_KNOWN_GAPS } from './__fixtures__/us-benchmark-gaps.js';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { missingReason, nameKey, readCsv, readMspHeaders, sharedFile } from '../reference-data.js';
import { type Entry, readListEntries } from './__fixtures__/list-entries.js';
import { COVERAGES, listsPreparationsOnly } from './schema.js';
import { normaliseName } from './search.js';
import { parse as parseYamlText } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const usDir = join(repoRoot, 'data/lists/us');
const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
const BENCHMARK_FILE = 'data/structures/dea-schedule-benchmark.csv';
const DEA_LIST_FILE = 'data/legal-sources/us/dea_orangebook_c_cs_alpha_2020-08-20.csv';
const swgdrugPath = sharedFile(SWGDRUG_FILE);
const benchmarkPath = sharedFile(BENCHMARK_FILE);

const readEntries = (files: string[]): Entry[] => readListEntries(usDir, files);

const allFiles = readdirSync(usDir).filter((f) => f.endsWith('.yaml'));
/** The files this test reviews; *.fentanyl.yaml parts are reviewed by the registry's own tests. */
const ownFiles = allFiles.filter((f) => f.split('.')[1] !== 'fentanyl');
const own = readEntries(ownFiles);
const ownStructures = own.filter((e): e is Entry & { smiles: string } => typeof e.smiles === 'string');

const SCHEDULE_STATUS: Record<string, string> = {
  'US-CSA-I': 'Schedule I',
  'US-CSA-II': 'Schedule II',
  'US-CSA-III': 'Schedule III',
  'US-CSA-IV': 'Schedule IV',
  'US-CSA-V': 'Schedule V',
  'US-LIST-I': 'List I',
  'US-LIST-II': 'List II',
};

/**
 * Entries whose SWGDRUG name match is known to disagree, each with the reason. The entry is right and
 * the reference record is not; keep this list short and explained.
 */
const SWGDRUG_EXCEPTIONS: Record<string, string> = {
  mppp:
    'The name MPPP is also used for 4\'-methyl-alpha-pyrrolidinopropiophenone, so the first SWGDRUG 3.4 record found by the id is ' +
    '"MePPP" (APSJUNFBAXIXLK); the registry entry is 1-methyl-4-phenyl-4-propionoxypiperidine, which agrees with SWGDRUG 3.4 ' +
    '"1-Methyl-4-phenyl-4-propionoxypiperidine" (BCQMRZRAWHNSBF, full key).',
  mmda:
    'The SWGDRUG 3.4 "MMDA" record has InChIKey OSJXZWMDUMAITM (2-methoxy-3,4-methylenedioxyamphetamine), which contradicts ' +
    'its own synonym "7-methoxy-alpha-methyl-1,3-benzodioxole-5-ethanamine" = 5-methoxy-3,4-methylenedioxyamphetamine, the ' +
    'substance 21 CFR 1308.11(d) lists as MMDA.',
};

/**
 * Controlled compounds of the DEA benchmark that the US data deliberately does not list yet, with why.
 * Each was left out because the effective date of its current scheduling could not be verified against
 * the Federal Register in this review; see docs of the data report. The test fails if one of them gets
 * covered, so this list cannot go stale.
 */


const firstBlock = (key: string) => key.slice(0, 14);

function casCheckDigitOk(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas);
  if (!m) return false;
  const digits = m[1] + m[2];
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10 === Number(m[3]);
}

/** InChIKey of each entry's normalised parent, computed once. */
const keyOf = new Map<string, string>();
/** Normalised InChIKey (first block) → the entries listing it, across ALL US part files. */
const byBlock = new Map<string, Entry[]>();
/** Entries (file#id) written as a substance without carbon, identified as a whole with its ions (I-INORGANIC). */
const inorganicEntries = new Set<string>();

beforeAll(async () => {
  await loadRDKit();
  for (const e of readEntries(allFiles)) {
    if (!e.smiles) continue;
    const r = prepareStructure(e.smiles);
    if (!r.ok) continue; // reported by the parse test below (for own files)
    const key = r.prepared.structure.inchikey ?? '';
    if (r.prepared.structure.inorganic) inorganicEntries.add(`${e.file}#${e.id}`);
    r.prepared.dispose();
    keyOf.set(`${e.file}#${e.id}`, key);
    byBlock.set(firstBlock(key), [...(byBlock.get(firstBlock(key)) ?? []), e]);
  }
});

describe('US list data: format', () => {
  it('has the non-fentanyl part files', () => {
    expect(ownFiles.length).toBeGreaterThan(0);
    expect(own.length).toBeGreaterThan(50);
  });

  it.each(own.map((e) => [`${e.file} ${e.id}`, e] as const))('%s is a well-formed entry', (_label, e) => {
    expect(e.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(e.name.trim()).not.toBe('');
    expect(e.status).toBe(SCHEDULE_STATUS[e.list]);
    expect(e.citation).toMatch(/21 (CFR|U\.S\.C\.)/);
    // A date, or "by <date>" where only a date on which the listing was in force is documented.
    expect(e.effective).toMatch(/^(by )?\d{4}-\d{2}-\d{2}$/);
    const date = e.effective.replace(/^by /, '');
    expect(new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)).toBe(true);
    // The CSA took effect on 1971-05-01; no US listing can be older.
    expect(date >= '1971-05-01').toBe(true);
    if (e.until) expect(e.until > date).toBe(true);
    for (const c of e.covers ?? []) expect(COVERAGES).toContain(c);
    expect(['any', 'exact']).toContain(e.stereo ?? 'any');
    // Only a substance without carbon is written with its ions (potassium permanganate); a substance that no
    // structure represents (red phosphorus) is found by its CAS number; anything else without SMILES is a class.
    if (e.smiles?.includes('.')) expect(inorganicEntries.has(`${e.file}#${e.id}`), `${e.id}: a multi-fragment SMILES needs a substance without carbon`).toBe(true);
    else if (!e.smiles && (e as Entry & { noStructure?: string }).noStructure) expect(e.cas?.length, `${e.id}: an entry without a structure needs its CAS number`).toBeGreaterThan(0);
    else if (!e.smiles) expect(e).toHaveProperty('classRule');
  });

  it('uses each id once per list, and one SMILES per id across files', () => {
    const seen = new Map<string, string>();
    const perList = new Set<string>();
    for (const e of readEntries(allFiles)) {
      const k = `${e.list}#${e.id}`;
      expect(perList.has(k), `${e.id} twice in ${e.list}`).toBe(false);
      perList.add(k);
      if (!e.smiles) continue;
      const prior = seen.get(e.id);
      if (prior) expect(e.smiles, `${e.id} has two different SMILES`).toBe(prior);
      seen.set(e.id, e.smiles);
    }
  });

  it('gives every CAS number a valid check digit', () => {
    for (const e of own) for (const cas of e.cas ?? []) expect(casCheckDigitOk(cas), `${e.id}: ${cas}`).toBe(true);
  });

  it('marks a stereo-specific entry with a stereo SMILES', () => {
    for (const e of ownStructures.filter((x) => x.stereo === 'exact')) expect(e.smiles, e.id).toMatch(/@/);
  });
});

describe('US list data: structures', () => {
  it.each(ownStructures.map((e) => [`${e.file} ${e.id}`, e] as const))('%s parses to one normalised parent', (_label, e) => {
    const r = prepareStructure(e.smiles);
    expect(r.ok, r.ok ? '' : `${r.problem.code}: ${r.problem.message}`).toBe(true);
    if (!r.ok) return;
    try {
      // A substance without carbon keeps all its ions (I-INORGANIC); only its parent key strips the counter-ion.
      if (r.prepared.structure.inorganic) expect(r.prepared.structure.inorganic.formula).toMatch(/^[A-Z]/);
      else expect(r.prepared.structure.stripped).toEqual([]);
      expect(r.prepared.structure.inchikey).toMatch(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/);
    } finally {
      r.prepared.dispose();
    }
  });

  it('does not list one structure in two US schedules (a stereo-specific listing may sit beside a general one)', () => {
    // Two schedules may hold one skeleton only when at least one of them names its own stereoisomer and
    // the full keys differ (LAAM in II, acetylmethadol in I): the specific listing governs that isomer.
    const clashes: string[] = [];
    for (const [block, entries] of byBlock) {
      // A listing of preparations within a limit (I-PREPARATION) sits beside the substance's own schedule by design.
      const csa = entries.filter((e) => e.list.startsWith('US-CSA-') && typeof e.smiles === 'string' && !listsPreparationsOnly(e));
      for (const a of csa)
        for (const b of csa) {
          if (a.list >= b.list) continue;
          const bothGeneral = a.stereo !== 'exact' && b.stereo !== 'exact';
          if (bothGeneral || keyOf.get(`${a.file}#${a.id}`) === keyOf.get(`${b.file}#${b.id}`)) clashes.push(`${block}: ${a.id}@${a.list} and ${b.id}@${b.list}`);
        }
    }
    expect(clashes).toEqual([]);
  });
});

interface SwgdrugRecord {
  name: string;
  inchikey: string;
  casDigits?: string;
}

function readSwgdrug(path: string): { byName: Map<string, SwgdrugRecord>; byBlock: Map<string, SwgdrugRecord[]> } {
  const byName = new Map<string, SwgdrugRecord>();
  const byKey = new Map<string, SwgdrugRecord[]>();
  for (const { name, synonyms, inchikey, cas } of readMspHeaders(path)) {
    if (!inchikey) continue;
    const casDigits = /^\d+/.exec(cas ?? '')?.[0];
    const r: SwgdrugRecord = { name, inchikey, casDigits };
    for (const n of [name, ...synonyms]) {
      if (!byName.has(nameKey(n))) byName.set(nameKey(n), r);
    }
    byKey.set(firstBlock(inchikey), [...(byKey.get(firstBlock(inchikey)) ?? []), r]);
  }
  return { byName, byBlock: byKey };
}

if (!swgdrugPath) console.log(`SWGDRUG cross-checks of the US list data ${missingReason(SWGDRUG_FILE)}`);

describe.skipIf(!swgdrugPath)('US list data against SWGDRUG 3.4', () => {
  const lib = swgdrugPath ? readSwgdrug(swgdrugPath) : { byName: new Map<string, SwgdrugRecord>(), byBlock: new Map<string, SwgdrugRecord[]>() };
  const named = (e: Entry) => [e.id, e.name, ...(e.synonyms ?? [])].map((n) => lib.byName.get(nameKey(n))).find(Boolean);

  it('agrees on the structure of every substance SWGDRUG names', () => {
    let checked = 0;
    for (const e of ownStructures) {
      const record = named(e);
      if (!record) continue;
      const key = keyOf.get(`${e.file}#${e.id}`) ?? '';
      const agrees = firstBlock(record.inchikey) === firstBlock(key);
      if (e.id in SWGDRUG_EXCEPTIONS) {
        expect(agrees, `${e.id} is listed as an exception but now agrees with SWGDRUG; remove the exception`).toBe(false);
        continue;
      }
      expect(firstBlock(key), `${e.id} vs SWGDRUG "${record.name}"`).toBe(firstBlock(record.inchikey));
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('reports how many entries SWGDRUG confirms by name or by InChIKey', () => {
    const confirmed = ownStructures.filter((e) => {
      const key = keyOf.get(`${e.file}#${e.id}`) ?? '';
      return named(e) !== undefined || lib.byBlock.has(firstBlock(key));
    });
    console.log(`SWGDRUG 3.4 confirms ${confirmed.length}/${ownStructures.length} US entries (by name or InChIKey).`);
    expect(confirmed.length).toBeGreaterThan(ownStructures.length / 2);
  });

  it('agrees with SWGDRUG on CAS numbers where both have one', () => {
    for (const e of ownStructures) {
      const record = named(e);
      if (!record?.casDigits || !e.cas?.length || e.id in SWGDRUG_EXCEPTIONS) continue;
      expect(e.cas.map((c) => c.replace(/-/g, '')), `${e.id} vs SWGDRUG "${record.name}"`).toContain(record.casDigits);
    }
  });
});

interface BenchmarkRow {
  name: string;
  smiles: string;
  schedule: string;
  controlled: boolean;
}

function readBenchmark(path: string): BenchmarkRow[] {
  return readCsv(path).map((f) => ({ name: f.name, smiles: f.smiles, schedule: f.schedule, controlled: f.expected_controlled === 'True' }));
}

if (!benchmarkPath) console.log(`DEA benchmark checks of the US list data ${missingReason(BENCHMARK_FILE)}`);

describe.skipIf(!benchmarkPath)('US list data against the DEA schedule benchmark', () => {
  const rows = benchmarkPath ? readBenchmark(benchmarkPath) : [];
  const blockOf = new Map<string, string>();

  beforeAll(() => {
    for (const row of rows) {
      const r = prepareStructure(row.smiles);
      if (!r.ok) continue;
      blockOf.set(row.name, firstBlock(r.prepared.structure.inchikey ?? ''));
      r.prepared.dispose();
    }
  });

  it('reads all 102 benchmark compounds, the inorganic ones (water, sodium chloride) included', () => {
    expect(rows).toHaveLength(102);
    expect(rows.filter((r) => !blockOf.has(r.name)).map((r) => r.name)).toEqual([]);
  });

  it('agrees on the structure of every entry named like a benchmark compound', () => {
    for (const e of ownStructures) {
      const row = rows.find((r) => [e.id, e.name, ...(e.synonyms ?? [])].some((n) => nameKey(n) === nameKey(r.name)));
      if (!row) continue;
      expect(firstBlock(keyOf.get(`${e.file}#${e.id}`) ?? ''), `${e.id} vs benchmark ${row.name}`).toBe(blockOf.get(row.name));
    }
  });

  it('gives every controlled benchmark compound its schedule, except the documented gaps', () => {
    const agree: string[] = [];
    const missing: string[] = [];
    for (const row of rows) {
      // Preparations within a limit are not the substance's schedule (I-PREPARATION).
      const listed = (byBlock.get(blockOf.get(row.name) ?? '') ?? []).filter((e) => e.list.startsWith('US-CSA-') && !listsPreparationsOnly(e));
      if (!row.controlled) {
        expect(listed.map((e) => e.id), `${row.name} is not controlled but matches`).toEqual([]);
        agree.push(row.name);
        continue;
      }
      if (row.name in BENCHMARK_KNOWN_GAPS) {
        expect(listed.map((e) => e.id), `${row.name} is now listed; remove it from BENCHMARK_KNOWN_GAPS`).toEqual([]);
        missing.push(row.name);
        continue;
      }
      if (listed.length === 0 && /fentanyl/i.test(row.name)) {
        // Fentanyl-family listings live in *.fentanyl.yaml (and the US-FRS class rule), reviewed elsewhere.
        console.log(`Benchmark ${row.name}: not in the explicit US lists; expected from the fentanyl part files or the US-FRS class rule.`);
        missing.push(row.name);
        continue;
      }
      expect(listed.map((e) => e.status), `${row.name}`).toEqual([`Schedule ${row.schedule}`]);
      agree.push(row.name);
    }
    console.log(`DEA benchmark: ${agree.length}/${rows.length} agree with the explicit US lists; not covered: ${missing.join(', ') || 'none'}.`);
    expect(agree.length + missing.length).toBe(rows.length);
  });
});

/**
 * The DEA Diversion Control Division's "Controlled Substances - Alphabetical Order" of 20 Aug 2020 (511 rows, in
 * ../shared; never copied into data/): every row must be accounted for, by an entry of the row's schedule that
 * carries the row's name (SUBSTANCE, a part of it in parentheses or brackets, or one of its other names), by a
 * reviewed mapping below, or by a `gaps:` sentence of a US part file that names the row's SUBSTANCE text.
 */
const deaListPath = sharedFile(DEA_LIST_FILE);

/** DEA rows whose names no entry carries, mapped to the entry (in the row's schedule) that lists them, with why. */
const DEA_ROW_ENTRY: Record<string, { id: string; why: string }> = {
  'Fentanyl related-substances as defined in 21 CFR 1308.11(h)': {
    id: 'fentanyl-related-substances',
    why: 'the class entry of 21 CFR 1308.11(h) (class rule US-FRS)',
  },
};

/** The names a DEA row gives: SUBSTANCE, its trailing parenthesised or bracketed part and what precedes it, an "except" clause cut off, and the Names column split at commas and semicolons. */
function deaRowNames(row: Record<string, string>): string[] {
  const names = [row.SUBSTANCE];
  const trailing = (s: string) => {
    const close = s.trimEnd().slice(-1);
    const open = close === ')' ? '(' : close === ']' ? '[' : '';
    if (!open) return;
    const t = s.trimEnd();
    let depth = 0;
    for (let i = t.length - 1; i >= 0; i--) {
      if (t[i] === close) depth++;
      else if (t[i] === open && --depth === 0) {
        names.push(t.slice(i + 1, -1), t.slice(0, i));
        return;
      }
    }
  };
  trailing(row.SUBSTANCE);
  // The name before a first parenthesis or bracket ("Cenobamate [(1R)-…]carbamate", "SR-19 (Also known as RCS-4) (…").
  names.push(row.SUBSTANCE.split(/\s[([]/)[0]);
  const except = / except |, bulk/i.exec(row.SUBSTANCE);
  if (except) names.push(row.SUBSTANCE.slice(0, except.index));
  // "APINACA and AKB48 …", Names "SR-19 and RCS-4".
  const own = names.flatMap((n) => [n, ...n.split(/ and /i)]);
  return [...own, ...row.Names.split(/[,;]| and /i)].map((n) => n.trim()).filter(Boolean);
}

/** The SUBSTANCE-derived names of a row that are long enough to be looked for inside a gap sentence. */
function deaRowGapNames(row: Record<string, string>): string[] {
  return [row.SUBSTANCE, row.SUBSTANCE.split(/\s[([]/)[0]].map(normaliseName).filter((n) => n.length >= 6);
}

if (!deaListPath) console.log(`DEA list accounting of the US list data ${missingReason(DEA_LIST_FILE)}`);

describe.skipIf(!deaListPath)('US list data against the DEA list of 20 Aug 2020', () => {
  const rows = deaListPath ? readCsv(deaListPath, { encoding: 'utf8' }) : [];
  const all = readEntries(allFiles);
  const gapText = allFiles
    .flatMap((f) => ((parseYamlText(readFileSync(join(usDir, f), 'utf8')) as { gaps?: string[] }).gaps ?? []))
    .map(normaliseName)
    .join('|');

  it('reads all 511 rows, each with a schedule I-V', () => {
    expect(rows).toHaveLength(511);
    for (const r of rows) expect(['I', 'II', 'III', 'IV', 'V'], r.SUBSTANCE).toContain(r.Schedule);
  });

  it('accounts for every row: an entry of its schedule, a reviewed mapping, or a gap that names it', () => {
    const byName = new Map<string, Entry[]>();
    for (const e of all) for (const n of [e.id, e.name, ...(e.synonyms ?? [])]) byName.set(normaliseName(n), [...(byName.get(normaliseName(n)) ?? []), e]);
    const counts: Record<string, { entry: number; mapped: number; gap: number }> = {};
    const unaccounted: string[] = [];
    const listedIds = new Set<string>();
    for (const row of rows) {
      const list = `US-CSA-${row.Schedule}`;
      const c = (counts[row.Schedule] ??= { entry: 0, mapped: 0, gap: 0 });
      const hit = deaRowNames(row)
        .flatMap((n) => byName.get(normaliseName(n)) ?? [])
        .find((e) => e.list === list);
      if (hit) {
        c.entry++;
        listedIds.add(hit.id);
        continue;
      }
      const mapped = DEA_ROW_ENTRY[row.SUBSTANCE];
      if (mapped) {
        expect(all.some((e) => e.id === mapped.id && e.list === list), `${row.SUBSTANCE} → ${mapped.id} in ${list}`).toBe(true);
        c.mapped++;
        continue;
      }
      if (deaRowGapNames(row).some((n) => gapText.includes(n))) {
        c.gap++;
        continue;
      }
      unaccounted.push(`${row.SUBSTANCE} (${row.Number || 'no code'}, Schedule ${row.Schedule})`);
    }
    const total = Object.values(counts).reduce((a, c) => ({ entry: a.entry + c.entry, mapped: a.mapped + c.mapped, gap: a.gap + c.gap }), { entry: 0, mapped: 0, gap: 0 });
    console.log(
      `DEA list of 2020-08-20: ${rows.length} rows; ${total.entry} matched by an entry of their schedule (${listedIds.size} distinct entries), ` +
        `${total.mapped} by a reviewed mapping, ${total.gap} named in gaps, ${unaccounted.length} unaccounted. Per schedule: ` +
        Object.entries(counts)
          .map(([s, c]) => `${s} ${c.entry}+${c.mapped}+${c.gap}`)
          .join(', '),
    );
    expect(unaccounted).toEqual([]);
  });

  it('every reviewed mapping is still needed', () => {
    for (const name of Object.keys(DEA_ROW_ENTRY)) expect(rows.some((r) => r.SUBSTANCE === name), name).toBe(true);
  });
});
