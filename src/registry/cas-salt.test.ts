/**
 * Issue #8, the review's correction: free-base entries carried a salt's CAS number (often a reference standard's,
 * as SWGDRUG 3.4 gives it). The catalogue's printed number (or a read source's free-base number) is now primary;
 * a number that a read source says is a salt's is a salt-form CAS (`saltCas`), found by a look-up and reported as
 * a salt's; a number no source read identifies stays in `cas`, second, with the note saying so.
 * The check below catches the kind: a catalogue-printed CAS that is not the entry's primary number, or a number
 * beside it that the note does not account for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_DATA_DIR, loadRegistry } from './registry.js';
import { readSwgdrug, referencePath, SWGDRUG_FILE } from './shared-reference.js';
import type { Registry } from './types.js';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
});

/** id, free-base CAS (the catalogue's, now primary), the hydrochloride's CAS (was the entry's only number). */
const SALT_CORRECTIONS: [string, string, string][] = [
  ['4-fmc', '447-40-5', '7589-35-7'],
  ['ethcathinone', '18259-37-5', '51553-17-4'],
  ['2-aminoindane', '2975-41-9', '2338-18-3'],
  ['3-meo-pcp', '72242-03-6', '91164-58-8'],
  ['6-apb', '286834-85-3', '286834-84-2'],
];

/** id, the catalogue's CAS (now primary), the former number (SWGDRUG 3.4's), kept second: no source read says it is a salt's. */
const CATALOGUE_FIRST: [string, string, string][] = [
  ['5-apdb', '152624-03-8', '152623-94-4'],
  ['5-mapb', '1354631-77-8', '135462-93-0'],
  ['ab-fubinaca', '1629062-56-1', '1185282-01-2'],
  ['ab-pinaca', '1445583-20-9', '1445752-09-9'],
  ['2-fluoromethcathinone', '1186137-35-8', '1346599-37-8'],
  ['2-methylmethcathinone', '1246911-71-6', '1246815-51-9'],
  ['3-4-dimethylmethcathinone', '1082110-00-6', '1081772-06-6'],
  ['3-chloromethcathinone', '1049677-59-9', '1607439-32-6'],
  ['3-methylmethcathinone', '1246911-86-3', '1246816-62-5'],
  ['4-fluoro-alpha-pvp', '850352-62-4', '850352-31-7'],
  ['4-mebp', '1337016-51-9', '1336911-98-8'],
  ['4-methoxy-alpha-pvp', '14979-97-6', '5537-19-9'],
  ['butylone', '802575-11-7', '17762-90-2'],
  ['dimethylone', '765231-58-1', '109367-07-9'],
  ['mdpbp', '784985-33-7', '24622-60-4'],
  ['mdppp', '783241-66-7', '24698-57-5'],
  ['pentedrone', '879722-57-3', '879669-95-1'],
  ['alpha-pyrrolidinobutiophenone', '13415-82-2', '13415-54-8'],
  ['alpha-php', '13415-86-6', '13415-59-3'],
  ['pv8', '13415-83-3', '13415-55-9'],
  ['mcpp', '6640-24-0', '65369-76-8'],
  ['mdai', '132741-81-2', '13274-81-2'],
  ['n-ethylpentylone', '727641-67-0', '17763-02-9'],
  ['dibutylone', '802286-83-5', '17763-12-1'],
  ['4-chloro-alpha-ppp', '28117-79-5', '93307-24-5'],
  ['4-meap', '746540-82-9', '18297-05-7'],
  ['4-mdmc', '1157738-08-3', '1448845-14-4'],
  ['deschloroketamine', '7063-30-1', '4631-27-0'],
  ['2-fluorodeschloroketamine', '111982-50-4', '111982-49-1'],
  ['eutylone', '802855-66-9', '17764-18-0'],
  ['diphenidine', '36794-52-2', '28383-15-5'],
  ['5-apb', '286834-81-9', '286834-80-8'],
  ['escaline', '39201-82-6', '3166-82-3'],
  ['4-meo-pcp', '2201-35-6', '2185-93-5'],
  ['2-oxo-pce', '6740-82-5', '4551-92-2'],
];

interface EntryNumbers {
  id: string;
  cas?: string[];
  saltCas?: { cas: string; salt: string }[];
  note?: string;
}

const PRINTED = /CAS (?:number )?printed in the catalogue[^:]*: ([0-9-]+)/;

/**
 * Entries whose note records the catalogue's printed CAS number: the number must be the entry's primary one (or a
 * salt form's), and every other number of the entry must be named in the note, which says where it comes from.
 * An entry with no number at all only records the catalogue's in its note, and is not flagged here.
 */
