/**
 * The spectral library port: libraries owned by an agency, with their source and version, and their
 * spectra. Every method takes the caller's AccessScope; another agency's library is "not found".
 * An import is atomic: all of a file's readable records are stored, or (on a failure) none.
 * Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { LibrarySpectrum } from './search.js';
import type { SpectrumRecord } from './spectrum.js';

export interface LibrarySummary {
  id: number;
  name: string;
  /** File names imported, e.g. "swgdrug-3.4.msp". */
  source: string;
  version: string;
  format: string;
  spectra: number;
  /** Bumped on every import: a cached search index of an older revision is stale. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewImport {
  library: string;
  source: string;
  version: string;
  format: string;
  records: readonly SpectrumRecord[];
  /** Replace the library's spectra instead of adding to them. */
  replace?: boolean;
  now: string;
}

export interface StoredSpectrum extends LibrarySpectrum {
  libraryId: number;
  /** Extra fields of the record (CAS, synonyms, source id, precursor type …). */
  meta: Record<string, unknown>;
}

export interface SpectraStore {
  /** Adds (or with `replace`, replaces) the library's spectra in one transaction; creates the library if new. */
  importLibrary(scope: AccessScope, input: NewImport): Promise<LibrarySummary>;
  listLibraries(scope: AccessScope): Promise<LibrarySummary[]>;
  libraryByName(scope: AccessScope, name: string): Promise<LibrarySummary | undefined>;
  libraryById(scope: AccessScope, id: number): Promise<LibrarySummary | undefined>;
  /** Every spectrum of a library, in import order (to build its search index). */
  spectraOf(scope: AccessScope, libraryId: number): Promise<StoredSpectrum[]>;
  spectrumById(scope: AccessScope, libraryId: number, id: number): Promise<StoredSpectrum | undefined>;
  /** True when it existed (and was the caller's agency's). */
  deleteLibrary(scope: AccessScope, id: number): Promise<boolean>;
}
