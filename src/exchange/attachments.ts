/**
 * Attachments of an incident: spectra files and photos. The one place that sets their size limit and
 * decides whether bytes are what their declared content type says: a type must be on the list below
 * AND the bytes must carry that type's signature (PNG, JPEG and PDF magic bytes; for the spectra text
 * formats, UTF-8 text without control characters or markup whose content has the format's marks). So
 * a PNG declared as PDF, an HTML page declared as anything, or an executable is refused. Pure.
 */
import { z } from 'zod';
import { problem, type Problem } from '../problems.js';
import { BiText, Line } from './model.js';
import './problems.js';

/** The largest attachment (decoded bytes). Change it here: the API's body limit follows from it. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** The largest upload body: the base64 of the largest attachment plus room for the other fields. */
export const MAX_ATTACHMENT_BODY_BYTES = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024;

/** The accepted content types and what each is. */
export const ATTACHMENT_TYPES = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'application/pdf': 'PDF document',
  'chemical/x-jcamp-dx': 'JCAMP-DX spectrum',
  'chemical/x-msp': 'NIST MSP mass spectra',
  'chemical/x-massbank': 'MassBank record',
  'text/csv': 'CSV peak list (m/z or wavenumber, intensity)',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_KINDS = ['spectrum', 'photo', 'document'] as const;

const FILENAME = /^[^/\\\u0000-\u001F\u007F:*?"<>|]+$/;

/** An upload (JSON): the file's bytes in base64 with its declared type. */
export const AttachmentInput = z
  .object({
    filename: Line(200).refine((s) => FILENAME.test(s) && s !== '.' && s !== '..', 'must be a file name without a path or the characters / \\ : * ? " < > |'),
    contentType: z.string().max(100).describe(`One of: ${Object.keys(ATTACHMENT_TYPES).join(', ')}.`),
    kind: z.enum(ATTACHMENT_KINDS).default('spectrum'),
    sample: Line(200).optional().describe('The label of the incident’s sample it belongs to (e.g. its spectrum).'),
    description: BiText.optional(),
    data: z.string().min(1).describe(`The file, base64 (at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB decoded).`),
  })
  .strict();
export type AttachmentInput = z.infer<typeof AttachmentInput>;

/** What is shown of an attachment (its bytes are fetched on their own). */
export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: AttachmentType;
  kind: (typeof ATTACHMENT_KINDS)[number];
  sample: string | null;
  description: BiText | null;
  size: number;
  sha256: string;
  createdAt: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict base64 (no whitespace, no URL alphabet), or a problem naming `data`. */
export function decodeBase64(data: string): { ok: true; bytes: Buffer } | { ok: false; problem: Problem } {
  // The size is checked from the length first, so an oversized upload is not decoded.
  const decodedLength = Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (decodedLength > MAX_ATTACHMENT_BYTES) return { ok: false, problem: tooLarge(decodedLength) };
  if (data.length % 4 !== 0 || !BASE64.test(data)) return { ok: false, problem: problem('INVALID_REQUEST', 'data: must be the file in base64.', { field: 'data' }) };
  return { ok: true, bytes: Buffer.from(data, 'base64') };
}

function tooLarge(size: number, max = MAX_ATTACHMENT_BYTES): Problem {
  return problem('INPUT_TOO_LARGE', `The attachment is ${size} bytes; at most ${max} bytes (${(max / 1024 / 1024).toFixed(0)} MiB) are accepted.`, { field: 'data' });
}

const startsWith = (bytes: Buffer, magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** Which binary type the bytes' magic says, if any. */
function binaryTypeOf(bytes: Buffer): AttachmentType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return undefined;
}

const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const MARKUP = /<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|img|meta|style|a\s)/i;

/** Which spectra text type the text has the marks of, if any. */
function textTypeOf(text: string): AttachmentType | undefined {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (/^##TITLE=/i.test(body) && /^##JCAMP-DX=/im.test(body)) return 'chemical/x-jcamp-dx';
  if (/^ACCESSION:\s*\S+/.test(body) && /^PK\$PEAK:/m.test(body)) return 'chemical/x-massbank';
  if (/^NAME:\s*\S+/i.test(body) && /^NUM PEAKS:\s*\d+/im.test(body)) return 'chemical/x-msp';
  const lines = body.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const numeric = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*[,;\t]\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;
  const rows = lines.filter((l) => numeric.test(l));
  if (rows.length > 0 && rows.length >= lines.length - 1 && (rows.length === lines.length || !numeric.test(lines[0]))) return 'text/csv';
  return undefined;
}

/**
 * Checks an attachment's bytes against its declared type: the type must be accepted and the bytes
 * must be of that type. UNSUPPORTED_FORMAT names `contentType` (not accepted) or `data` (the bytes
 * are another type, or no accepted type at all).
 */
export function checkAttachment(bytes: Buffer, declared: string, max = MAX_ATTACHMENT_BYTES): { ok: true; contentType: AttachmentType } | { ok: false; problem: Problem } {
  if (bytes.length > max) return { ok: false, problem: tooLarge(bytes.length, max) };
  if (bytes.length === 0) return { ok: false, problem: problem('INVALID_REQUEST', 'data: the file is empty.', { field: 'data' }) };
  const type = declared.split(';')[0].trim().toLowerCase();
  if (!(type in ATTACHMENT_TYPES))
    return { ok: false, problem: problem('UNSUPPORTED_FORMAT', `contentType: ${declared.slice(0, 100)} is not accepted; attach one of ${Object.keys(ATTACHMENT_TYPES).join(', ')}.`, { field: 'contentType' }) };
  let actual = binaryTypeOf(bytes);
  let what = actual ? ATTACHMENT_TYPES[actual] : 'not a file of an accepted type';
  if (!actual) {
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    if (text === undefined) what = 'binary data of no accepted type';
    else if (MARKUP.test(text)) what = 'HTML or other markup';
    else if (TEXT_CONTROL.test(text)) what = 'text with control characters';
    else {
      actual = textTypeOf(text);
      if (!actual) what = 'text that is not JCAMP-DX, MSP, MassBank or a CSV peak list';
    }
  }
  if (actual !== type)
    return {
      ok: false,
      problem: problem('UNSUPPORTED_FORMAT', `data: the file is declared as ${type} (${ATTACHMENT_TYPES[type as AttachmentType]}) but its content is ${actual ? `a ${ATTACHMENT_TYPES[actual]} (${actual})` : what}.`, { field: 'data' }),
    };
  return { ok: true, contentType: actual };
}

/** A content-disposition header value for `filename` (ASCII fallback and RFC 5987 UTF-8 form). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
