import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, rdkit, withMol } from './rdkit.js';
import { sdfRecord } from './sdf.js';

beforeAll(async () => {
  await loadRDKit();
});

describe('SDF records', () => {
  it('writes a molfile RDKit reads back to the same structure, with titled data items', () => {
    const record = sdfRecord('CCO', 'ethanol', { US_controlled: 'false', note: 'two\nlines' });
    expect(record.endsWith('$$$$\n')).toBe(true);
    expect(record.split('\n')[0]).toBe('ethanol');
    expect(record).toContain('>  <US_controlled>\nfalse\n');
    expect(record).toContain('>  <note>\ntwo lines\n');
    const molblock = record.slice(0, record.indexOf('M  END') + 6);
    const back = withMol(rdkit().get_mol(molblock)!, (m) => m.get_smiles());
    expect(back).toBe('CCO');
  });

  it('keeps a record for a structure it cannot read, with an empty molecule', () => {
    const record = sdfRecord('C1CC(', 'bad', { error: 'INVALID_SMILES' });
    expect(record).toContain('  0  0  0  0  0  0  0  0  0  0999 V2000');
    expect(record).toContain('>  <error>\nINVALID_SMILES\n');
  });
});
