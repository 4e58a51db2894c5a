import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { configureClassify, parseAsOf, parseJurisdictions, renderProfile } from './classify.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

function sink(): Writable & { text: string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text: string };
  Object.defineProperty(w, 'text', { get: () => chunks.join('') });
  return w;
}

/** Runs `narcotrace classify ARGS` in this process with fake standard streams. */
async function classify(args: string[], stdin: string | Buffer = '', colour = false): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  let code = 0;
  const command = configureClassify(new Command('classify').exitOverride(), {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(stdin)]),
    colour,
    setExitCode: (c) => (code = c),
  });
  await command.parseAsync(args, { from: 'user' });
  const lines = stdout.text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout: stdout.text, stderr: stderr.text, lines };
}

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const errorCode = (line: Record<string, unknown>) => (line.error as { code: string } | undefined)?.code;

describe('option parsing', () => {
  it('accepts calendar dates only', () => {
    expect(parseAsOf('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseAsOf('2023-02-29').ok).toBe(false);
    expect(parseAsOf('2024-2-1').ok).toBe(false);
    expect(parseAsOf('yesterday').ok).toBe(false);
  });
  it('accepts US, CN and UN in any case, once each', () => {
    expect(parseJurisdictions('us, CN,us')).toEqual({ ok: true, value: ['US', 'CN'] });
    expect(parseJurisdictions('US,EU').ok).toBe(false);
    expect(parseJurisdictions(',').ok).toBe(false);
  });
});

describe('profile table (NARCOTRACE_PROFILE=1)', () => {
  it('gives µs per record reaching each stage, the share of records reaching it and of worker time, in pipeline order', () => {
    const rows = renderProfile(
      { 'classify.parse': { us: 3000, n: 10 }, 'prefilter.census': { us: 1000, n: 100 }, record: { us: 10000, n: 100 }, 'main.busy': { us: 500, n: 1 } },
      100,
      1,
      2,
    );
    const census = rows.findIndex((r) => r.startsWith('| prefilter: text census'));
    const parse = rows.findIndex((r) => r.startsWith('| classify: parse'));
    expect(census).toBeGreaterThan(0);
    expect(parse).toBeGreaterThan(census);
    expect(rows[census]).toBe('| prefilter: text census (element/ring counts) | 10.0 | 100 | 100.0 | 0.00 | 10.0 | 10.0 |');
    expect(rows[parse]).toBe('| classify: parse | 300.0 | 10 | 10.0 | 0.00 | 30.0 | 30.0 |');
    expect(rows.find((r) => r.startsWith('| main thread busy'))).toContain('| - | - |');
  });
});

describe('narcotrace classify STRUCTURE', () => {
  it('prints the serialised verdict as one JSON line per input, in order', async () => {
    const run = await classify(['--json', '--as-of', '2024-01-01', FENTANYL, 'CCO']);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(2);
    const [fentanyl, ethanol] = run.lines as { input: string; ok: boolean; asOf: string; structure: Record<string, unknown>; jurisdictions: Record<string, unknown>; dataVersion: string }[];
    expect(fentanyl.input).toBe(FENTANYL);
    expect(fentanyl.ok).toBe(true);
    expect(fentanyl.asOf).toBe('2024-01-01');
    expect(fentanyl.structure).toMatchObject({ smiles: FENTANYL, inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', formula: 'C22H28N2O', stripped: [] });
    expect(Object.keys(fentanyl.jurisdictions)).toEqual(['US', 'CN', 'UN']);
    expect(typeof fentanyl.dataVersion).toBe('string');
    expect(ethanol.input).toBe('CCO');
  });

  it('restricts the verdict to --jurisdictions', async () => {
    const run = await classify(['--json', '--jurisdictions', 'cn', 'CCO']);
    expect(Object.keys(run.lines[0].jurisdictions as object)).toEqual(['CN']);
  });

  it('reports stripped salts in the structure', async () => {
    const run = await classify(['--json', `${FENTANYL}.Cl`]);
    expect((run.lines[0].structure as { stripped: string[] }).stripped).toEqual(['Cl']);
  });

  it.each([
    ['', 'EMPTY_INPUT'],
    ['C1CC', 'INVALID_SMILES'],
    ['C(C)(C)(C)(C)C', 'BAD_VALENCE'],
    ['C[Xx]C', 'UNSUPPORTED_ELEMENT'],
    ['C'.repeat(1001), 'TOO_MANY_ATOMS'],
    ['CC\u0000\u0001\u00ff\ufffdO', 'BINARY_INPUT'],
  ])('gives an ok:false line with a stable code and exit 2 for bad input (%#: %s)', async (input, code) => {
    const run = await classify(['--json', input]);
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({ input, ok: false });
    expect(errorCode(run.lines[0])).toBe(code);
    expect(typeof (run.lines[0].error as { message: string }).message).toBe('string');
  });

  it('classifies the other inputs when one is bad, and exits 2', async () => {
    const run = await classify(['--json', 'CCO', 'C1CC', 'CCN']);
    expect(run.code).toBe(2);
    expect(run.lines.map((l) => l.ok)).toEqual([true, false, true]);
  });

  it('reads one structure (a molfile, too) from stdin with "-"', async () => {
    const molfile = readFileSync(new URL('./bulk/__fixtures__/small.sdf', import.meta.url), 'utf8').split('$$$$')[1].replace(/^\n/, '');
    const run = await classify(['--json', '-'], molfile);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatchObject({ ok: true, structure: { smiles: 'CCO' } });
  });

  it('rejects 10 MB on stdin with INPUT_TOO_LARGE, echoing only the start of it', async () => {
    const run = await classify(['--json', '-'], 'C'.repeat(10 * 1024 * 1024));
    expect(run.code).toBe(2);
    expect(errorCode(run.lines[0])).toBe('INPUT_TOO_LARGE');
    expect((run.lines[0].error as { message: string }).message).toContain('10,485,760');
    expect(run.stdout.length).toBeLessThan(2000);
  });

  it.each([
    [['--as-of', '2024-13-01', 'CCO'], 'INVALID_DATE'],
    [['--jurisdictions', 'US,EU', 'CCO'], 'UNKNOWN_JURISDICTION'],
    [['--workers', 'many', '--input', 'x.smi'], 'INVALID_OPTION'],
    [['--input', '/nonexistent/file.smi'], 'FILE_NOT_FOUND'],
    [[], 'EMPTY_INPUT'],
  ])('rejects bad options with a stable code and exit 2 (%#)', async (args, code) => {
    const run = await classify(['--json', ...args]);
    expect(run.code).toBe(2);
    expect(errorCode(run.lines[0])).toBe(code);
    expect(run.stderr).toContain(code);
  });

  it('prints a readable table without --json, coloured only when asked', async () => {
    const plain = await classify([FENTANYL, 'C1CC']);
    expect(plain.stdout).toContain('InChIKey  PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    expect(plain.stdout).toContain('Formula   C22H28N2O');
    for (const j of ['US', 'CN', 'UN']) expect(plain.stdout).toMatch(new RegExp(`^  ${j}  (CONTROLLED|not controlled)`, 'm'));
    expect(plain.stdout).toContain('error INVALID_SMILES');
    expect(plain.stdout).not.toContain('\x1b[');
    const coloured = await classify([FENTANYL], '', true);
    expect(coloured.stdout).toContain('\x1b[');
  });
});

describe('narcotrace classify --input FILE (bulk)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-bulk-'));
  const fixture = readFileSync(new URL('../law/__fixtures__/prefilter-soundness.smi', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  // Enough records for several chunks per worker, with bad records spread through the file.
  const records: string[] = [];
  for (let i = 0; i < 12; i++) records.push(...fixture, 'C1CC broken ring', 'C(C)(C)(C)(C)C bad valence', '[Xx] no element');
  const smiPath = join(dir, 'input.smi');
  writeFileSync(smiPath, records.join('\n') + '\n');

  async function bulk(extra: string[], path = smiPath) {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}.jsonl`);
    const run = await classify(['--input', path, '--output', out, '--quiet', '--as-of', '2025-01-01', ...extra]);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { ...run, lines };
  }

  it('writes one line per record in input order, bad records as ok:false lines with where, and a summary on stderr', async () => {
    const run = await bulk(['--workers', '2']);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(records.length);
    run.lines.forEach((line, i) => expect(line.input).toBe(records[i].split(' ')[0]));
    const bad = run.lines.filter((l) => !l.ok);
    expect(bad).toHaveLength(36);
    expect((bad[0].error as { where: { line: number; record: number } }).where).toEqual({ line: fixture.length + 1, record: fixture.length + 1 });
    expect(run.lines[0].name).toBe('fentanyl');
    expect(run.stderr).toContain(`Classified ${records.length.toLocaleString('en')} records`);
    expect(run.stderr).toMatch(/errors 36/);
    expect(run.stderr).toMatch(/controlled \(as of 2025-01-01\): US \d+, CN \d+, UN \d+/);
  });

  it('settles look-alikes without parsing, and agrees with --no-prefilter on every verdict', async () => {
    const fast = await bulk(['--workers', '2']);
    const full = await bulk(['--workers', '1', '--no-prefilter']);
    expect(fast.lines.some((l) => l.screenedOut === true && l.structure === null)).toBe(true);
    expect(full.lines.some((l) => l.screenedOut)).toBe(false);
    type Line = { ok: boolean; jurisdictions?: Record<string, { controlled: boolean; findings: { rule: string }[] }> };
    const summary = (l: Line) => (l.ok ? Object.entries(l.jurisdictions!).map(([j, v]) => `${j}:${v.controlled}:${v.findings.map((f) => f.rule).sort().join('+')}`) : 'error');
    const differing = (fast.lines as Line[])
      .map((l, i) => ({ input: records[i], fast: summary(l), full: summary(full.lines[i] as Line) }))
      .filter((d) => JSON.stringify(d.fast) !== JSON.stringify(d.full))
      .map((d) => `${d.input}: prefilter ${JSON.stringify(d.fast)} vs full ${JSON.stringify(d.full)}`);
    expect([...new Set(differing)]).toEqual([]);
  });

  it('classifies in the main thread with --workers 0 and writes to stdout without --output', async () => {
    const small = join(dir, 'small.smi');
    writeFileSync(small, `CCO ethanol\n${FENTANYL} fentanyl\nC1CC\n`);
    const run = await classify(['--input', small, '--workers', '0', '--quiet']);
    expect(run.lines.map((l) => l.ok)).toEqual([true, true, false]);
    expect(run.stderr).toMatch(/Classified 3 records/);
  });

  it('reads SDF records, naming lines by the title', async () => {
    const run = await bulk(['--workers', '1'], new URL('./bulk/__fixtures__/small.sdf', import.meta.url).pathname);
    expect(run.lines.map((l) => [l.name, l.ok])).toEqual([
      ['fentanyl', true],
      ['ethanol', true],
      ['methamphetamine', true],
      ['broken', false],
    ]);
    expect(errorCode(run.lines[3])).toBe('INVALID_MOLFILE');
  });

  it('reads CSV with a smiles column or --column', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, `name,smiles\nethanol,CCO\n"fentanyl, base",${FENTANYL}\n`);
    const run = await bulk(['--workers', '1'], csv);
    expect(run.lines.map((l) => l.name)).toEqual(['ethanol', 'fentanyl, base']);
    const other = join(dir, 'other.csv');
    writeFileSync(other, `id,structure\n1,CCO\n`);
    expect((await bulk(['--workers', '1', '--column', 'structure'], other)).lines).toHaveLength(1);
    const missing = await classify(['--input', other, '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('INVALID_RECORD');
  });

  it('reads SMILES lines from stdin with --input -', async () => {
    const run = await classify(['--input', '-', '--workers', '1', '--quiet'], 'CCO\nCCN\n');
    expect(run.lines.map((l) => l.input)).toEqual(['CCO', 'CCN']);
  });

  it('turns a 10 MB line into one INPUT_TOO_LARGE line and goes on', async () => {
    const big = join(dir, 'big.smi');
    writeFileSync(big, 'C'.repeat(10 * 1024 * 1024) + '\nCCO\n');
    const run = await bulk(['--workers', '1'], big);
    expect(run.lines).toHaveLength(2);
    expect(errorCode(run.lines[0])).toBe('INPUT_TOO_LARGE');
    expect((run.lines[0].error as { where: unknown }).where).toEqual({ line: 1, record: 1 });
    expect(run.lines[1].ok).toBe(true);
  });

  it('rejects a file whose format it cannot tell', async () => {
    const odd = join(dir, 'input.xyz');
    writeFileSync(odd, 'CCO\n');
    const run = await classify(['--input', odd]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('UNSUPPORTED_FORMAT');
  });
});
