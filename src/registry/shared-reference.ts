/**
 * Readers for the reference files in ../shared/data (SWGDRUG MSP library, Fentanyl-Hunter structures),
 * used by the registry's cross-check tests and the registry report. Never bundled: the product runs
 * without them, and callers skip with a printed reason when they are absent.
 */
import { readCsv, readMspHeaders, sharedFile, sharedRoot } from '../reference-data.js';
import { casFromDigits } from './cas.js';
import { normaliseName } from './search.js';

/** ../shared beside the checkout, or the directory named by NARCOTRACE_SHARED. */
export const sharedDir = sharedRoot;
export const referencePath = sharedFile;

export const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
export const FENTANYL_HUNTER_FILE = 'data/structures/fentanyl-hunter-structures.csv';

export interface ReferenceRecord {
  /** Normalised names (name and synonyms), as compared with registry names. */
  names: string[];
  displayName: string;
  inchikey?: string;
  cas?: string;
  /** SWGDRUG's Formula field (deuterium written D), where the record gives one. */
  formula?: string;
}

/** SWGDRUG MSP records with registry-normalised names; CASNO "0" means none. */
export function readSwgdrug(path: string): ReferenceRecord[] {
  return readMspHeaders(path).map((r) => ({
    displayName: r.name,
    names: [r.name, ...r.synonyms].map(normaliseName).filter(Boolean),
    inchikey: r.inchikey || undefined,
    cas: r.cas && r.cas !== '0' ? casFromDigits(r.cas) : undefined,
    ...(r.formula ? { formula: r.formula } : {}),
  }));
}

/** Fentanyl-Hunter CSV: name, inchikey, smiles, formula (some quoted names, stray spaces). */
export function readFentanylHunter(path: string): ReferenceRecord[] {
  return readCsv(path, { encoding: 'utf8' })
    .filter((r) => r.name)
    .map((r) => ({ displayName: r.name, names: [normaliseName(r.name)], inchikey: /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/.test(r.inchikey ?? '') ? r.inchikey : undefined }));
}
