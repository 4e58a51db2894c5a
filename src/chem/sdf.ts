/**
 * SDF records (molfile + data items) from SMILES, for exports that chemistry software opens directly.
 * A structure RDKit cannot read becomes a record with an empty molecule and the data items kept, so
 * the record count always equals the input count.
 */
import { rdkit, withMol } from './rdkit.js';

const EMPTY_MOLBLOCK = '\n     RDKit          2D\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END';

/** Data item values are one line each in SDF; line breaks are folded into spaces. */
function dataValue(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ');
}

export function sdfRecord(smiles: string | null | undefined, title: string, data: Record<string, string>): string {
  let molblock = EMPTY_MOLBLOCK;
  if (smiles) {
    const mol = rdkit().get_mol(smiles);
    if (mol) molblock = withMol(mol, (m) => (m.is_valid() ? m.get_molblock() : EMPTY_MOLBLOCK));
  }
  // The first line of a molfile is its title; RDKit writes an empty one.
  const lines = molblock.replace(/\s+$/, '').split('\n');
  lines[0] = title.replace(/\r?\n|\r/g, ' ').slice(0, 80);
  const items = Object.entries(data).map(([key, value]) => `>  <${key}>\n${dataValue(value)}\n`);
  return `${lines.join('\n')}\n${items.join('\n')}\n$$$$\n`;
}
