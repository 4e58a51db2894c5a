/**
 * Resume after a crash, with a real process: `narcotrace classify --input … --output …` is killed with
 * SIGKILL part-way, then `--resume` finishes the run. Every input record must be in the output exactly
 * once, in input order, with no torn line; a resume of another question is refused.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointPath, readCheckpoint } from './checkpoint.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'bin', 'narcotrace.js');
const dir = mkdtempSync(join(tmpdir(), 'narcotrace-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Fentanyl-like structures keep each record busy (no prefilter), so the run lasts long enough to be killed.
const SHAPES = ['CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'CCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'C1CC(', 'CCO'];
const RECORDS = 4000;

function run(args: string[]): { done: Promise<number>; kill(): void; stderr(): string } {
  const child = spawn(process.execPath, [CLI, 'classify', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return {
    done: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 137 : 1)))),
    kill: () => child.kill('SIGKILL'),
    stderr: () => stderr,
  };
}

describe('bulk classification resumes after kill -9', () => {
  it('finishes with every record exactly once, in order, and no torn line', async () => {
    const input = join(dir, 'in.smi');
    const output = join(dir, 'out.jsonl');
    writeFileSync(input, Array.from({ length: RECORDS }, (_, i) => `${SHAPES[i % SHAPES.length]} rec${i + 1}`).join('\n') + '\n');
    const args = ['--input', input, '--output', output, '--workers', '1', '--no-prefilter', '--quiet', '--as-of', '2025-01-01'];

    const first = run(args);
    // Wait for the first checkpoint, then kill the process without warning.
    let killedAt = -1;
    for (let i = 0; i < 1200; i++) {
      const cp = existsSync(checkpointPath(output)) ? await readCheckpoint(output).catch(() => undefined) : undefined;
      if (cp && cp.records > 0) {
        first.kill();
        killedAt = cp.records;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await first.done).not.toBe(0);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(RECORDS);

    // A different question may not resume this output.
    expect(await run([...args.filter((a) => a !== '2025-01-01'), '2024-01-01', '--resume']).done).toBe(2);

    const resumed = run([...args, '--resume']);
    expect(await resumed.done).toBe(2); // 2: some records are bad SMILES, by design
    // The summary counts the whole output, but its rates are this run's own work only.
    const own = /Classified ([\d,]+) records \(and ([\d,]+) answered before the interruption, 4,000 in all\)/.exec(resumed.stderr());
    expect(own, resumed.stderr()).not.toBeNull();
    expect(Number(own![1].replace(/,/g, '')) + Number(own![2].replace(/,/g, ''))).toBe(RECORDS);
    expect(existsSync(checkpointPath(output))).toBe(false);
    const text = readFileSync(output, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { name: string; ok: boolean });
    expect(lines.map((l) => l.name)).toEqual(Array.from({ length: RECORDS }, (_, i) => `rec${i + 1}`));
    expect(lines.filter((l) => !l.ok)).toHaveLength(RECORDS / SHAPES.length);
  }, 180_000);

  it('refuses --resume without an input file and an output file', async () => {
    expect(await run(['CCO', '--resume']).done).toBe(2);
    expect(await run(['--input', join(dir, 'in.smi'), '--resume']).done).toBe(2);
  });
});
