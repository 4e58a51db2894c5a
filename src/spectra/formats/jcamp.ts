/**
 * JCAMP-DX mass spectra (DATA TYPE=MASS SPECTRUM): labelled data records "##LABEL=value", the peaks
 * in "##PEAK TABLE=(XY..XY)" or "##XYPOINTS=(XY..XY)" as "x,y" pairs, each block closed by "##END=".
 * Linked files (##BLOCKS=) hold one spectrum per inner block.
 *
 * Written here rather than taken from jcampconverter: that package is built for continuous spectra
 * (IR, NMR; ASDF-compressed XYDATA), pulls in a numeric stack, and reports neither the line of a bad
 * record nor a truncated file (it returns what it read). Mass spectra in JCAMP use only the plain
 * XY-pair forms above; a compressed (X++(Y..Y)) table is reported as unsupported for that record.
 */
import { problem } from '../../problems.js';
import { checkPeaks, linesOf, type Peak, type SpectrumRecord } from '../spectrum.js';
import type { ParseResult, SpectrumFormat } from './port.js';

interface Block {
  start: number;
  labels: Map<string, string>;
  peaks: Peak[];
  peakLine?: number;
  hasTable: boolean;
  bad?: string;
}

const canon = (label: string) => label.toUpperCase().replace(/[\s\-/_]/g, '');

export const jcamp: SpectrumFormat = {
  id: 'jcamp',
  extensions: ['.jdx', '.dx', '.jcamp', '.jcm'],
  parse(text: string, file: string): ParseResult {
    const lines = linesOf(text);
    const out: ParseResult = { records: [], problems: [], fatal: false };
    const stack: Block[] = [];
    let table: 'xy' | 'unsupported' | undefined;
    const fail = (line: number, message: string) => out.problems.push({ file, problem: problem('INVALID_JCAMP', `${file}, line ${line}: ${message}`, { line }) });

    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const line = raw.replace(/\$\$.*$/, '').trim(); // "$$" starts a comment
      if (!line) continue;
      const m = /^##([^=]*)=(.*)$/.exec(line);
      if (!m) {
        const block = stack[stack.length - 1];
        if (!block) {
          fail(i + 1, 'text outside any ##TITLE= block.');
          continue;
        }
        if (table === 'xy') {
          const numbers = line.split(/[\s,;]+/).filter(Boolean);
          if (numbers.length % 2 !== 0) block.bad ??= `line ${i + 1}: "${line.slice(0, 60)}" does not hold x,y pairs`;
          else for (let k = 0; k < numbers.length; k += 2) block.peaks.push([Number(numbers[k]), Number(numbers[k + 1])]);
        }
        continue;
      }
      const label = canon(m[1]);
      const value = m[2].trim();
      table = undefined;
      if (label === 'TITLE') {
        stack.push({ start: i + 1, labels: new Map([['TITLE', value]]), peaks: [], hasTable: false });
        continue;
      }
      const block = stack[stack.length - 1];
      if (!block) {
        fail(i + 1, `##${m[1]}= before any ##TITLE=.`);
        continue;
      }
      if (label === 'END') {
        stack.pop();
        finish(block, i + 1);
        continue;
      }
      if (label === 'PEAKTABLE' || label === 'XYPOINTS' || label === 'XYDATA') {
        block.hasTable = true;
        block.peakLine = i + 2;
        const form = value.replace(/\s/g, '').toUpperCase();
        if (form === '(XY..XY)' || form === '(XYW..XYW)' || form === '(XY...XY)') table = 'xy';
        else {
          table = 'unsupported';
          block.bad ??= `the table form ${value} is not supported for mass spectra (use (XY..XY))`;
        }
        continue;
      }
      block.labels.set(label, value);
    }
    if (stack.length) {
      out.fatal = true;
      fail(lines.length, `the file ends inside the block "${stack[stack.length - 1].labels.get('TITLE') ?? '?'}" (line ${stack[stack.length - 1].start}) without ##END=: it is truncated.`);
    }
    return out;

    function finish(block: Block, endLine: number): void {
      const title = block.labels.get('TITLE') ?? '';
      if (!block.hasTable) {
        if (!block.labels.has('BLOCKS')) fail(block.start, `the block "${title}" (to line ${endLine}) has no ##PEAK TABLE= or ##XYPOINTS=.`);
        return;
      }
      const type = (block.labels.get('DATATYPE') ?? 'MASS SPECTRUM').toUpperCase();
      if (!type.includes('MASS')) return void fail(block.start, `the block "${title}" is a ${type}, not a mass spectrum.`);
      if (block.bad) return void fail(block.start, `"${title}": ${block.bad}.`);
      const checked = checkPeaks(block.peaks, block.peakLine);
      if (!checked.ok) return void out.problems.push({ file, problem: { ...checked.problem, message: `${file}, line ${block.peakLine} ("${title}"): ${checked.problem.message}` } });
      const get = (...labels: string[]) => labels.map((l) => block.labels.get(l)).find((v) => v !== undefined && v !== '');
      const num = (...labels: string[]) => {
        const v = get(...labels);
        const n = v === undefined ? NaN : Number(v);
        return Number.isFinite(n) ? n : undefined;
      };
      const record: SpectrumRecord = { name: title || get('NAMES', 'CASNAME') || `block at line ${block.start}`, kind: 'EI', peaks: checked.peaks, line: block.start };
      const inchikey = get('$INCHIKEY', 'INCHIKEY')?.toUpperCase();
      if (inchikey && /^[A-Z]{14}(-[A-Z]{10}-[A-Z])?$/.test(inchikey)) record.inchikey = inchikey;
      const smiles = get('$SMILES', 'SMILES');
      if (smiles) record.smiles = smiles;
      const formula = get('MOLFORM');
      if (formula) record.formula = formula.replace(/\s+/g, '');
      const mw = num('MW');
      if (mw !== undefined) record.mw = mw;
      const cas = get('CASREGISTRYNO');
      if (cas) record.cas = cas;
      const precursor = num('$PRECURSORMZ', '.PRECURSORMZ', '$PRECURSOR MZ');
      if (precursor !== undefined) {
        record.precursorMz = precursor;
        record.kind = 'MS2';
      }
      out.records.push(record);
    }
  },
};
