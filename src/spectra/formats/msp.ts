/**
 * NIST MSP text (as SWGDRUG and NIST distribute libraries): records of "Field: value" lines, then
 * "Num Peaks: n" and n m/z–intensity pairs ("40 42; 41 493;" or one pair per line), records separated
 * by blank lines. A record whose peak count does not match, or whose peaks are bad, is reported with
 * its line and skipped. A file that ends inside a peak list is truncated: fatal.
 */
import { problem } from '../../problems.js';
import { checkPeaks, linesOf, type Peak, type SpectrumRecord } from '../spectrum.js';
import type { ParseResult, SpectrumFormat } from './port.js';

const PAIR = /(-?[\d.eE+-]+|NaN|-?Infinity)[\s,:]+(-?[\d.eE+-]+|NaN|-?Infinity)/g;

export const msp: SpectrumFormat = {
  id: 'msp',
  extensions: ['.msp', '.msl'],
  parse(text: string, file: string): ParseResult {
    const lines = linesOf(text);
    const out: ParseResult = { records: [], problems: [], fatal: false };
    let i = 0;
    while (i < lines.length) {
      while (i < lines.length && lines[i].trim() === '') i++;
      if (i >= lines.length) break;
      const start = i + 1;
      const fields = new Map<string, string[]>();
      let numPeaks: number | undefined;
      let bad: string | undefined;
      // Header fields up to "Num Peaks".
      while (i < lines.length && lines[i].trim() !== '' && numPeaks === undefined) {
        const m = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(lines[i]);
        if (!m) {
          bad ??= `line ${i + 1} is neither "Field: value" nor in a peak list`;
          i++;
          continue;
        }
        const key = m[1].toLowerCase();
        if (key === 'num peaks') {
          const n = Number(m[2].trim());
          if (!Number.isInteger(n) || n < 0) bad ??= `"Num Peaks: ${m[2].trim()}" is not a whole number`;
          numPeaks = Number.isInteger(n) && n >= 0 ? n : 0;
        } else fields.set(key, [...(fields.get(key) ?? []), m[2].trim()]);
        i++;
      }
      const peaks: Peak[] = [];
      const peakLine = i + 1;
      while (i < lines.length && lines[i].trim() !== '') {
        const line = lines[i];
        PAIR.lastIndex = 0;
        let m: RegExpExecArray | null;
        let any = false;
        while ((m = PAIR.exec(line))) {
          any = true;
          peaks.push([Number(m[1]), Number(m[2])]);
        }
        if (!any) bad ??= `line ${i + 1} holds no m/z–intensity pair`;
        i++;
      }
      const name = fields.get('name')?.[0];
      const atEnd = () => {
        for (let k = i; k < lines.length; k++) if (lines[k].trim() !== '') return false;
        return true;
      };
      if (numPeaks === undefined) {
        if (atEnd() && fields.size > 0) {
          out.fatal = true;
          out.problems.push({ file, problem: problem('INVALID_MSP', `${file}: the file ends inside the record that starts on line ${start}, before its "Num Peaks" line: it is truncated.`, { line: start }) });
        } else out.problems.push({ file, problem: problem('INVALID_MSP', `${file}, line ${start}: the record${name ? ` "${name}"` : ''} has no "Num Peaks" line.`, { line: start }) });
        continue;
      }
      if (peaks.length !== numPeaks) {
        const truncated = peaks.length < numPeaks && atEnd();
        if (truncated) out.fatal = true;
        out.problems.push({
          file,
          problem: problem(
            'INVALID_MSP',
            truncated
              ? `${file}: the file ends inside the peak list of "${name ?? '?'}" (line ${start}): ${peaks.length} of ${numPeaks} peaks; it is truncated.`
              : `${file}, line ${start}: "${name ?? '?'}" declares ${numPeaks} peaks but lists ${peaks.length}.`,
            { line: truncated ? lines.length : start },
          ),
        });
        continue;
      }
      if (bad) {
        out.problems.push({ file, problem: problem('INVALID_MSP', `${file}, record at line ${start}: ${bad}.`, { line: start }) });
        continue;
      }
      if (!name) {
        out.problems.push({ file, problem: problem('INVALID_MSP', `${file}, line ${start}: the record has no "Name:" field.`, { line: start }) });
        continue;
      }
      const checked = checkPeaks(peaks, peakLine);
      if (!checked.ok) {
        out.problems.push({ file, problem: { ...checked.problem, message: `${file}, line ${peakLine} ("${name}"): ${checked.problem.message}` } });
        continue;
      }
      const one = (k: string) => fields.get(k)?.[0];
      const num = (k: string) => {
        const v = one(k);
        const n = v === undefined ? NaN : Number(v);
        return Number.isFinite(n) ? n : undefined;
      };
      const precursor = num('precursormz') ?? num('precursor_mz');
      const spectrumType = (one('spectrum_type') ?? one('spectrumtype') ?? '').toUpperCase();
      const inchikey = one('inchikey')?.toUpperCase();
      const record: SpectrumRecord = {
        name,
        kind: precursor !== undefined || spectrumType === 'MS2' ? 'MS2' : 'EI',
        peaks: checked.peaks,
        line: start,
      };
      const synonyms = fields.get('synon');
      if (synonyms?.length) record.synonyms = synonyms;
      if (inchikey && /^[A-Z]{14}(-[A-Z]{10}-[A-Z])?$/.test(inchikey)) record.inchikey = inchikey;
      const smiles = one('smiles');
      if (smiles) record.smiles = smiles;
      const formula = one('formula');
      if (formula) record.formula = formula;
      const mw = num('mw');
      if (mw !== undefined) record.mw = mw;
      const exact = num('exactmass');
      if (exact !== undefined) record.exactMass = exact;
      const cas = one('casno') ?? one('cas#') ?? one('cas');
      if (cas && cas !== '0') record.cas = cas;
      const id = one('id') ?? one('db#');
      if (id) record.sourceId = id;
      if (precursor !== undefined) record.precursorMz = precursor;
      const type = one('precursor_type') ?? one('precursortype');
      if (type) record.precursorType = type;
      const ce = one('collision_energy') ?? one('collisionenergy');
      if (ce) record.collisionEnergy = ce;
      const mode = (one('ion_mode') ?? one('ionmode') ?? '').toLowerCase();
      if (mode.startsWith('p')) record.ionMode = 'positive';
      else if (mode.startsWith('n')) record.ionMode = 'negative';
      out.records.push(record);
    }
    return out;
  },
};
