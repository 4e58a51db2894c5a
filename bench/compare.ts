/**
 * Throughput of the coverage comparison (`narcotrace compare`), in structures (mol) per second:
 *
 *   npm run bench:compare -- [--a US] [--b CN] [--as-of YYYY-MM-DD] [--workers N]
 *
 * 1. The whole registry and the class rules' examples, in this thread (the default population).
 * 2. ../shared/data/catalog/catalog-72k.smi through the bulk path (prefilter, worker threads), as
 *    `compare --input` runs it; skipped with the reason printed when the file is absent.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFile } from '../src/cli/compare.js';
import { loadClassifier } from '../src/law/index.js';
import type { Jurisdiction } from '../src/law/verdict.js';
import { runComparison } from '../src/warning/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const a = (option('--a') ?? 'US') as Jurisdiction;
const b = (option('--b') ?? 'CN') as Jurisdiction;
const asOf = option('--as-of') ?? '2019-06-01';
const workers = Number(option('--workers') ?? Math.min(availableParallelism(), 8));

const t0 = performance.now();
const classifier = await loadClassifier();
const loaded = (performance.now() - t0) / 1000;
runComparison(classifier, { a, b, asOf: '2000-01-01' }); // warm-up
const t1 = performance.now();
const registry = runComparison(classifier, { a, b, asOf });
const s1 = (performance.now() - t1) / 1000;
console.log(`registry + rule examples: ${registry.rows.length} structures in ${s1.toFixed(2)} s = ${Math.round(registry.rows.length / s1)} mol/s (one thread; start-up ${loaded.toFixed(2)} s)`);
console.log(`  ${a} vs ${b} as of ${asOf}: ${JSON.stringify(registry.totals.all)}`);

const catalog = join(root, '..', 'shared', 'data', 'catalog', 'catalog-72k.smi');
if (!existsSync(catalog)) {
  console.log(`catalog: skipped, ${catalog} is absent (the reference data in ../shared is not bundled).`);
} else {
  const run = await compareFile({ a, b, asOf, source: createReadStream(catalog, { highWaterMark: 1 << 16 }), totalBytes: statSync(catalog).size, format: 'smi', workers });
  const n = run.report.rows.length;
  const work = run.elapsedSeconds - run.startupSeconds;
  console.log(`catalog-72k: ${n} structures in ${run.elapsedSeconds.toFixed(2)} s = ${Math.round(n / run.elapsedSeconds)} mol/s overall, ${Math.round(n / work)} mol/s after start-up (${run.startupSeconds.toFixed(2)} s), ${run.workers} workers`);
  console.log(`  ${a} vs ${b} as of ${asOf}: ${JSON.stringify(run.report.totals.all)}`);
}
