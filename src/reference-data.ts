/**
 * Where the read-only reference data of ../shared lives (tests, validation scripts and benchmarks only;
 * the product never needs it). Override with NARCOTRACE_SHARED.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export function sharedRoot(): string {
  return process.env.NARCOTRACE_SHARED ?? resolve(repoRoot, '..', 'shared');
}

/** The file's path, or undefined when absent (callers skip with `missingReason`). */
export function sharedFile(relative: string): string | undefined {
  const p = join(sharedRoot(), relative);
  return existsSync(p) ? p : undefined;
}

export function missingReason(relative: string): string {
  return `skipped: reference data ${join(sharedRoot(), relative)} is absent (set NARCOTRACE_SHARED to the shared/ folder to run it)`;
}

/** A small CSV reader for the reference files (quoted fields, commas inside quotes). */
export function readCsv(path: string, options: { encoding?: BufferEncoding } = {}): Record<string, string>[] {
  const text = readFileSync(path, options.encoding ?? 'latin1').replace(/\r\n/g, '\n');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

export interface MspHeader {
  name: string;
  synonyms: string[];
  inchikey?: string;
  cas?: string;
  /** The Formula field as written (deuterium as D). */
  formula?: string;
}

/** Names of SWGDRUG spectra that are not of the parent substance: derivatised, deuterated or uncertified. */
const NOT_PARENT_SPECTRUM = /deriv|\bTMS\b|\bTFA\b|\bHFBA\b|\bPFP\b|-d\d|not certified/i;

/**
 * SWGDRUG MSP records: name, synonyms, InChIKey, CAS (header fields only; CAS as written, digits without
 * hyphens). With `parentsOnly`, records whose name marks a derivatised, deuterated or uncertified
 * reference spectrum (NOT_PARENT_SPECTRUM) are left out.
 */
export function readMspHeaders(path: string, options: { parentsOnly?: boolean } = {}): MspHeader[] {
  const out: MspHeader[] = [];
  for (const block of readFileSync(path, 'latin1').replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const rec = { name: '', synonyms: [] as string[], inchikey: undefined as string | undefined, cas: undefined as string | undefined, formula: undefined as string | undefined };
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z ]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, key, value] = m;
      if (key === 'Name') rec.name = value.trim();
      else if (key === 'Synon') rec.synonyms.push(value.trim());
      else if (key === 'InChIKey') rec.inchikey = value.trim();
      else if (key === 'CASNO') rec.cas = value.trim();
      else if (key === 'Formula') rec.formula = value.trim();
    }
    if (rec.name && !(options.parentsOnly && NOT_PARENT_SPECTRUM.test(rec.name))) out.push(rec);
  }
  return out;
}

/** Name key for cross-checks: case-, space- and punctuation-insensitive. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
