/**
 * npm run build:registry [-- --force]: compiles data/lists into var/registry-index.json (InChIKeys and
 * formulas computed with RDKit), with a progress bar. Without --force an up-to-date cache is kept.
 * Exit 0 on success; 1 with every invalid entry (file:line) when the data is invalid.
 */
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { ProblemError } from '../src/problems.js';
import { DEFAULT_CACHE_FILE, loadIndex, PROJECT_ROOT } from '../src/registry/registry.js';

const force = process.argv.includes('--force');
if (force) rmSync(DEFAULT_CACHE_FILE, { force: true });
const bar = new SingleBar({ format: 'registry {bar} {value}/{total} structures', hideCursor: true, noTTYOutput: false }, Presets.shades_classic);
let started = false;
const t0 = Date.now();
try {
  const { index, fromCache } = await loadIndex({
    onProgress: (done, total) => {
      if (!started) bar.start(total, 0), (started = true);
      bar.update(done);
    },
  });
  if (started) bar.stop();
  const where = relative(PROJECT_ROOT, DEFAULT_CACHE_FILE);
  console.log(
    `${fromCache ? 'Up to date' : 'Wrote'} ${where}: ${index.substances.length} substances, ${index.classEntries.length} class entries, ` +
      `${index.lists.length} lists, version ${index.version} (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
  );
  for (const w of index.warnings) console.warn(`warning: ${w}`);
} catch (err) {
  if (started) bar.stop();
  if (err instanceof ProblemError) {
    console.error(err.problem.message);
    process.exit(1);
  }
  throw err;
}
