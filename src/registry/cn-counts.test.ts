/**
 * Evidence that China's lists are whole: every item of each source table in ../shared/data/legal-sources/cn/ (the 2013
 * narcotic and psychotropic catalogues, each tranche of the 增补目录, the 2025 catalogues) is either an entry of the right
 * list and date whose nameZh or a synonym is the table's 中文名, or a gap of the section's part files naming it as
 * "No. <n>, <中文名>". The counts are computed from the source tables, not written by hand. Skips when the sources are absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { missingReason, sharedFile } from '../reference-data.js';

const SOURCES = 'data/legal-sources/cn';
const sourceDir = sharedFile(SOURCES);
const cnDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'data/lists/cn');
/** The date the 2025 catalogues are recorded from ("by" the announcement's date: the date of effect is not in the source). */
const Y2025 = '2025-07-28';

interface Row {
  n: number;
  zh: string;
}
interface Part {
  file: string;
  list: string;
  entries: { nameZh?: string; synonyms?: string[]; effective: string; until?: string; smiles?: string; classRule?: unknown }[];
  gaps: string[];
}

/** Names compare without spaces, the '*' of the catalogues, and with full-width brackets and commas as ASCII. */
const norm = (s: string): string =>
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

function readParts(): Part[] {
  return readdirSync(cnDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((file) => {
      const doc = parse(readFileSync(join(cnDir, file), 'utf8')) as { entries: Part['entries']; gaps?: string[] };
      return { file, list: file.split('.')[0], entries: doc.entries, gaps: doc.gaps ?? [] };
    });
}

interface Section {
  name: string;
  /** The count the source states for the section. */
  stated: number;
  rows: Row[];
  list: string;
  /** Does an entry of the list stand for this section's listing? */
  dated: (e: Part['entries'][number], row: Row) => boolean;
  /** The part files whose gaps may name the section's items. */
  gapFiles: (f: string) => boolean;
}

const inForceOn = (date: string) => (e: Part['entries'][number]) => {
  const from = e.effective.replace(/^by /, '');
  return from <= date && (!e.until || e.until > date);
};

function sections(): Section[] {
  const file = (prefix: string) => join(sourceDir!, readdirSync(sourceDir!).find((f) => f.startsWith(prefix))!);
  const n13 = htmlSections(readFileSync(file('cn_2013_mazui'), 'utf8'));
  const p1 = htmlSections(readFileSync(file('cn_2013_jingshen_yaopin_mulu_class1'), 'utf8'));
  const p2 = htmlSections(readFileSync(file('cn_2013_jingshen_yaopin_mulu_class2'), 'utf8'));
  const zb = htmlSections(readFileSync(file('cn_feiyaoyong'), 'utf8'));
  const y25 = markdownSections(readFileSync(file('cn_2025'), 'utf8'));
  const y25Table = (head: string) => y25.find((s) => s.head.includes(head))!.rows;
  const on2014 = (e: Part['entries'][number]) => e.effective === '2014-01-01';
  const by2025 = (e: Part['entries'][number]) => e.effective === `by ${Y2025}`;
  const out: Section[] = [
    { name: '麻醉药品品种目录（2013年版）', stated: 121, rows: n13[0].rows, list: 'CN-NARCOTIC', dated: on2014, gapFiles: (f) => f.startsWith('CN-NARCOTIC.') },
    { name: '精神药品品种目录（2013年版）第一类', stated: 68, rows: p1[0].rows, list: 'CN-PSYCHOTROPIC-I', dated: on2014, gapFiles: (f) => f.startsWith('CN-PSYCHOTROPIC-I.') },
    { name: '精神药品品种目录（2013年版）第二类', stated: 81, rows: p2[0].rows, list: 'CN-PSYCHOTROPIC-II', dated: on2014, gapFiles: (f) => f.startsWith('CN-PSYCHOTROPIC-II.') },
  ];
  // Each tranche of the 增补目录: its date and count are in its heading, e.g. "（2015年10月1日起施行）【116种】".
  for (const s of zb) {
    const d = /（(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施)）【(\d+)种/.exec(s.head)!;
    const date = `${d[1]}-${d[2].padStart(2, '0')}-${d[3].padStart(2, '0')}`;
    out.push({
      name: `增补目录 ${date}`,
      stated: Number(d[4]),
      rows: s.rows,
      list: 'CN-NONMEDICAL',
      dated: (e) => e.effective === date,
      gapFiles: (f) => f.startsWith('CN-NONMEDICAL.') && !f.includes('catalogue-2025'),
    });
  }
  out.push(
    {
      name: '非药用类麻醉药品和精神药品目录（2025）',
      stated: 396,
      rows: y25Table('非药用类麻醉药品和精神药品目录'),
      list: 'CN-NONMEDICAL',
      // Items 1-231 continue from the 增补目录; 232-396 are listed from 2025.
      dated: (e, row) => (row.n <= 231 ? inForceOn(Y2025)(e) : by2025(e)),
      gapFiles: (f) => f === 'CN-NONMEDICAL.catalogue-2025.yaml',
    },
    { name: '药用类麻醉药品目录（2025年版）', stated: 32, rows: y25Table('药用类麻醉药品目录'), list: 'CN-MEDICAL-NARCOTIC', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-NARCOTIC.') },
    { name: '药用类精神药品目录（2025年版）第一类', stated: 18, rows: y25Table('第一类'), list: 'CN-MEDICAL-PSYCHOTROPIC-I', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-PSYCHOTROPIC-I.') },
    { name: '药用类精神药品目录（2025年版）第二类', stated: 78, rows: y25Table('第二类'), list: 'CN-MEDICAL-PSYCHOTROPIC-II', dated: by2025, gapFiles: (f) => f.startsWith('CN-MEDICAL-PSYCHOTROPIC-II.') },
  );
  return out;
}

if (!sourceDir) console.log(`The China completeness counts ${missingReason(SOURCES)}`);

describe.skipIf(!sourceDir)('China lists against the whole source tables (entries + gaps = the source count)', () => {
  const parts = readParts();

  it('every item of every section is an entry or a named gap', () => {
    const table: string[] = [];
    const missing: string[] = [];
    for (const s of sections()) {
      expect(s.rows.length, `${s.name}: rows in the source table`).toBe(s.stated);
      expect(s.rows.map((r) => r.n), `${s.name}: numbered 1..n`).toEqual(s.rows.map((_, i) => i + 1));
      const entries = parts.filter((p) => p.list === s.list).flatMap((p) => p.entries);
      const gaps = parts.filter((p) => s.gapFiles(p.file)).flatMap((p) => p.gaps.map(norm));
      let entered = 0;
      let gapped = 0;
      for (const row of s.rows) {
        const zh = norm(row.zh);
        const isEntry = entries.some((e) => e.smiles && s.dated(e, row) && [e.nameZh ?? '', ...(e.synonyms ?? [])].some((n) => norm(n) === zh));
        if (isEntry) entered++;
        else if (gaps.some((g) => g.includes(`No.${row.n},${zh}`))) gapped++;
        else missing.push(`${s.name} No. ${row.n} ${row.zh}`);
      }
      table.push(`${s.name}: ${entered} entries + ${gapped} gaps = ${entered + gapped} / ${s.stated}`);
    }
    console.log(`China, source items accounted for:\n  ${table.join('\n  ')}`);
    expect(missing).toEqual([]);
  });

  it('the class listings: fentanyls (2019), synthetic cannabinoids (2021), nitazenes (2025), all three in force in 2025', () => {
    const classes = parts.filter((p) => p.list === 'CN-NONMEDICAL').flatMap((p) => p.entries.filter((e) => 'classRule' in e));
    expect(classes.map((c) => c.effective).sort()).toEqual(['2019-05-01', '2021-07-01', '2025-07-01']);
    expect(classes.filter(inForceOn(Y2025))).toHaveLength(3);
  });
});
