/**
 * Test support for the review tests of the explicit-list data (us-data, cn-un-data): the list part files
 * read directly with `yaml`, independent of the registry loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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
  smiles?: string;
  classRule?: string | null;
  stereo?: string;
  status: string;
  statusEn?: string;
  citation: string;
  effective: string;
  until?: string;
  covers?: string[];
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
