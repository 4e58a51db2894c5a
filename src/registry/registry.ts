/**
 * The registry adapter: reads data/lists/, compiles it (or reuses the cached compiled index when the
 * data hash is unchanged) and serves look-ups and listing matches from memory (src/law turns those into findings).
 *
 * Cache: var/registry-index.json (git-ignored), keyed by the content hash of the data files, the
 * compiler version and the RDKit version. `npm run build:registry` writes it ahead of time; without
 * it the first load compiles (a few seconds of RDKit work) and writes it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRDKit } from '../chem/rdkit.js';
import { problem, ProblemError } from '../problems.js';
import { COMPILER_VERSION, compileIndex, dataHash, issuesMessage, readDataFiles, type CompiledIndex } from './compile.js';
import type { Jurisdiction } from './jurisdictions.js';
import { matchListings } from './listed-matches.js';
import { SubstanceSearch } from './search.js';
import type { ListContents, Registry } from './types.js';

/** The repository root: this file is src/registry/registry.ts or dist/registry/registry.js. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, 'data', 'lists');
export const DEFAULT_CACHE_FILE = join(PROJECT_ROOT, 'var', 'registry-index.json');

export interface LoadRegistryOptions {
  /** Directory holding lists.yaml and us/, cn/, un/. Default: data/lists of this checkout. */
  dataDir?: string;
  /** Compiled-index cache file, or false for none. Default: var/registry-index.json. */
  cacheFile?: string | false;
  /** Progress of a compilation (not called when the cache is used). */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadedIndex {
  index: CompiledIndex;
  fromCache: boolean;
}

export function rdkitPackageVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@rdkit/rdkit');
    // …/node_modules/@rdkit/rdkit/dist/RDKit_minimal.js → …/node_modules/@rdkit/rdkit/package.json
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Reads (or compiles and caches) the index. Throws ProblemError INVALID_DATA listing every bad entry with file and line. */
export async function loadIndex(options: LoadRegistryOptions = {}): Promise<LoadedIndex> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const cacheFile = options.cacheFile === undefined ? DEFAULT_CACHE_FILE : options.cacheFile;
  let files;
  try {
    files = readDataFiles(dataDir, options.dataDir ? dataDir : 'data/lists');
  } catch (err) {
    throw new ProblemError(problem('INVALID_DATA', `The registry data cannot be read from ${dataDir}: ${(err as Error).message}`));
  }
  const rdkitVersion = rdkitPackageVersion();
  const version = dataHash(files, rdkitVersion);
  if (cacheFile) {
    const cached = readCache(cacheFile);
    if (cached && cached.version === version && cached.compiler === COMPILER_VERSION) return { index: cached, fromCache: true };
  }
  await loadRDKit();
  const { index, issues } = compileIndex(files, { rdkitVersion, onProgress: options.onProgress });
  if (!index) throw new ProblemError(problem('INVALID_DATA', issuesMessage(issues, options.dataDir ?? 'data/lists/')));
  if (cacheFile) writeCache(cacheFile, index);
  return { index, fromCache: false };
}

function readCache(file: string): CompiledIndex | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CompiledIndex;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only checkout still works, it just compiles at every start. */
function writeCache(file: string, index: CompiledIndex): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(index));
    renameSync(tmp, file);
  } catch {
    // ignored on purpose: the cache is an optimisation
  }
}

let defaultRegistry: Promise<Registry> | undefined;

/** The registry of this checkout's data/lists/, loaded once per process. */
export function loadRegistry(options?: LoadRegistryOptions): Promise<Registry> {
  if (options) return loadIndex(options).then(({ index }) => createRegistry(index));
  defaultRegistry ??= loadIndex().then(({ index }) => createRegistry(index));
  defaultRegistry.catch(() => (defaultRegistry = undefined));
  return defaultRegistry;
}

export function createRegistry(index: CompiledIndex): Registry {
  const search = new SubstanceSearch(index.substances);
  const byId = new Map(index.substances.map((s) => [s.id, s]));
  for (const [alias, id] of Object.entries(index.aliases)) {
    const s = byId.get(id);
    if (s && !byId.has(alias)) byId.set(alias, s);
  }
  const listById = new Map(index.lists.map((l) => [l.id, l]));

  return {
    version: index.version,
    substances: index.substances,
    lists: index.lists,
    classEntries: index.classEntries,
    byId: (id) => byId.get(id),
    byInchiKey: (key) => search.byInchiKey(key),
    matchListings(structure, jurisdictions: readonly Jurisdiction[]) {
      if (!structure.inchikey) return [];
      return matchListings(
        structure,
        {
          exact: search.byInchiKey(structure.inchikey),
          skeleton: search.byInchiKey(structure.inchikey.slice(0, 14)),
          inorganic: structure.inorganic ? search.byInorganicFormula(structure.inorganic.formula) : [],
          ion: search.byParentInchiKey(structure.inchikey),
        },
        jurisdictions,
      );
    },
    search: (query, options) => search.search(query, options),
    byList(listId): ListContents | undefined {
      const list = listById.get(listId.trim().toUpperCase());
      if (!list) return undefined;
      return {
        list,
        substances: index.substances.filter((s) => s.listings.some((l) => l.list === list.id)),
        classEntries: index.classEntries.filter((c) => c.list === list.id),
      };
    },
  };
}
