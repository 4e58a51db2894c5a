/**
 * MassBank record format: "TAG: value" lines (CH$NAME, CH$SMILES, CH$LINK: INCHIKEY …,
 * AC$MASS_SPECTROMETRY: MS_TYPE / ION_MODE / COLLISION_ENERGY, MS$FOCUSED_ION: PRECURSOR_M/Z …),
 * then "PK$NUM_PEAK: n", "PK$PEAK: m/z int. rel.int." and n indented lines, and "//" to close the
 * record. A file may hold several records. A record not closed by "//" means a truncated file: fatal.
 */
import { problem } from '../../problems.js';
import { checkPeaks, linesOf, type Peak, type SpectrumRecord } from '../spectrum.js';
import type { ParseResult, SpectrumFormat } from './port.js';

export const massbank: SpectrumFormat = {
  id: 'massbank',
  extensions: ['.txt', '.mb'],
  parse(text: string, file: string): ParseResult {
    const lines = linesOf(text);
    const out: ParseResult = { records: [], problems: [], fatal: false };
    const fail = (line: number, message: string) => out.problems.push({ file, problem: problem('INVALID_MASSBANK', `${file}, line ${line}: ${message}`, { line }) });
    let start = -1;
    let tags = new Map<string, string[]>();
    let peaks: Peak[] = [];
    let inPeaks = false;
    let peakLine = 0;
    let bad: string | undefined;
    const reset = () => {
      start = -1;
      tags = new Map();
      peaks = [];
      inPeaks = false;
      bad = undefined;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if (start < 0) start = i + 1;
      if (line.trim() === '//') {
        close(i + 1);
        reset();
        continue;
      }
      if (/^\s/.test(line)) {
        if (!inPeaks) continue; // annotation tables and other indented continuations
        const cols = line.trim().split(/\s+/);
        if (cols.length < 2) bad ??= `line ${i + 1}: "${line.trim()}" is not "m/z intensity [rel.int.]"`;
        else peaks.push([Number(cols[0]), Number(cols[1])]);
        continue;
      }
      inPeaks = false;
      const m = /^([A-Z0-9$_]+):\s?(.*)$/.exec(line);
      if (!m) {
        bad ??= `line ${i + 1} is not "TAG: value"`;
        continue;
      }
      if (m[1] === 'PK$PEAK') {
        inPeaks = true;
        peakLine = i + 2;
      }
      tags.set(m[1], [...(tags.get(m[1]) ?? []), m[2].trim()]);
    }
    if (start >= 0) {
      out.fatal = true;
      fail(lines.length, `the file ends inside the record that starts on line ${start}, without "//": it is truncated.`);
    }
    return out;

    function close(endLine: number): void {
      const name = tags.get('CH$NAME')?.[0] ?? tags.get('RECORD_TITLE')?.[0];
      const accession = tags.get('ACCESSION')?.[0];
      const label = accession ?? name ?? `record at line ${start}`;
      if (bad) return void fail(start, `${label}: ${bad}.`);
      if (!tags.has('PK$PEAK')) return void fail(start, `${label} (to line ${endLine}) has no PK$PEAK table.`);
      if (!name) return void fail(start, `${label} has no CH$NAME.`);
      const declared = Number(tags.get('PK$NUM_PEAK')?.[0]);
      if (Number.isInteger(declared) && declared !== peaks.length) return void fail(start, `${label} declares ${declared} peaks (PK$NUM_PEAK) but lists ${peaks.length}.`);
      const checked = checkPeaks(peaks, peakLine);
      if (!checked.ok) return void out.problems.push({ file, problem: { ...checked.problem, message: `${file}, line ${peakLine} (${label}): ${checked.problem.message}` } });
      const sub = (tag: string, key: string) => {
        for (const v of tags.get(tag) ?? []) if (v.startsWith(`${key} `)) return v.slice(key.length + 1).trim();
        return undefined;
      };
      const msType = (sub('AC$MASS_SPECTROMETRY', 'MS_TYPE') ?? '').toUpperCase();
      const instrument = (tags.get('AC$INSTRUMENT_TYPE')?.[0] ?? '').toUpperCase();
      const precursor = Number(sub('MS$FOCUSED_ION', 'PRECURSOR_M/Z'));
      const record: SpectrumRecord = {
        name,
        kind: msType === 'MS2' || msType === 'MS3' || (Number.isFinite(precursor) && !/\bEI\b/.test(instrument)) ? 'MS2' : 'EI',
        peaks: checked.peaks,
        line: start,
      };
      const synonyms = tags.get('CH$NAME')?.slice(1);
      if (synonyms?.length) record.synonyms = synonyms;
      const inchikey = sub('CH$LINK', 'INCHIKEY')?.toUpperCase();
      if (inchikey && /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/.test(inchikey)) record.inchikey = inchikey;
      const smiles = tags.get('CH$SMILES')?.[0];
      if (smiles && smiles !== 'N/A') record.smiles = smiles;
      const formula = tags.get('CH$FORMULA')?.[0];
      if (formula && formula !== 'N/A') record.formula = formula;
      const exact = Number(tags.get('CH$EXACT_MASS')?.[0]);
      if (Number.isFinite(exact)) {
        record.exactMass = exact;
        record.mw = Math.round(exact);
      }
      const cas = sub('CH$LINK', 'CAS');
      if (cas) record.cas = cas;
      if (accession) record.sourceId = accession;
      if (Number.isFinite(precursor)) record.precursorMz = precursor;
      const type = sub('MS$FOCUSED_ION', 'PRECURSOR_TYPE');
      if (type) record.precursorType = type;
      const ce = sub('AC$MASS_SPECTROMETRY', 'COLLISION_ENERGY');
      if (ce) record.collisionEnergy = ce;
      const mode = (sub('AC$MASS_SPECTROMETRY', 'ION_MODE') ?? '').toLowerCase();
      if (mode.startsWith('p')) record.ionMode = 'positive';
      else if (mode.startsWith('n')) record.ionMode = 'negative';
      out.records.push(record);
    }
  },
};
