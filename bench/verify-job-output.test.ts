import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyJobOutput } from './verify-job-output.js';

const dir = mkdtempSync(join(tmpdir(), 'narcotrace-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = join(dir, 'in.smi');
writeFileSync(input, 'CCO m1\nCCN m2\n\nCCO m3\n');
const line = (smiles: string, name: string) => JSON.stringify({ input: smiles, name, ok: true });

function check(output: string, key: 'name' | 'input' = 'name') {
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, output);
  return verifyJobOutput(input, path, key);
}

describe('verifyJobOutput', () => {
  it('passes an output with every record once, in order', async () => {
    const out = `${line('CCO', 'm1')}\n${line('CCN', 'm2')}\n${line('CCO', 'm3')}\n`;
    expect(await check(out)).toMatchObject({ ok: true, records: 3, lines: 3, bytes: Buffer.byteLength(out), problems: [] });
    expect(await check(out, 'input')).toMatchObject({ ok: true });
  });

  it('finds a torn last line', async () => {
    const r = await check(`${line('CCO', 'm1')}\n${line('CCN', 'm2')}\n{"input":"CCO","na`);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/does not end with a line break/);
    expect(r.problems.join('\n')).toMatch(/line 3: not whole JSON/);
  });

  it('finds a repeated record and a missing one', async () => {
    const repeated = await check(`${line('CCO', 'm1')}\n${line('CCO', 'm1')}\n${line('CCN', 'm2')}\n${line('CCO', 'm3')}\n`);
    expect(repeated).toMatchObject({ ok: false, records: 3, lines: 4 });
    expect(repeated.problems[0]).toMatch(/line 2: answers "m1", but input record 2 is "m2"/);
    const missing = await check(`${line('CCO', 'm1')}\n${line('CCN', 'm2')}\n`);
    expect(missing).toMatchObject({ ok: false, records: 3, lines: 2 });
    expect(missing.problems[0]).toMatch(/input record 3 and after have no output line/);
  });

  it('with key "input", matches the echoed SMILES', async () => {
    const r = await check(`${line('CCO', 'x')}\n${line('CCO', 'x')}\n${line('CCO', 'x')}\n`, 'input');
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['output line 2: answers "CCO", but input record 2 is "CCN" (a missing, repeated or reordered record)']);
  });
});
