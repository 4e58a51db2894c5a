/** The attachment check: accepted types by their bytes as well as their declared type; the size limit. */
import { describe, expect, it } from 'vitest';
import { checkAttachment, contentDisposition, decodeBase64, MAX_ATTACHMENT_BYTES } from './attachments.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1');
const text = (s: string) => Buffer.from(s, 'utf8');
const MSP = 'Name: Fentanyl\nFormula: C22H28N2O\nNum Peaks: 3\n245 999; 189 450; 146 120\n';
const MASSBANK = 'ACCESSION: MSBNK-TEST-000001\nRECORD_TITLE: Fentanyl; LC-ESI-QTOF; MS2\nPK$PEAK: m/z int. rel.int.\n  188.1434 1000 999\n//\n';
const JCAMP = '\uFEFF##TITLE=fentanyl\n##JCAMP-DX=5.01\n##XYDATA=(X++(Y..Y))\n##END=\n';
const CSV = 'm/z,intensity\n43,120\n245.1,999\n';

describe('checkAttachment', () => {
  it('accepts each accepted type when its bytes match', () => {
    const cases: [Buffer, string][] = [
      [PNG, 'image/png'],
      [JPEG, 'image/jpeg'],
      [PDF, 'application/pdf'],
      [text(JCAMP), 'chemical/x-jcamp-dx'],
      [text(MSP), 'chemical/x-msp'],
      [text(MASSBANK), 'chemical/x-massbank'],
      [text(CSV), 'text/csv; charset=utf-8'],
    ];
    for (const [bytes, type] of cases) expect(checkAttachment(bytes, type), type).toEqual({ ok: true, contentType: type.split(';')[0] });
  });

  it('refuses a mismatch, markup, binary junk, an unaccepted type, an empty or oversized file', () => {
    const code = (bytes: Buffer, type: string, max?: number) => {
      const r = checkAttachment(bytes, type, max);
      return r.ok ? 'ok' : `${r.problem.code} ${r.problem.where?.field}`;
    };
    expect(code(PNG, 'application/pdf')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(PDF, 'image/png')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(text(MSP), 'chemical/x-jcamp-dx')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(text('<html><script>alert(1)</script></html>'), 'text/html')).toBe('UNSUPPORTED_FORMAT contentType');
    expect(code(text('<html><body>43,120</body></html>'), 'text/csv')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(text(`${CSV}<script>alert(1)</script>\n`), 'text/csv')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(text('<svg onload=alert(1)>'), 'image/png')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(Buffer.from([0x4d, 0x5a, 0x90, 0x00]), 'text/csv')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(text('43,120\u0000\n'), 'text/csv')).toBe('UNSUPPORTED_FORMAT data');
    expect(code(Buffer.alloc(0), 'image/png')).toBe('INVALID_REQUEST data');
    expect(code(Buffer.concat([PNG, Buffer.alloc(100)]), 'image/png', 50)).toBe('INPUT_TOO_LARGE data');
  });

  it('decodes strict base64 only, and refuses an oversized one before decoding', () => {
    expect(decodeBase64(PNG.toString('base64'))).toEqual({ ok: true, bytes: PNG });
    for (const bad of ['abc', 'ab!=', 'YWJj\nZGVm', 'YW-_']) expect(decodeBase64(bad).ok, bad).toBe(false);
    const big = decodeBase64('A'.repeat(Math.ceil((MAX_ATTACHMENT_BYTES + 3) / 3) * 4));
    expect(big.ok || big.problem.code).toBe('INPUT_TOO_LARGE');
  });

  it('names the file for download safely', () => {
    expect(contentDisposition('光谱 "1".jdx')).toBe('attachment; filename="__ _1_.jdx"; filename*=UTF-8\'\'%E5%85%89%E8%B0%B1%20%221%22.jdx');
  });
});
