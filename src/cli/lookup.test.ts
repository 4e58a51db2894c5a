/** `narcotrace lookup`: output, JSON shape and exit codes, through the same function the command runs. */
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, ProblemError } from '../problems.js';
import { loadRegistry } from '../registry/registry.js';
import type { Registry } from '../registry/types.js';
import { configureLookup, EXIT, runLookup } from './lookup.js';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
});

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(words: string[], options: Record<string, unknown> = {}, load: () => Promise<Registry> = async () => registry) {
  const out = sink();
  const err = sink();
  const code = await runLookup(words, options, { stdout: out.stream, stderr: err.stream, setExitCode: () => {} }, load);
  return { code, out: out.text(), err: err.text() };
}

describe('narcotrace lookup', () => {
  it('prints a readable table with each listing per jurisdiction', async () => {
    const { code, out } = await run(['fentanyl'], { asOf: '2025-01-01' });
    expect(code).toBe(EXIT.found);
    expect(out).toMatch(/^Fentanyl \(芬太尼\)/);
    expect(out).toMatch(/US {2}US-CSA-II +Schedule II — 21 CFR 1308\.12\(c\); since 1971-05-01/);
    expect(out).toMatch(/CN {2}CN-NARCOTIC +麻醉药品/);
  });

  it('prints JSON with --json, words joined (pinyin with spaces)', async () => {
    const { code, out } = await run(['fen', 'tai', 'ni'], { json: true, asOf: '2025-01-01' });
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({ ok: true, query: 'fen tai ni', asOf: '2025-01-01', dataVersion: registry.version });
    expect(doc.matches[0]).toMatchObject({ id: 'fentanyl', matchedBy: 'pinyin', cas: ['437-38-7'] });
    expect(doc.matches[0].listings).toContainEqual(expect.objectContaining({ list: 'US-CSA-II', inEffect: true }));
  });

  it('reports whether a listing is in effect on --as-of', async () => {
    const doc = JSON.parse((await run(['4-AP'], { json: true, asOf: '2019-06-01' })).out);
    expect(doc.matches[0].listings.find((l: { list: string }) => l.list === 'US-LIST-I').inEffect).toBe(false);
    expect((await run(['4-AP'], { asOf: '2019-06-01' })).out).toMatch(/from 2020-05-15 \(not yet in effect on 2019-06-01\)/);
  });

  it('judges "by" dates as classify does (one function, listingDates): MDMA is in UN-1971-I', async () => {
    const doc = JSON.parse((await run(['MDMA'], { json: true, asOf: '2025-01-01' })).out);
    const un = doc.matches[0].listings.find((l: { list: string }) => l.list === 'UN-1971-I');
    expect(un.effective).toMatch(/^by /);
    expect(un).toMatchObject({ inEffect: true });
    expect(un.needsReview).toBeUndefined();
    const before = JSON.parse((await run(['MDMA'], { json: true, asOf: '1980-01-01' })).out).matches[0].listings.find((l: { list: string }) => l.list === 'UN-1971-I');
    expect(before).toMatchObject({ inEffect: false, needsReview: true });
    expect((await run(['MDMA'], { asOf: '2025-01-01' })).out).toMatch(/UN-1971-I .*; in force by \d{4}-\d{2}-\d{2}/);
  });

  it('finds an inorganic substance by its Chinese name and says how it is matched', async () => {
    const { code, out } = await run(['高锰酸钾'], { asOf: '2025-01-01' });
    expect(code).toBe(EXIT.found);
    expect(out).toMatch(/KMnO4 · VZJVWSHVAAUDKD-UHFFFAOYSA-N · inorganic \(matched as a whole\)/);
  });

  it('lists a whole list with --list, class entries included', async () => {
    const { code, out } = await run([], { list: 'US-LIST-I', json: true });
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.list.id).toBe('US-LIST-I');
    expect(doc.substances.map((s: { id: string }) => s.id)).toContain('4-anilinopiperidine');
    expect(doc.classEntries.map((c: { classRule: string }) => c.classRule)).toContain('US-4AP-DERIVATIVES');
    expect((await run([], { list: 'us-list-i' })).out).toMatch(/^US-LIST-I: List I chemicals/);
  });

  it('exits 1 with NOT_FOUND when nothing matches', async () => {
    const { code, out } = await run(['no such substance'], { json: true });
    expect(code).toBe(EXIT.notFound);
    expect(JSON.parse(out)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exits 2 with a stable code for bad input', async () => {
    const cases: [string[], Record<string, unknown>, string][] = [
      [[], {}, 'INVALID_QUERY'],
      [['x'.repeat(10_000)], {}, 'INVALID_QUERY'],
      [['fen\u0007tanyl'], {}, 'INVALID_QUERY'],
      [['437-38-8'], {}, 'CAS_CHECK_DIGIT'],
      [['437-388'], {}, 'CAS_FORMAT'],
      [[], { list: 'US-NOPE' }, 'INVALID_QUERY'],
      [['fentanyl'], { list: 'US-CSA-I' }, 'INVALID_OPTION'],
      [['fentanyl'], { limit: '0' }, 'INVALID_OPTION'],
      [['fentanyl'], { asOf: '2025-02-30' }, 'INVALID_DATE'],
    ];
    for (const [words, options, expected] of cases) {
      const json = await run(words, { ...options, json: true });
      expect(json.code, expected).toBe(EXIT.badInput);
      expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code: expected } });
      const text = await run(words, options);
      expect(text.err).toMatch(new RegExp(`^${expected}: `));
      expect(text.out).toBe('');
    }
  });

  it('exits 3 when the registry data is invalid', async () => {
    const broken = async (): Promise<Registry> => {
      throw new ProblemError(problem('INVALID_DATA', 'data/lists/us/x.yaml:3: bad'));
    };
    const { code, out } = await run(['fentanyl'], { json: true }, broken);
    expect(code).toBe(EXIT.badData);
    expect(JSON.parse(out).error.code).toBe('INVALID_DATA');
  });

  it('wires the options through commander', async () => {
    const out = sink();
    let exit = -1;
    const program = new Command().exitOverride();
    configureLookup(program.command('lookup'), { stdout: out.stream, stderr: sink().stream, setExitCode: (c) => (exit = c) }, async () => registry);
    await program.parseAsync(['node', 'narcotrace', 'lookup', '437-38-7', '--json', '--as-of', '2025-01-01']);
    expect(exit).toBe(0);
    expect(JSON.parse(out.text()).matches[0].id).toBe('fentanyl');
  });
});
