/**
 * Readers for the reference files in ../shared/data (SWGDRUG MSP library, Fentanyl-Hunter structures),
 * used by the registry's cross-check tests and the registry report. Never bundled: the product runs
 * without them, and callers skip with a printed reason when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { casFromDigits } from './cas.js';
import { PROJECT_ROOT } from './registry.js';
import { normaliseName } from './search.js';

/** ../shared beside the checkout, or the directory named by NARCOTRACE_SHARED. */
export function sharedDir(env: Record<string, string | undefined> = process.env): string {
  return env.NARCOTRACE_SHARED ? resolve(env.NARCOTRACE_SHARED) : resolve(PROJECT_ROOT, '..', 'shared');
}

export const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
export const FENTANYL_HUNTER_FILE = 'data/structures/fentanyl-hunter-structures.csv';

export interface ReferenceRecord {
  /** Normalised names (name and synonyms), as compared with registry names. */
  names: string[];
  displayName: string;
  inchikey?: string;
  cas?: string;
}

export function referencePath(file: string, env?: Record<string, string | undefined>): string | undefined {
  const path = join(sharedDir(env), file);
  return existsSync(path) ? path : undefined;
}

/** SWGDRUG MSP: records separated by blank lines (CRLF line ends); Name, Synon, InChIKey, CASNO ("0" = none). */
export function readSwgdrug(path: string): ReferenceRecord[] {
  const records: ReferenceRecord[] = [];
  for (const block of readFileSync(path, 'latin1').replace(/\r/g, '').split(/\n\s*\n/)) {
    const fields = block.split('\n');
    const value = (key: string) => fields.filter((l) => l.startsWith(`${key}:`)).map((l) => l.slice(key.length + 1).trim());
    const [name] = value('Name');
    if (!name) continue;
    const [inchikey] = value('InChIKey');
    const [casDigits] = value('CASNO');
    const cas = casDigits && casDigits !== '0' ? casFromDigits(casDigits) : undefined;
    records.push({
      displayName: name,
      names: [name, ...value('Synon')].map(normaliseName).filter(Boolean),
      inchikey: inchikey || undefined,
      cas,
    });
  }
  return records;
}

/** Fentanyl-Hunter CSV: name, inchikey, smiles, formula (some quoted names, stray spaces). */
export function readFentanylHunter(path: string): ReferenceRecord[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  const records: ReferenceRecord[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const cells = splitCsvLine(line);
    const [name, inchikey] = cells;
    if (!name) continue;
    records.push({ displayName: name, names: [normaliseName(name)], inchikey: /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/.test(inchikey ?? '') ? inchikey : undefined });
  }
  return records;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
