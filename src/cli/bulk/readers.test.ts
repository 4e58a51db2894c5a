import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../chem/structure.js';
import { CsvHeaderError, formatFromPath, readCsv, readLines, readSdf, readSmiles, type BulkRecord } from './readers.js';

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

/** Feeds text in chunks of `size` characters, to exercise records cut across chunk boundaries. */
async function* chunks(text: string, size = 1): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('formatFromPath', () => {
  it('tells formats by extension', () => {
    expect(formatFromPath('a.smi')).toBe('smi');
    expect(formatFromPath('a.SMILES')).toBe('smi');
    expect(formatFromPath('a.txt')).toBe('smi');
    expect(formatFromPath('a.sdf')).toBe('sdf');
    expect(formatFromPath('a.sd')).toBe('sdf');
    expect(formatFromPath('a.csv')).toBe('csv');
    expect(formatFromPath('a.xlsx')).toBeUndefined();
  });
});

describe('readLines', () => {
  it('splits LF and CRLF, keeps a last line without newline, and decodes UTF-8 cut across chunks', async () => {
    const lines = await collect(readLines(chunks('a\r\nbé\nc', 1), 100));
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'a'],
      [2, 'bé'],
      [3, 'c'],
    ]);
  });
  it('keeps at most the cap of an overlong line and reports its length', async () => {
    const [line, next] = await collect(readLines(chunks('x'.repeat(50) + '\nok\n', 7), 10));
    expect(line.text).toBe('x'.repeat(10));
    expect(line.overlong).toBe(40);
    expect(next.text).toBe('ok');
  });
});

describe('readSmiles', () => {
  it('reads SMILES with optional titles, skipping blank and comment lines', async () => {
    const records = await collect(readSmiles(chunks('# header\nCCO ethanol\n\n  c1ccccc1\tbenzene ring  \nC1CC1 |$R1;;$| cyclopropane\nCN\n', 3)));
    expect(records).toEqual([
      { record: 1, line: 2, text: 'CCO', name: 'ethanol' },
      { record: 2, line: 4, text: 'c1ccccc1', name: 'benzene ring' },
      { record: 3, line: 5, text: 'C1CC1 |$R1;;$|', name: 'cyclopropane' },
      { record: 4, line: 6, text: 'CN' },
    ]);
  });
  it('turns a line longer than the limit into a record with INPUT_TOO_LARGE, and goes on', async () => {
    const records = await collect(readSmiles(chunks('C'.repeat(LIMITS.maxLineChars * 3) + '\nCCO\n', 65536)));
    expect(records[0].problem?.code).toBe('INPUT_TOO_LARGE');
    expect(records[0].text.length).toBeLessThan(100);
    expect(records[1]).toEqual({ record: 2, line: 2, text: 'CCO' });
  });
});

describe('readSdf', () => {
  it('splits records on $$$$, names them by their title line and flags a record without M  END', async () => {
    const records = await collect(readSdf(createReadStream(new URL('./__fixtures__/small.sdf', import.meta.url))));
    expect(records.map((r) => [r.record, r.name, r.problem?.code])).toEqual([
      [1, 'fentanyl', undefined],
      [2, 'ethanol', undefined],
      [3, 'methamphetamine', undefined],
      [4, 'broken', 'INVALID_MOLFILE'],
    ]);
    expect(records[0].line).toBe(1);
    expect(records[1].line).toBeGreaterThan(25);
    expect(records[0].text).toMatch(/M {2}END/);
  });
  it('keeps a record whose title line is blank', async () => {
    const block = '\n     RDKit          2D\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n$$$$\n';
    const records = await collect(readSdf(chunks(block + block, 5)));
    expect(records).toHaveLength(2);
    expect(records[0].name).toBeUndefined();
    expect(records[0].text.startsWith('\n')).toBe(true);
  });
});

describe('readCsv', () => {
  const csv = 'id,SMILES,note\r\n1,CCO,plain\n2,"c1ccccc1","a ""quoted"", note"\n3,"CN","line one\nline two"\n\n4,C1CC1\n';
  it.each([1, 2, 3, 1000])('reads quoted fields, escaped quotes and newlines in quotes (chunks of %i bytes)', async (size) => {
    const records = await collect(readCsv(chunks(csv, size)));
    expect(records.map((r: BulkRecord) => [r.record, r.line, r.text, r.name])).toEqual([
      [1, 2, 'CCO', '1'],
      [2, 3, 'c1ccccc1', '2'],
      [3, 4, 'CN', '3'],
      [4, 7, 'C1CC1', '4'],
    ]);
  });
  it('uses --column and reports a missing column as INVALID_RECORD', async () => {
    const records = await collect(readCsv(chunks('structure,name\nCCO,ethanol\n', 4), { column: 'structure' }));
    expect(records).toEqual([{ record: 1, line: 2, text: 'CCO', name: 'ethanol' }]);
    await expect(collect(readCsv(chunks('a,b\n1,2\n'), {}))).rejects.toBeInstanceOf(CsvHeaderError);
  });
  it('reports a short row as a record with a problem', async () => {
    const records = await collect(readCsv(chunks('name,x,smiles\nfoo,1\n', 100)));
    expect(records[0].problem?.code).toBe('INVALID_RECORD');
  });
});
