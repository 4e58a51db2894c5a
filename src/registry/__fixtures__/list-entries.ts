/**
 * Test support for the review tests of the explicit-list data (us-data, cn-un-data, fentanyl-sources) and the
 * listed-findings tests of src/law: the list part files read directly with `yaml`, independent of the registry loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The sourced fentanyl parts of the UN 1961 schedules and China's catalogues (relative to data/lists/): reviewed by
 * src/registry/fentanyl-sources.test.ts, their findings checked by src/law/listed-findings.test.ts. A part is
 * written only when at least one of its listings was confirmed, so a part may be absent.
 */
export const SOURCED_FENTANYL_PARTS = [
  'un/UN-1961-I.fentanyl.yaml',
  'un/UN-1961-IV.fentanyl.yaml',
  'cn/CN-NARCOTIC.fentanyl-2013.yaml',
  'cn/CN-NONMEDICAL.fentanyl-additions.yaml',
] as const;

/** One entry of a list part file, as written, with the part file and the list it belongs to. */
export interface Entry {
  /** The part file, relative to the directory it was read from. */
  file: string;
  /** The list id: the part file's name up to its first dot (US-CSA-I.opioids.yaml → US-CSA-I). */
  list: string;
  id: string;
  name: string;
  nameZh?: string;
  synonyms?: string[];
  cas?: string[];
  saltCas?: { cas: string; salt: string }[];
  smiles?: string;
  /** Why no structure is given (an entry found by name or CAS number only). */
  noStructure?: string;
  classRule?: string | null;
  stereo?: string;
  status: string;
  statusEn?: string;
  citation: string;
  effective: string;
  until?: string;
  covers?: string[];
  /** Thresholds as written (only the basis is read here: a preparation listing has 'preparation-at-most'). */
  threshold?: { basis: string }[];
  note?: string;
}

/** The entries of `files` (paths relative to `dir`, e.g. "US-CSA-I.opioids.yaml" or "cn/CN-NARCOTIC.yaml"), in file order. */
export function readListEntries(dir: string, files: readonly string[]): Entry[] {
  return files.flatMap((file) => {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { entries: Omit<Entry, 'file' | 'list'>[] };
    const base = file.slice(file.lastIndexOf('/') + 1);
    return doc.entries.map((e) => ({ ...e, file, list: base.slice(0, base.indexOf('.')) }));
  });
}
