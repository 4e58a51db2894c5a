/**
 * Starts a worker thread from a module URL. Compiled (.js) it runs as is. As TypeScript (tests,
 * development) it is loaded through tsx: Node 20 ignores `--import` in a worker's execArgv, so a tiny
 * bootstrap registers tsx's loader inside the worker and then imports the .ts file.
 * Used by the local job pool (./pool.ts) and the bulk CLI runner (src/cli/bulk/runner.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  // The ESM build of tsx's API (resolve() finds the CommonJS one, which cannot be import()ed here).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
