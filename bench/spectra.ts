/**
 * Identity-search benchmark: `npm run bench:spectra -- [SWGDRUG_MSP] [--size N] [--queries N]`.
 *
 * Builds an in-memory library of at least 100,000 spectra (SWGDRUG 3.4 from ../shared, plus
 * synthetic variants of it: intensity jitter, dropped and added peaks; without the file, synthetic
 * spectra only, said so), then times identity queries (perturbed library spectra) through the index,
 * and prints the build time, memory, mean, median and p99 query time, and top-1 accuracy of the queries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { msp } from '../src/spectra/formats/msp.js';
import { EiIndex, type LibrarySpectrum } from '../src/spectra/search.js';
import type { Peak } from '../src/spectra/spectrum.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const size = opt('--size', 100_000);
const queries = opt('--queries', 2_000);
const file = args.find((a, i) => !a.startsWith('--') && !['--size', '--queries'].includes(args[i - 1])) ?? join(root, '..', 'shared', 'data', 'spectra', 'swgdrug-3.4.msp');

let s = 12345;
const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);

function variant(peaks: readonly Peak[]): Peak[] {
  const out: Peak[] = [];
  for (const [m, i] of peaks) {
    if (i < 30 && random() < 0.4) continue;
    out.push([m, i * (0.7 + random() * 0.6)]);
  }
  const hi = peaks.at(-1)?.[0] ?? 100;
  for (let k = 0; k < 4; k++) out.push([Math.round(40 + random() * (hi - 40)), 5 + random() * 40]);
  return out;
}

let base: LibrarySpectrum[];
if (existsSync(file)) {
  base = msp.parse(readFileSync(file, 'utf8'), file).records.map((r, i) => ({ ...r, id: i + 1 }));
  console.log(`library: ${base.length} SWGDRUG spectra from ${file}, plus synthetic variants`);
} else {
  console.log(`SWGDRUG MSP absent (${file}): benchmarking on synthetic spectra only`);
  base = Array.from({ length: 3000 }, (_, id) => {
    const mw = 120 + Math.floor(random() * 400);
    const peaks: Peak[] = Array.from({ length: 30 + Math.floor(random() * 100) }, () => [30 + Math.floor(random() * (mw - 30)), 1 + random() * 998] as Peak);
    return { id: id + 1, name: `synthetic ${id + 1}`, mw, kind: 'EI' as const, peaks };
  });
}

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = new EiIndex(1 << 24);
const all: LibrarySpectrum[] = [];
for (let i = 0; i < Math.max(size, base.length); i++) {
  const b = base[i % base.length];
  const e: LibrarySpectrum = i < base.length ? b : { ...b, id: i + 1, name: `${b.name} (variant ${Math.floor(i / base.length)})`, peaks: variant(b.peaks) };
  index.add(e);
  all.push(e);
}
const buildMs = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

const times: number[] = [];
let top1 = 0;
for (let q = 0; q < queries; q++) {
  const target = base[Math.floor(random() * base.length)];
  const query = variant(target.peaks);
  const t = performance.now();
  const hits = index.search(query, { top: 10 });
  times.push(performance.now() - t);
  const k = (e: LibrarySpectrum) => e.inchikey?.slice(0, 14) ?? e.name.replace(/ \(variant \d+\)$/, '');
  if (hits[0] && k(hits[0].entry) === k(target)) top1++;
}
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(`spectra indexed: ${index.count.toLocaleString('en')}  (build ${(buildMs / 1000).toFixed(1)} s, ~${heapMb.toFixed(0)} MB heap)`);
console.log(`identity queries: ${queries}`);
console.log(`mean ${mean.toFixed(2)} ms   median ${times[Math.floor(times.length / 2)].toFixed(2)} ms   p99 ${times[Math.floor(times.length * 0.99)].toFixed(2)} ms   max ${times.at(-1)!.toFixed(2)} ms`);
console.log(`top-1 (same compound as the query's source): ${((100 * top1) / queries).toFixed(1)}%`);
console.log(mean < 20 ? 'goal met: mean < 20 ms per identity query' : 'goal NOT met: mean ≥ 20 ms per identity query');
