/**
 * The one RDKit (WebAssembly) module instance of the process, and the helpers that guarantee
 * every JSMol is freed: WASM memory is not garbage-collected.
 */
import { setFlagsFromString } from 'node:v8';
import initRDKitModule from '@rdkit/rdkit';
import type { Mol as JSMol, MainModule as RDKitModule } from '@rdkit/rdkit';

let modulePromise: Promise<RDKitModule> | undefined;
let loaded: RDKitModule | undefined;

export type { JSMol, RDKitModule };

export function loadRDKit(): Promise<RDKitModule> {
  modulePromise ??= (initRDKitModule as unknown as () => Promise<RDKitModule>)().then((m) => {
    loaded = m;
    m.disable_logging();
    return m;
  });
  return modulePromise;
}

/**
 * Has V8 run RDKit's WebAssembly with its baseline compiler only, without the optimising recompilation
 * of hot functions. Process-wide, for every thread, and only before RDKit is compiled (it is a V8 flag).
 * For bulk screening with the prefilter: RDKit then runs for about 2 % of the records, and on a 2-core
 * machine V8's background recompilation (separately in each worker) cost more CPU than the faster code
 * saved (docs/performance.md: about 1.2× the records per second, about a fifth less CPU).
 */
export function runRDKitWithBaselineCompilerOnly(): void {
  if (modulePromise) return; // too late: RDKit is already compiled in this thread
  setFlagsFromString('--liftoff-only');
}

/** The module, once `loadRDKit()` has resolved. Domain code is synchronous after start-up. */
export function rdkit(): RDKitModule {
  if (!loaded) throw new Error('RDKit is not loaded yet: await loadRDKit() at start-up');
  return loaded;
}

/** Runs `use` on a molecule and deletes it afterwards, whatever happens. */
export function withMol<T>(mol: JSMol, use: (mol: JSMol) => T): T {
  try {
    return use(mol);
  } finally {
    mol.delete();
  }
}

/** Parses a SMARTS query once and keeps it for the life of the process (queries are few and reused). */
const queryCache = new Map<string, JSMol>();
export function query(smarts: string): JSMol {
  let q = queryCache.get(smarts);
  if (!q) {
    const parsed = rdkit().get_qmol(smarts);
    if (!parsed || !parsed.is_valid()) {
      parsed?.delete();
      throw new Error(`invalid SMARTS in reviewed data: ${smarts}`);
    }
    q = parsed;
    queryCache.set(smarts, q);
  }
  return q;
}

/**
 * Runs an RDKit call while capturing what RDKit logs, so a parse failure can be explained
 * (bad valence, unknown element) instead of reported as a bare "invalid".
 */
export function withRDKitLog<T>(run: () => T): { value: T; log: string } {
  const R = rdkit();
  const logger = R.set_log_capture('rdApp.error');
  try {
    const value = run();
    return { value, log: logger ? logger.get_buffer() : '' };
  } finally {
    logger?.delete();
  }
}
