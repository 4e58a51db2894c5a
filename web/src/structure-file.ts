/**
 * Reading a dropped or opened structure file into the text the server classifies. The UI does no
 * chemistry: it only picks the first record of a multi-record file and leaves parsing to the server.
 */
export const MAX_FILE_BYTES = 2_000_000;

export type FileReadResult =
  | { ok: true; text: string; records: number }
  | { ok: false; code: 'FILE_TOO_LARGE' | 'UNSUPPORTED_FILE' | 'EMPTY_FILE' };

const TEXT_EXTENSIONS = ['.mol', '.sdf', '.sd', '.smi', '.smiles', '.txt', '.inchi'];

export function structureFromFileText(name: string, text: string): FileReadResult {
  const lower = name.toLowerCase();
  if (text.trim() === '') return { ok: false, code: 'EMPTY_FILE' };
  if (lower.endsWith('.sdf') || lower.endsWith('.sd') || /\n\$\$\$\$/.test(text)) {
    // SD files separate records with a "$$$$" line; the first record is a molfile.
    const records = text.split(/^\$\$\$\$\s*$/m).filter((r) => r.trim() !== '');
    return { ok: true, text: records[0].replace(/^\s*\n/, ''), records: records.length };
  }
  if (/M {2}END/.test(text)) return { ok: true, text, records: 1 };
  // SMILES/InChI files: one structure per line, optionally followed by a name.
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return { ok: false, code: 'EMPTY_FILE' };
  const first = lines[0].split(/\s+/)[0];
  return { ok: true, text: first, records: lines.length };
}

export function isSupportedFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return TEXT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export async function readStructureFile(file: File): Promise<FileReadResult> {
  if (file.size > MAX_FILE_BYTES) return { ok: false, code: 'FILE_TOO_LARGE' };
  if (!isSupportedFileName(file.name)) return { ok: false, code: 'UNSUPPORTED_FILE' };
  return structureFromFileText(file.name, await file.text());
}
