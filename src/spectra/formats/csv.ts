/**
 * A plain two-column peak list (m/z, intensity), comma-, semicolon- or tab-separated, an optional
 * header row, "#" comments. One file is one spectrum, named after the file. A bad row names its line.
 */
import { problem } from '../../problems.js';
import { checkPeaks, linesOf, type Peak } from '../spectrum.js';
import type { ParseResult, SpectrumFormat } from './port.js';

export const csv: SpectrumFormat = {
  id: 'csv',
  extensions: ['.csv', '.tsv'],
  parse(text: string, file: string): ParseResult {
    const lines = linesOf(text);
    const out: ParseResult = { records: [], problems: [], fatal: false };
    const peaks: Peak[] = [];
    let first = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/#.*/, '').trim();
      if (!line) continue;
      first ||= i + 1;
      const cols = line.split(/\s*[,;\t]\s*|\s+/).filter((c) => c !== '');
      if (cols.length !== 2 || cols.some((c) => Number.isNaN(Number(c.replace(/^"|"$/g, ''))))) {
        if (i + 1 === first && peaks.length === 0 && !/^[-\d.]/.test(cols[0] ?? '')) continue; // header row
        out.problems.push({ file, problem: problem('INVALID_CSV', `${file}, line ${i + 1}: "${line.slice(0, 80)}" is not "m/z, intensity".`, { line: i + 1 }) });
        out.fatal = true; // one spectrum per file: a bad row leaves nothing to import
        return out;
      }
      peaks.push([Number(cols[0].replace(/^"|"$/g, '')), Number(cols[1].replace(/^"|"$/g, ''))]);
    }
    const checked = checkPeaks(peaks, first || 1);
    if (!checked.ok) {
      out.problems.push({ file, problem: { ...checked.problem, message: `${file}: ${checked.problem.message}` } });
      out.fatal = true;
      return out;
    }
    const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    out.records.push({ name, kind: 'EI', peaks: checked.peaks, line: first || 1 });
    return out;
  },
};
