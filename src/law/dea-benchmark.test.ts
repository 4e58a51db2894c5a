/**
 * The DEA schedule benchmark (102 compounds, ../shared): `narcotrace classify` must give each one the
 * benchmark's US schedule, or "not controlled". The compounds the US lists do not cover yet are the
 * reviewed gaps of src/registry/__fixtures__/us-benchmark-gaps.ts; every other one must agree, through the
 * classifier and through the bulk command with its prefilter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingReason, readCsv, sharedFile } from '../reference-data.js';
import { BENCHMARK_KNOWN_GAPS } from '../registry/__fixtures__/us-benchmark-gaps.js';
import type { Classifier } from './classify.js';
import { loadClassifier } from './index.js';
import type { Verdict, VerdictResult } from './verdict.js';

const FILE = 'data/structures/dea-schedule-benchmark.csv';
const path = sharedFile(FILE);
if (!path) console.log(missingReason(FILE));

const ROMAN: Record<string, string> = { 'Schedule I': 'I', 'Schedule II': 'II', 'Schedule III': 'III', 'Schedule IV': 'IV', 'Schedule V': 'V' };

/** The US schedule a verdict gives ("I".."V", or "not controlled"), from applying drug findings. */
function usSchedule(v: VerdictResult): string {
  if (!v.ok) return `error ${v.error.code}`;
  const j = (v as Verdict).jurisdictions.US;
  const schedules = [...new Set((j?.findings ?? []).filter((f) => f.applies && f.category === 'drug').map((f) => ROMAN[f.status] ?? f.status))];
  return schedules.length ? schedules.sort().join('/') : 'not controlled';
}

describe.skipIf(!path)('DEA schedule benchmark through narcotrace classify', () => {
  let rows: Record<string, string>[];
  let classifier: Classifier;
  beforeAll(async () => {
    rows = readCsv(path!);
    classifier = await loadClassifier();
  });

  const expected = (r: Record<string, string>) => (r.expected_controlled === 'True' ? r.schedule : 'not controlled');

  it('agrees with the benchmark on every compound except the reviewed gaps', () => {
    expect(rows).toHaveLength(102);
    const disagreements: string[] = [];
    let agree = 0;
    for (const r of rows) {
      const got = usSchedule(classifier.classify(r.smiles, { jurisdictions: ['US'] }));
      if (got === expected(r)) agree++;
      else if (!(r.name in BENCHMARK_KNOWN_GAPS)) disagreements.push(`${r.name}: benchmark ${expected(r)}, Narcotrace ${got}`);
    }
    console.log(`DEA benchmark: ${agree} of ${rows.length} agree; ${Object.keys(BENCHMARK_KNOWN_GAPS).length} reviewed gaps`);
    expect(disagreements).toEqual([]);
    expect(agree).toBe(rows.length - Object.keys(BENCHMARK_KNOWN_GAPS).length);
  });

  it('the bulk command (with its prefilter) gives the same answers as single classification', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narcotrace-dea-'));
    const input = join(dir, 'dea.smi');
    const output = join(dir, 'dea.jsonl');
    writeFileSync(input, rows.map((r) => r.smiles).join('\n') + '\n');
    const bin = fileURLToPath(new URL('../../bin/narcotrace.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'classify', '--input', input, '--output', output, '--jurisdictions', 'US', '--workers', '2'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as VerdictResult);
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) => expect(usSchedule(line), rows[i].name).toBe(usSchedule(classifier.classify(rows[i].smiles, { jurisdictions: ['US'] }))));
  }, 180_000);
});
