import { describe, expect, it } from 'vitest';
import { isSupportedFileName, structureFromFileText, structureListFromFileText, structuresFromText } from './structure-file.js';

const MOLBLOCK = `ethanol
  hand-written

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  2  3  1  0
M  END
`;

describe('structureFromFileText', () => {
  it('keeps a molfile whole, including its header lines', () => {
    const r = structureFromFileText('ethanol.mol', MOLBLOCK);
    expect(r).toEqual({ ok: true, text: MOLBLOCK, records: 1 });
  });

  it('takes the first record of an SD file and counts the records', () => {
    const sdf = `${MOLBLOCK}> <NAME>\nethanol\n\n$$$$\n${MOLBLOCK}$$$$\n`;
    const r = structureFromFileText('two.sdf', sdf);
    expect(r.ok && r.records).toBe(2);
    expect(r.ok && r.text.startsWith('ethanol\n')).toBe(true);
    expect(r.ok && r.text.includes('M  END')).toBe(true);
    expect(r.ok && r.text.includes('$$$$')).toBe(false);
  });

  it('takes the first SMILES of a .smi file, without its name', () => {
    const r = structureFromFileText('list.smi', '# header\nCCO ethanol\nCC ethane\n');
    expect(r).toEqual({ ok: true, text: 'CCO', records: 2 });
  });

  it('reads an InChI line', () => {
    const r = structureFromFileText('x.inchi', 'InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3\n');
    expect(r).toEqual({ ok: true, text: 'InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3', records: 1 });
  });

  it('reports an empty file as a value, not an exception', () => {
    expect(structureFromFileText('x.smi', '  \n')).toEqual({ ok: false, code: 'EMPTY_FILE' });
    expect(structureFromFileText('x.smi', '# only a comment\n')).toEqual({ ok: false, code: 'EMPTY_FILE' });
  });
});

describe('isSupportedFileName', () => {
  it('accepts structure text formats and rejects others', () => {
    expect(isSupportedFileName('A.MOL')).toBe(true);
    expect(isSupportedFileName('batch.sdf')).toBe(true);
    expect(isSupportedFileName('photo.png')).toBe(false);
  });
});

describe('structure lists for a bulk job', () => {
  it('takes one structure per line, skipping blank lines and # comments; pasted lines stay whole', () => {
    expect(structuresFromText('CCO\n\n  # a comment\nc1ccccc1 \r\nfentanyl citrate\n')).toEqual(['CCO', 'c1ccccc1', 'fentanyl citrate']);
  });

  it('reads only the SMILES field of a SMILES file line', () => {
    expect(structuresFromText('CCO ethanol\nCC(=O)O\tacetic acid\n', true)).toEqual(['CCO', 'CC(=O)O']);
  });

  it('accepts .smi, .smiles and .txt files and refuses others or empty ones', () => {
    expect(structureListFromFileText('a.smi', 'CCO x\nCCN y')).toEqual({ ok: true, structures: ['CCO', 'CCN'] });
    expect(structureListFromFileText('A.TXT', 'CCO')).toEqual({ ok: true, structures: ['CCO'] });
    expect(structureListFromFileText('a.sdf', 'CCO')).toEqual({ ok: false, code: 'UNSUPPORTED_LIST_FILE' });
    expect(structureListFromFileText('a.smi', '# only a comment\n\n')).toEqual({ ok: false, code: 'EMPTY_FILE' });
  });
});
