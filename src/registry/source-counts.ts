/**
 * Whole-list accounting: each official list's items, counted in the full source copy in ../shared
 * (data/legal-sources/), against what data/lists holds for them: an entry (with a structure, or by name and
 * CAS number only), a `gaps:` sentence that names the item, or neither (missing). Used by the completeness
 * tests (src/registry/cn-counts.test.ts) and by docs/registry.md (scripts/registry-report.ts), so that the
 * counts in the documentation are the tested ones. The sources are read, never copied into the project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readCsv } from '../reference-data.js';
import type { DataFiles } from './compile.js';
import { normaliseName } from './search.js';
import type { ClassEntry, Substance } from './types.js';

/** One source table (or one part of it) and how the data accounts for its items. */
export interface SourceSection {
  list: string;
  name: string;
  /** The source copy, relative to shared/. */
  source: string;
  /** The number of items the source gives (its heading's or caption's count; else its rows). */
  stated: number;
  /** Rows read from the source table (equal to `stated` when the copy is whole). */
  rows: number;
  /** Items that are entries of the list with a structure. */
  entries: number;
  /** Items that are entries found by name and CAS number only (`noStructure`). */
  nameOnly: number;
  /** Items that a `gaps:` sentence names, with the reason they are not entries. */
  gaps: number;
  /** Items neither entered nor named in a gap ("No. n 中文名" or the DEA row's SUBSTANCE text). */
  missing: string[];
}

interface RawEntry {
  id: string;
  name: string;
  nameZh?: string;
  synonyms?: string[];
  effective: string;
  until?: string;
  smiles?: string;
  noStructure?: string;
  classRule?: unknown;
}
interface RawPart {
  file: string;
  list: string;
  entries: RawEntry[];
  gaps: string[];
}

function rawParts(files: DataFiles, jurisdiction: string): RawPart[] {
  return files.parts
    .filter((p) => p.relative.split('/').at(-2) === jurisdiction)
    .map((p) => {
      const doc = (parse(p.text) ?? {}) as { entries?: RawEntry[]; gaps?: string[] };
      const file = p.relative.split('/').at(-1)!;
      return { file, list: file.split('.')[0], entries: doc.entries ?? [], gaps: doc.gaps ?? [] };
    });
}

// ---------------------------------------------------------------------------------------------------------
// China: the 2013 catalogues, each tranche of the 增补目录, and the 2025 catalogues (shared/data/legal-sources/cn).

export const CN_SOURCES = 'data/legal-sources/cn';
/** The 2025 catalogues are recorded from the announcement's date: the date of effect is not in the source. */
export const CN_2025 = '2025-07-28';

interface Row {
  n: number;
  zh: string;
}

/** Names compare without spaces, the '*' of the catalogues, and with full-width brackets and commas as ASCII. */
export const cnNameKey = (s: string): string =>
  s.replace(/<br>/g, '').replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',');

function htmlSections(text: string): { head: string; rows: Row[] }[] {
  const out: { head: string; rows: Row[] }[] = [];
  for (const m of text.matchAll(/(^#+ [^\n]*$)|(<tr>[\s\S]*?<\/tr>)/gm)) {
    if (m[1]) {
      out.push({ head: m[1], rows: [] });
      continue;
    }
    const cells = [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      c[1].replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim(),
    );
    // Data rows have a number; the padding row of zeros ends each table.
    if (/^[1-9]\d*$/.test(cells[0] ?? '')) out.at(-1)!.rows.push({ n: Number(cells[0]), zh: cells[1] });
  }
  return out.filter((s) => s.rows.length);
}

function markdownSections(text: string): { head: string; rows: Row[] }[] {
  const out: { head: string; rows: Row[] }[] = [{ head: '(preamble)', rows: [] }];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) out.push({ head: line, rows: [] });
    else if (line.startsWith('|')) {
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      if (/^[1-9]\d*$/.test(cells[0])) out.at(-1)!.rows.push({ n: Number(cells[0]), zh: cells[1] });
    }
  }
  return out.filter((s) => s.rows.length);
}

const fromDate = (e: RawEntry) => e.effective.replace(/^by /, '');
const inForceOn = (date: string) => (e: RawEntry) => fromDate(e) <= date && (!e.until || e.until > date);

interface CnSection {
  name: string;
  source: string;
  stated: number;
  rows: Row[];
  list: string;
  /** Does an entry of the list stand for this section's listing of the row? */
  dated: (e: RawEntry, row: Row) => boolean;
  /** The part files whose gaps may name the section's items. */
  gapFiles: (f: string) => boolean;
}

