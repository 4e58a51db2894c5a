/**
 * Impurity profiles: a peak table per sample, read from CSV. One row per peak:
 *
 *   sample,compound,inchikey,ri,area[,batch][,incident][,drug]
 *
 * A peak is identified by its InChIKey, else by its compound name, else it is an unknown peak placed by
 * its retention index (`ri`), which `align` (./align.ts) matches across samples within a tolerance.
 * `batch` is an optional known source (the ground truth calibration learns from); `incident` an
 * exchange incident uid the sample belongs to. Lines starting with `#` and blank lines are skipped.
 * A bad line is reported with its number and column and skipped; the rest is imported.
 */
import { problem, type Problem } from '../problems.js';

export interface ProfilePeak {
  /** As written in the file (display). */
  compound?: string;
  inchikey?: string;
  /** Retention index (Kováts / linear), for unknown peaks and as extra information for known ones. */
  ri?: number;
  area: number;
}

export interface ImpurityProfile {
  sample: string;
  /** Known common source (batch, production lot), when known: the ground truth for calibration. */
  batch?: string;
  /** Exchange incident uid the sample belongs to. */
  incident?: string;
  drug?: string;
  peaks: ProfilePeak[];
}

export interface ProfileParse {
  profiles: ImpurityProfile[];
  problems: Problem[];
}

const INCHIKEY = /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/;
const COLUMNS = ['sample', 'compound', 'inchikey', 'ri', 'area', 'batch', 'incident', 'drug'] as const;
type Column = (typeof COLUMNS)[number];
const MAX_PEAKS_PER_SAMPLE = 5000;

/** One CSV line into fields (RFC 4180 quoting within the line); undefined when a quote is not closed. */
export function splitCsvLine(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      while (i < line.length && line[i] !== ',') {
        if (line[i].trim()) return undefined;
        i++;
      }
    } else {
      const j = line.indexOf(',', i);
      field = j < 0 ? line.slice(i) : line.slice(i, j);
      i = j < 0 ? line.length : j;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/** The key a compound is matched by across samples: the InChIKey, else the name folded to lower case with spaces collapsed. */
export function compoundKey(peak: { compound?: string; inchikey?: string }): string | undefined {
  if (peak.inchikey) return `inchikey:${peak.inchikey}`;
  if (peak.compound) return `name:${foldName(peak.compound)}`;
  return undefined;
}

export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function parseProfileCsv(text: string): ProfileParse {
  const problems: Problem[] = [];
  const bySample = new Map<string, ImpurityProfile>();
  const seen = new Map<string, Set<string>>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let header: Map<Column, number> | undefined;
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const raw = lines[n];
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const fields = splitCsvLine(raw);
    if (!fields) {
      problems.push(problem('INVALID_PROFILE_CSV', `Line ${lineNo}: a quoted field is not closed.`, { line: lineNo }));
      continue;
    }
    if (!header) {
      const names = fields.map((f) => f.toLowerCase());
      const map = new Map<Column, number>();
      for (const [i, name] of names.entries()) if ((COLUMNS as readonly string[]).includes(name)) map.set(name as Column, i);
      const missing = (['sample', 'area'] as const).filter((c) => !map.has(c));
      if (missing.length || !(map.has('compound') || map.has('inchikey') || map.has('ri'))) {
        return {
          profiles: [],
          problems: [
            problem(
              'INVALID_PROFILE_CSV',
              `Line ${lineNo}: the header must name the columns sample and area, and at least one of compound, inchikey, ri (found: ${fields.join(', ') || 'nothing'}).`,
              { line: lineNo, field: missing[0] ?? 'compound' },
            ),
          ],
        };
      }
      header = map;
      continue;
    }
    const get = (c: Column) => {
      const i = header!.get(c);
      return i === undefined ? '' : (fields[i] ?? '');
    };
    const bad = (field: Column, why: string) => problems.push(problem('INVALID_PROFILE_CSV', `Line ${lineNo}: ${why}`, { line: lineNo, field }));
    const sample = get('sample');
    if (!sample || sample.length > 200) {
      bad('sample', 'a peak needs a sample name of 1–200 characters.');
      continue;
    }
    const areaText = get('area');
    const area = Number(areaText);
    if (!areaText || !Number.isFinite(area) || area < 0) {
      bad('area', `the area "${areaText}" is not a number of at least 0.`);
      continue;
    }
    const inchikey = get('inchikey').toUpperCase();
    if (inchikey && !INCHIKEY.test(inchikey)) {
      bad('inchikey', `"${inchikey}" is not an InChIKey (14-10-1 upper-case letters).`);
      continue;
    }
    const compound = get('compound');
    if (compound.length > 300) {
      bad('compound', 'a compound name is longer than 300 characters.');
      continue;
    }
    const riText = get('ri');
    const ri = riText ? Number(riText) : undefined;
    if (ri !== undefined && (!Number.isFinite(ri) || ri <= 0 || ri > 100_000)) {
      bad('ri', `the retention index "${riText}" is not a number above 0.`);
      continue;
    }
    if (!inchikey && !compound && ri === undefined) {
      bad('compound', 'a peak needs a compound name, an InChIKey or a retention index.');
      continue;
    }
    const peak: ProfilePeak = { area };
    if (compound) peak.compound = compound;
    if (inchikey) peak.inchikey = inchikey;
    if (ri !== undefined) peak.ri = ri;
    let profile = bySample.get(sample);
    if (!profile) {
      profile = { sample, peaks: [] };
      bySample.set(sample, profile);
      seen.set(sample, new Set());
    }
    const key = compoundKey(peak) ?? `ri:${ri}`;
    if (seen.get(sample)!.has(key)) {
      bad(peak.inchikey ? 'inchikey' : peak.compound ? 'compound' : 'ri', `sample "${sample}" already has a peak for ${peak.inchikey ?? peak.compound ?? `RI ${ri}`}.`);
      continue;
    }
    if (profile.peaks.length >= MAX_PEAKS_PER_SAMPLE) {
      bad('sample', `sample "${sample}" has more than ${MAX_PEAKS_PER_SAMPLE} peaks.`);
      continue;
    }
    for (const c of ['batch', 'incident', 'drug'] as const) {
      const v = get(c);
      if (!v) continue;
      if (profile[c] !== undefined && profile[c] !== v) {
        bad(c, `sample "${sample}" has ${c} "${profile[c]}" on an earlier line and "${v}" here.`);
        continue;
      }
      profile[c] = v;
    }
    seen.get(sample)!.add(key);
    profile.peaks.push(peak);
  }
  if (!header) problems.push(problem('INVALID_PROFILE_CSV', 'The file has no header line.', { line: 1 }));
  return { profiles: [...bySample.values()], problems };
}

/** A profile back to CSV rows (the import format), e.g. for export. */
export function profilesToCsv(profiles: readonly ImpurityProfile[]): string {
  const q = (s: string | undefined) => (s === undefined ? '' : /[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const rows = ['sample,compound,inchikey,ri,area,batch,incident,drug'];
  for (const p of profiles)
    for (const k of p.peaks) rows.push([q(p.sample), q(k.compound), q(k.inchikey), k.ri ?? '', k.area, q(p.batch), q(p.incident), q(p.drug)].join(','));
  return rows.join('\n') + '\n';
}
