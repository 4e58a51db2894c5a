/** The format adapters behind the one port (./port.ts), and choosing one by name or file ending. */
import { csv } from './csv.js';
import { jcamp } from './jcamp.js';
import { massbank } from './massbank.js';
import { msp } from './msp.js';
import type { FormatId, SpectrumFormat } from './port.js';

export { FORMAT_IDS, type FormatId, type ParseResult, type SpectrumFormat } from './port.js';

export const FORMATS: Readonly<Record<FormatId, SpectrumFormat>> = { msp, jcamp, massbank, csv };

/** The format for a file: the one named, else guessed from the ending, else from the first lines. */
export function formatFor(file: string, text: string, named?: FormatId): SpectrumFormat | undefined {
  if (named) return FORMATS[named];
  const lower = file.toLowerCase();
  for (const f of Object.values(FORMATS)) if (f.id !== 'massbank' && f.extensions.some((e) => lower.endsWith(e))) return f;
  const head = text.slice(0, 4000);
  if (/^##TITLE=/m.test(head)) return jcamp;
  if (/^ACCESSION:/m.test(head) || /^PK\$PEAK:/m.test(text)) return massbank;
  if (/^Name:/im.test(head) && /^Num Peaks:/im.test(text)) return msp;
  if (/^\s*[-\d.]+\s*[,;\t ]\s*[-\d.]+\s*$/m.test(head)) return csv;
  return undefined;
}
