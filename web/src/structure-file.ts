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

// --- Lists of structures for a bulk job ---

/** The most structures one job takes (POST /api/jobs/classify). */
export const MAX_JOB_STRUCTURES = 100_000;
/** A structure list file larger than this is refused before it is read. */
export const MAX_LIST_FILE_BYTES = 20_000_000;
const LIST_EXTENSIONS = ['.smi', '.smiles', '.txt'];

/**
 * The structures of a pasted list: one per line, blank lines and `#` comments skipped. A line is kept
 * whole (a name may have spaces); `fromFile` reads a SMILES file, where a name may follow the SMILES
 * after white space and only the first field is the structure.
 */
export function structuresFromText(text: string, fromFile = false): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    out.push(fromFile ? line.split(/\s+/)[0] : line);
  }
  return out;
}

export type ListFileResult =
  | { ok: true; structures: string[] }
  | { ok: false; code: 'FILE_TOO_LARGE' | 'UNSUPPORTED_LIST_FILE' | 'EMPTY_FILE' };

export function structureListFromFileText(name: string, text: string): ListFileResult {
  if (!LIST_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) return { ok: false, code: 'UNSUPPORTED_LIST_FILE' };
  const structures = structuresFromText(text, true);
  return structures.length ? { ok: true, structures } : { ok: false, code: 'EMPTY_FILE' };
}

export async function readStructureListFile(file: File): Promise<ListFileResult> {
  if (file.size > MAX_LIST_FILE_BYTES) return { ok: false, code: 'FILE_TOO_LARGE' };
  if (!LIST_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext))) return { ok: false, code: 'UNSUPPORTED_LIST_FILE' };
  return structureListFromFileText(file.name, await file.text());
}
