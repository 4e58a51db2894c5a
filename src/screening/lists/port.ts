/**
 * The list-import port: one adapter per format of sanctions or denied-party list (./ofac-sdn.ts,
 * ./csv.ts). An adapter reads the file's bytes into plain entries, or reports every bad line and
 * gives nothing (an import is all or nothing).
 */
import type { Problem } from '../../problems.js';

export type IdentifierType = 'registration' | 'uscc' | 'national-id' | 'passport' | 'tax-id' | 'email' | 'website' | 'phone' | 'wallet' | 'ccc' | 'other';

export interface ListName {
  name: string;
  /** 'primary' (the entry's name), or the kind of alias in the list's words. */
  kind: 'primary' | 'aka' | 'fka' | 'nka';
}

export interface ListIdentifier {
  type: IdentifierType;
  /** As written in the list. */
  value: string;
  /** What the list calls it, e.g. "Unified Social Credit Code (USCC)", "Digital Currency Address - XBT". */
  label?: string;
  /** Country the identifier was issued in, where the list says. */
  country?: string;
  /** For a Chinese Commercial Code: the name it spells in Han characters (Unihan kMainlandTelegraph; ../telegraph.ts). */
  decoded?: string;
}

export interface ListEntry {
  /** The list's own id of the entry (OFAC's ent_num). */
  entryId: string;
  name: string;
  type: 'individual' | 'entity' | 'vessel' | 'aircraft';
  programs: string[];
  names: ListName[];
  identifiers: ListIdentifier[];
  addresses: string[];
  countries: string[];
  linkedTo: string[];
  remarks?: string;
  /** The line of the file it was read from. */
  line: number;
}

export type ListParseResult = { ok: true; entries: ListEntry[] } | { ok: false; problems: Problem[] };

export interface ListFormat {
  id: ListFormatId;
  /** The list name stored and shown in hits ("OFAC-SDN"), unless the importer names it. */
  defaultList?: string;
  parse(bytes: Uint8Array): ListParseResult;
}

export type ListFormatId = 'ofac-sdn' | 'csv';
export const LIST_FORMAT_IDS: readonly ListFormatId[] = ['ofac-sdn', 'csv'];

/** At most this many problems are reported for one file. */
export const MAX_PROBLEMS = 50;

/**
 * The text of a list file: UTF-8 when it is valid UTF-8, otherwise Latin-1 (the SDN file's encoding).
 * NUL bytes, or a UTF-16 byte-order mark, are a bad encoding.
 */
export function decodeListText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: Problem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0)) {
    return { ok: false, problem: { code: 'INVALID_LIST_ENCODING', message: 'The file is not Latin-1 or UTF-8 text (it has NUL bytes or a UTF-16 byte-order mark).' } };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { ok: true, text: new TextDecoder('latin1').decode(bytes) };
  }
}

/**
 * Splits CSV text into records of fields (RFC 4180 quoting: "" inside quotes). Records are one line
 * each unless a quoted field spans lines; `line` is where each record starts. An unterminated quote is
 * reported with its line.
 */
export function parseCsv(text: string): { records: { line: number; fields: string[]; raw: string }[]; problem?: Problem } {
  const records: { line: number; fields: string[]; raw: string }[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const start = i;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let inQuotes = false;
    for (;;) {
      if (i >= n) {
        if (inQuotes) return { records, problem: { code: 'INVALID_LIST_RECORD', message: `Line ${startLine}: a quoted field is not closed (the file is truncated).`, where: { line: startLine } } };
        fields.push(quoted ? field : field.trim());
        break;
      }
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && field.trim() === '') {
        inQuotes = true;
        quoted = true;
        field = '';
        i++;
        continue;
      }
      if (c === ',') {
        fields.push(quoted ? field : field.trim());
        field = '';
        quoted = false;
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (c === '\n' || c === '\r') {
        fields.push(quoted ? field : field.trim());
        i++;
        line++;
        break;
      }
      if (quoted) {
        // Text after a closing quote: keep it (lenient), as the SDN file pads with spaces.
        if (c.trim()) field += c;
        i++;
        continue;
      }
      field += c;
      i++;
    }
    const raw = text.slice(start, i);
    if (fields.length === 1 && fields[0].replace(/\u001a/g, '').trim() === '') continue; // blank line or DOS end-of-file mark
    records.push({ line: startLine, fields, raw });
  }
  return { records };
}
