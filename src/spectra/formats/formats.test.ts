/** The format adapters on good and bad input: every bad record named with file and line, a truncated file fatal, nothing partial. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../service.js';
import { checkPeaks, decodeText, parsePeakText } from '../spectrum.js';
import { csv } from './csv.js';
import { formatFor } from './index.js';
import { jcamp } from './jcamp.js';
import { massbank } from './massbank.js';
import { msp } from './msp.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '__fixtures__', name), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('MSP', () => {
  it('reads records with their fields and peaks, whatever the line ends', () => {
    const text = fixture('three.msp').replace(/\n/g, '\r\n');
    const r = msp.parse(text, 'three.msp');
    expect(r.problems).toEqual([]);
    expect(r.fatal).toBe(false);
    expect(r.records.map((x) => x.name)).toEqual(['Fentanyl', 'Unknown thing', 'Acetylfentanyl-like (no key)']);
    expect(r.records[0]).toMatchObject({ inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', formula: 'C22H28N2O', mw: 336, kind: 'EI', line: 1 });
    expect(r.records[0].peaks).toHaveLength(6);
    expect(r.records[1].line).toBe(9);
  });

  it('skips a record whose peak count is wrong or whose peaks are bad, naming the line, and keeps the others', () => {
    const text = [
      'Name: A', 'Num Peaks: 2', '10 5; 11 7', '',
      'Name: B', 'Num Peaks: 3', '10 5; 11 7', '',
      'Name: C', 'Num Peaks: 2', '10 NaN; 11 7', '',
      'Name: D', 'Num Peaks: 2', '10 -5; 11 7', '',
      'Name: E', 'Num Peaks: 2', '0 5; 11 7', '',
      'Name: F', 'Num Peaks: 0', '',
      'Name: G', 'Num Peaks: 1', '20 9',
    ].join('\n');
    const r = msp.parse(text, 'bad.msp');
    expect(r.records.map((x) => x.name)).toEqual(['A', 'G']);
    expect(r.fatal).toBe(false);
    expect(r.problems.map((p) => [p.problem.code, p.problem.where?.line])).toEqual([
      ['INVALID_MSP', 5],
      ['INVALID_PEAK', 11],
      ['INVALID_PEAK', 15],
      ['MZ_OUT_OF_RANGE', 19],
      ['EMPTY_SPECTRUM', 23],
    ]);
    for (const p of r.problems) expect(p.problem.message).toContain('bad.msp');
  });

  it('calls a file that ends inside a peak list truncated, and the import stores nothing', () => {
    const text = fixture('three.msp');
    const cut = text.slice(0, text.indexOf('77 999') + 4);
    const r = msp.parse(cut, 'cut.msp');
    expect(r.fatal).toBe(true);
    expect(r.problems.at(-1)?.problem.message).toMatch(/truncated/);
    const parsed = parseFiles([{ name: 'cut.msp', bytes: bytes(cut) }]);
    expect(parsed.records).toEqual([]);
    expect(parsed.error?.code).toBe('INVALID_MSP');
  });
});

describe('JCAMP-DX', () => {
  it('reads a peak table', () => {
    const r = jcamp.parse(fixture('fentanyl.jdx'), 'fentanyl.jdx');
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toMatchObject({ name: 'Fentanyl', mw: 336, formula: 'C22H28N2O', inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N' });
    expect(r.records[0].peaks).toEqual([[105, 120], [146, 350], [189, 210], [245, 999], [246, 180], [336, 20]]);
  });

  it('reads linked blocks, one spectrum each', () => {
    const inner = fixture('fentanyl.jdx');
    const text = `##TITLE=Two\n##JCAMP-DX=5.01\n##BLOCKS=2\n${inner}${inner.replace('##TITLE=Fentanyl', '##TITLE=Again')}##END=\n`;
    const r = jcamp.parse(text, 'linked.jdx');
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => x.name)).toEqual(['Fentanyl', 'Again']);
  });

  it('calls a file without its ##END= truncated; refuses compressed XYDATA for that record', () => {
    const text = fixture('fentanyl.jdx');
    const r = jcamp.parse(text.slice(0, text.indexOf('##END=')), 'cut.jdx');
    expect(r.fatal).toBe(true);
    expect(r.problems[0].problem).toMatchObject({ code: 'INVALID_JCAMP' });
    expect(r.problems[0].problem.message).toMatch(/truncated/);
    const compressed = jcamp.parse(text.replace('##PEAK TABLE=(XY..XY)', '##XYDATA=(X++(Y..Y))'), 'c.jdx');
    expect(compressed.records).toEqual([]);
    expect(compressed.problems[0].problem.message).toMatch(/not supported/);
  });
});

describe('MassBank', () => {
  it('reads an MS/MS record with its precursor, SMILES and InChIKey', () => {
    const r = massbank.parse(fixture('heroin.massbank.txt'), 'heroin.txt');
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toMatchObject({
      name: 'Diacetylmorphine (Heroin)',
      kind: 'MS2',
      precursorMz: 370.1649,
      precursorType: '[M+H]+',
      inchikey: 'GVGLGOZIDCSQPN-PVHGPHFFSA-N',
      ionMode: 'positive',
      sourceId: 'TEST000001',
    });
    expect(r.records[0].peaks).toHaveLength(4);
  });

  it('calls a record without "//" truncated', () => {
    const text = fixture('heroin.massbank.txt');
    const r = massbank.parse(text.slice(0, text.indexOf('  268.1332')), 'cut.txt');
    expect(r.fatal).toBe(true);
    expect(r.problems[0].problem.code).toBe('INVALID_MASSBANK');
  });
});

describe('CSV and pasted peaks', () => {
  it('reads two columns with a header', () => {
    const r = csv.parse('mz,intensity\n41,10\n43;999\n58\t300\n', 'unknown-1.csv');
    expect(r.records[0]).toMatchObject({ name: 'unknown-1', peaks: [[41, 10], [43, 999], [58, 300]] });
  });

  it('names the line of a bad row', () => {
    const r = csv.parse('41,10\n43,abc\n', 'x.csv');
    expect(r.fatal).toBe(true);
    expect(r.problems[0].problem).toMatchObject({ code: 'INVALID_CSV', where: { line: 2 } });
  });

  it('parses pasted peaks, and refuses odd numbers, NaN and negatives', () => {
    expect(parsePeakText('41 10\n43 999 58 300')).toEqual({ ok: true, peaks: [[41, 10], [43, 999], [58, 300]] });
    expect(parsePeakText('41 10 43')).toMatchObject({ ok: false, problem: { code: 'INVALID_PEAK', where: { line: 1 } } });
    expect(parsePeakText('41 NaN')).toMatchObject({ ok: false, problem: { code: 'INVALID_PEAK' } });
    expect(parsePeakText('41 -3')).toMatchObject({ ok: false, problem: { code: 'INVALID_PEAK' } });
    expect(parsePeakText('')).toMatchObject({ ok: false, problem: { code: 'EMPTY_SPECTRUM' } });
  });
});

describe('bad spectra and encodings', () => {
  it('refuses empty spectra, out-of-range m/z and a million peaks', () => {
    expect(checkPeaks([])).toMatchObject({ ok: false, problem: { code: 'EMPTY_SPECTRUM' } });
    expect(checkPeaks([[50, 0]])).toMatchObject({ ok: false, problem: { code: 'EMPTY_SPECTRUM' } });
    expect(checkPeaks([[-1, 5]])).toMatchObject({ ok: false, problem: { code: 'MZ_OUT_OF_RANGE' } });
    expect(checkPeaks([[20_000, 5]])).toMatchObject({ ok: false, problem: { code: 'MZ_OUT_OF_RANGE' } });
    expect(checkPeaks([[Infinity, 5]])).toMatchObject({ ok: false, problem: { code: 'INVALID_PEAK' } });
    const million = Array.from({ length: 1_000_000 }, (_, i) => [1 + i / 200, 1] as const);
    expect(checkPeaks(million)).toMatchObject({ ok: false, problem: { code: 'TOO_MANY_PEAKS' } });
    const text = `Name: Huge\nNum Peaks: ${million.length}\n${million.map(([m, i]) => `${m} ${i}`).join('\n')}\n`;
    const r = msp.parse(text, 'huge.msp');
    expect(r.records).toEqual([]);
    expect(r.problems[0].problem.code).toBe('TOO_MANY_PEAKS');
  });

  it('merges duplicate m/z and sorts', () => {
    expect(checkPeaks([[50, 3], [40, 1], [50, 7]])).toEqual({ ok: true, peaks: [[40, 1], [50, 7]] });
  });

  it('reads UTF-8 and UTF-16 with a BOM; refuses NUL bytes and invalid UTF-8 unless Latin-1 is asked', () => {
    const text = fixture('three.msp');
    expect(decodeText(bytes('\uFEFF' + text))).toEqual({ ok: true, text });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(utf16)).toEqual({ ok: true, text });
    expect(decodeText(Buffer.from(text, 'utf16le'))).toMatchObject({ ok: false, problem: { code: 'INVALID_ENCODING' } });
    const latin1 = Buffer.from('Name: Caf\xe9ine\nNum Peaks: 1\n10 1\n', 'latin1');
    expect(decodeText(latin1)).toMatchObject({ ok: false, problem: { code: 'INVALID_ENCODING' } });
    expect(decodeText(latin1, { latin1: true })).toEqual({ ok: true, text: 'Name: Caféine\nNum Peaks: 1\n10 1\n' });
    const parsed = parseFiles([{ name: 'latin1.msp', bytes: latin1 }]);
    expect(parsed.error?.code).toBe('INVALID_ENCODING');
    expect(parsed.error?.message).toContain('latin1.msp');
  });

  it('guesses the format from the ending or the content', () => {
    expect(formatFor('a.msp', '')?.id).toBe('msp');
    expect(formatFor('a.jdx', '')?.id).toBe('jcamp');
    expect(formatFor('a.txt', fixture('heroin.massbank.txt'))?.id).toBe('massbank');
    expect(formatFor('a.txt', '41 10\n43 999\n')?.id).toBe('csv');
    expect(formatFor('a.bin', 'hello')).toBeUndefined();
  });
});