function cnSections(sourceDir: string): CnSection[] {
  const fileOf = (prefix: string) => readdirSync(sourceDir).find((f) => f.startsWith(prefix))!;
  const read = (name: string) => readFileSync(join(sourceDir, name), 'utf8');
  const [f13, f1, f2, fzb, f25] = ['cn_2013_mazui', 'cn_2013_jingshen_yaopin_mulu_class1', 'cn_2013_jingshen_yaopin_mulu_class2', 'cn_feiyaoyong', 'cn_2025'].map(fileOf);
  const y25 = markdownSections(read(f25));
  const y25Table = (head: string) => y25.find((s) => s.head.includes(head))!.rows;
  const on2014 = (e: RawEntry) => e.effective === '2014-01-01';
  const by2025 = (e: RawEntry) => e.effective === `by ${CN_2025}`;
  const src = (f: string) => `${CN_SOURCES}/${f}`;
  const out: CnSection[] = [
    { name: '麻醉药品品种目录（2013年版）', source: src(f13), stated: 121, rows: htmlSections(read(f13))[0].rows, list: 'CN-NARCOTIC', dated: on2014, gapFiles: (f) => f.startsWith('CN-NARCOTIC.') },
    { name: '精神药品品种目录（2013年版）第一类', source: src(f1), stated: 68, rows: htmlSections(read(f1))[0].rows, list: 'CN-PSYCHOTROPIC-I', dated: on2014, gapFiles: (f) => f.startsWith('CN-PSYCHOTROPIC-I.') },
    { name: '精神药品品种目录（2013年版）第二类', source: src(f2), stated: 81, rows: htmlSections(read(f2))[0].rows, list: 'CN-PSYCHOTROPIC-II', dated: on2014, gapFiles: (f) => f.startsWith('CN-PSYCHOTROPIC-II.') },
  ];
  // Each tranche of the 增补目录: its date and count are in its heading, e.g. "（2015年10月1日起施行）【116种】".
  for (const s of htmlSections(read(fzb))) {
    const d = /（(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施)）【(\d+)种/.exec(s.head);
    if (!d) throw new Error(`${fzb}: a tranche heading without its date and count: ${s.head}`);
    const date = `${d[1]}-${d[2].padStart(2, '0')}-${d[3].padStart(2, '0')}`;
    out.push({
      name: `增补目录 ${date}`,
      source: src(fzb),
      stated: Number(d[4]),
      rows: s.rows,
      list: 'CN-NONMEDICAL',
      dated: (e) => e.effective === date,
      gapFiles: (f) => f.startsWith('CN-NONMEDICAL.') && !f.includes('catalogue-2025'),
    });
  }
  // The counts of the 2025 catalogues are the announcement's (396 items and 3 classes; 32; 18; 78).
  out.push(
    {
      name: '非药用类麻醉药品和精神药品目录（2025）',
      source: src(f25),
      stated: 396,
      rows: y25Table('非药用类麻醉药品和精神药品目录'),
      list: 'CN-NONMEDICAL',
      // Items 1-231 continue from the 增补目录; 232-396 are listed from 2025.
      dated: (e, row) => (row.n <= 231 ? inForceOn(CN_2025)(e) : by2025(e)),
      gapFiles: (f) => f === 'CN-NONMEDICAL.catalogue-2025.yaml',
    },
    { name: '药用类麻醉药品目录（2025年版）', source: src(f25), stated: 32, rows: y25Table('药用类麻醉药品目录'), list: 'CN-MEDICAL-NARCOTIC', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-NARCOTIC.') },
    { name: '药用类精神药品目录（2025年版）第一类', source: src(f25), stated: 18, rows: y25Table('第一类'), list: 'CN-MEDICAL-PSYCHOTROPIC-I', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-PSYCHOTROPIC-I.') },
    { name: '药用类精神药品目录（2025年版）第二类', source: src(f25), stated: 78, rows: y25Table('第二类'), list: 'CN-MEDICAL-PSYCHOTROPIC-II', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-PSYCHOTROPIC-II.') },
  );
  return out;
}

/**
 * China's lists against the whole source tables: an item is an entry of the right list and date whose nameZh or a
 * synonym is the table's 中文名 (with a structure, or by name and CAS number only), or a gap of the section's part
 * files naming it as "No. <n>, <中文名>".
 */
export function chinaSourceCounts(files: DataFiles, sourceDir: string): SourceSection[] {
  const parts = rawParts(files, 'cn');
  return cnSections(sourceDir).map((s) => {
    const entries = parts.filter((p) => p.list === s.list).flatMap((p) => p.entries.filter((e) => !('classRule' in e)));
    const gaps = parts.filter((p) => s.gapFiles(p.file)).flatMap((p) => p.gaps.map(cnNameKey));
    const out: SourceSection = { list: s.list, name: s.name, source: s.source, stated: s.stated, rows: s.rows.length, entries: 0, nameOnly: 0, gaps: 0, missing: [] };
    for (const row of s.rows) {
      const zh = cnNameKey(row.zh);
      const entry = entries.find((e) => s.dated(e, row) && [e.nameZh ?? '', ...(e.synonyms ?? [])].some((n) => cnNameKey(n) === zh));
      if (entry?.smiles) out.entries++;
      else if (entry?.noStructure) out.nameOnly++;
      else if (gaps.some((g) => g.includes(`No.${row.n},${zh}`))) out.gaps++;
      else out.missing.push(`No. ${row.n} ${row.zh}`);
    }
    return out;
  });
}

/** China's class listings (fentanyls, synthetic cannabinoids, nitazenes): their dates of effect. */
export function chinaClassListings(files: DataFiles): { id: string; effective: string; inForce2025: boolean }[] {
  return rawParts(files, 'cn')
    .filter((p) => p.list === 'CN-NONMEDICAL')
    .flatMap((p) => p.entries.filter((e) => 'classRule' in e))
    .map((e) => ({ id: e.id, effective: e.effective, inForce2025: inForceOn(CN_2025)(e) }));
}

// ---------------------------------------------------------------------------------------------------------
// United States: the DEA "Controlled Substances - Alphabetical Order" of 2020-08-20 (511 rows).

export const DEA_LIST = 'data/legal-sources/us/dea_orangebook_c_cs_alpha_2020-08-20.csv';

/** Rows whose names no entry carries, and the entry of the row's schedule that lists them. */
const DEA_ROW_ENTRY: Record<string, string> = {
  'Fentanyl related-substances as defined in 21 CFR 1308.11(h)': 'fentanyl-related-substances',
};

/** The names a row gives: its SUBSTANCE text, the parts before and inside a trailing bracket, and its other names. */
function deaNames(row: Record<string, string>): string[] {
  const s = row.SUBSTANCE.trim();
  const head = s.split(/\s[([]/)[0];
  const names = [s, head, ...head.split(/[,;]/), s.split(/ except |, bulk/i)[0]];
  // The bracketed part that ends the text, brackets inside it included.
  const close = s.at(-1) === ')' ? '(' : s.at(-1) === ']' ? '[' : '';
  for (let i = s.length - 1, depth = 0; close && i >= 0; i--) {
    if (s[i] === s.at(-1)) depth++;
    else if (s[i] === close && --depth === 0) {
      names.push(s.slice(i + 1, -1), s.slice(0, i));
      break;
    }
  }
  return [...names.flatMap((n) => [n, ...n.split(/ and /i)]), ...row.Names.split(/[,;]| and /i)].map((n) => n.trim()).filter(Boolean);
}

/**
 * Each schedule of the DEA list: a row is listed when a substance or class entry of US-CSA-<schedule> carries one
 * of its names, and a gap when a US part file's `gaps:` names its SUBSTANCE text.
 */
export function deaListCounts(registry: { substances: readonly Substance[]; classEntries: readonly ClassEntry[] }, files: DataFiles, csvPath: string): SourceSection[] {
  const rows = readCsv(csvPath, { encoding: 'utf8' });
  const byName = new Map<string, Set<string>>();
  const add = (name: string, list: string) => byName.set(normaliseName(name), (byName.get(normaliseName(name)) ?? new Set()).add(list));
  for (const s of registry.substances) for (const l of s.listings) for (const n of [s.id, s.names.en, ...s.synonyms]) add(n, l.list);
  for (const c of registry.classEntries) for (const n of [c.id, c.names.en]) add(n, c.list);
  const gapText = rawParts(files, 'us')
    .flatMap((p) => p.gaps)
    .map(normaliseName)
    .join('|');
  const out = new Map<string, SourceSection>();
  for (const row of rows) {
    const list = `US-CSA-${row.Schedule}`;
    const sec = out.get(list) ?? { list, name: `DEA list of 2020-08-20, Schedule ${row.Schedule}`, source: DEA_LIST, stated: 0, rows: 0, entries: 0, nameOnly: 0, gaps: 0, missing: [] };
    out.set(list, sec);
    sec.stated++;
    sec.rows++;
    const mapped = DEA_ROW_ENTRY[row.SUBSTANCE];
    if (deaNames(row).some((n) => byName.get(normaliseName(n))?.has(list)) || (mapped && byName.get(normaliseName(mapped))?.has(list))) sec.entries++;
    else if ([row.SUBSTANCE, row.SUBSTANCE.split(/\s[([]/)[0]].map(normaliseName).some((n) => n.length >= 6 && gapText.includes(n))) sec.gaps++;
    else sec.missing.push(`${row.SUBSTANCE} (${row.Number || 'no code'})`);
  }
  return [...out.values()].sort((a, b) => a.list.localeCompare(b.list));
}