function catalogueCasProblems(entries: readonly EntryNumbers[]): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    const printed = e.note && PRINTED.exec(e.note)?.[1]?.replace(/-$/, '');
    const cas = e.cas ?? [];
    const salts = (e.saltCas ?? []).map((s) => s.cas);
    if (!printed || (!cas.length && !salts.length)) continue;
    if (cas[0] !== printed && !salts.includes(printed)) {
      problems.push(`${e.id}: the catalogue prints ${printed}, but the entry's numbers are ${[...cas, ...salts].join(', ')}`);
      continue;
    }
    const unexplained = [...cas, ...salts].filter((n) => n !== printed && !e.note!.replace(PRINTED, '').includes(n));
    if (unexplained.length) problems.push(`${e.id}: ${unexplained.join(', ')} beside the catalogue's ${printed}, and the note does not say where it comes from`);
  }
  return problems;
}

function partFileEntries(): (EntryNumbers & { file: string })[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yaml') && name !== 'lists.yaml') files.push(path);
    }
  };
  walk(DEFAULT_DATA_DIR);
  return files.flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { entries?: EntryNumbers[] };
    return (doc.entries ?? []).map((e) => ({ ...e, file: relative(DEFAULT_DATA_DIR, file) }));
  });
}

describe('salt CAS numbers on free-base entries (issue #8)', () => {
  it.each(SALT_CORRECTIONS)('%s: the free base %s is primary, the hydrochloride %s a salt form', (id, base, salt) => {
    const s = registry.substances.find((x) => x.id === id);
    expect(s?.cas[0]).toBe(base);
    expect(s?.cas).not.toContain(salt);
    expect(s?.saltCas).toContainEqual({ cas: salt, salt: 'hydrochloride' });
    // A look-up by the salt's number finds the substance and says it is a salt's number.
    expect(registry.search(salt)[0]).toMatchObject({ substance: { id }, matchedBy: 'salt-cas' });
    expect(registry.search(base)[0]).toMatchObject({ substance: { id }, matchedBy: 'cas' });
  });

  it.each(CATALOGUE_FIRST)("%s: the catalogue's %s is primary, %s kept second (not known to be a salt's)", (id, printed, other) => {
    const s = registry.substances.find((x) => x.id === id);
    expect(s?.cas.slice(0, 2)).toEqual([printed, other]);
    expect(s?.saltCas?.some((x) => x.cas === other) ?? false).toBe(false);
    expect(registry.search(other)[0]).toMatchObject({ substance: { id }, matchedBy: 'cas' });
  });

  it('every catalogue-printed CAS is its entry\'s primary number, and the note accounts for every other number', () => {
    const entries = partFileEntries();
    expect(entries.filter((e) => e.note && PRINTED.test(e.note) && e.cas?.length).length).toBeGreaterThanOrEqual(40);
    const problems = entries.flatMap((e) => catalogueCasProblems([e]).map((p) => `${e.file}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('catches the kind: a salt number alone, a catalogue number not first, a number the note does not name', () => {
    const note = 'Catalogue table 2015, no. 79. CAS printed in the catalogue: 802575-11-7.';
    // Butylone as it was: only SWGDRUG's reference-standard number.
    expect(catalogueCasProblems([{ id: 'butylone', cas: ['17762-90-2'], note }])).toHaveLength(1);
    expect(catalogueCasProblems([{ id: 'butylone', cas: ['17762-90-2', '802575-11-7'], note }])).toHaveLength(1);
    expect(catalogueCasProblems([{ id: 'butylone', cas: ['802575-11-7', '17762-90-2'], note }])).toHaveLength(1);
    expect(catalogueCasProblems([{ id: 'butylone', cas: ['802575-11-7'], saltCas: [{ cas: '17762-90-2', salt: 'hydrochloride' }], note }])).toHaveLength(1);
    expect(catalogueCasProblems([{ id: 'butylone', cas: ['802575-11-7', '17762-90-2'], note: `${note} 17762-90-2 is SWGDRUG 3.4's.` }])).toEqual([]);
  });
});

const swgdrugPath = referencePath(SWGDRUG_FILE);
describe.skipIf(!swgdrugPath)('the salt numbers are SWGDRUG 3.4 numbers of the same structure', () => {
  it.each(SALT_CORRECTIONS)('%s: SWGDRUG gives %s\'s hydrochloride %s to a record with the registry\'s full InChIKey', (id, _base, salt) => {
    const s = registry.substances.find((x) => x.id === id)!;
    const records = readSwgdrug(swgdrugPath!).filter((r) => r.cas === salt);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.inchikey).toBe(s.inchikey);
  });
});

if (!swgdrugPath) console.log(`SWGDRUG cross-check of issue #8's salt numbers skipped: ${SWGDRUG_FILE} not found under ../shared (set NARCOTRACE_SHARED).`);
