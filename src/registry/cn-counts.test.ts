/**
 * Evidence that China's lists are whole: every item of each source table in ../shared/data/legal-sources/cn/ (the 2013
 * narcotic and psychotropic catalogues, each tranche of the 增补目录, the 2025 catalogues) is either an entry of the right
 * list and date whose nameZh or a synonym is the table's 中文名 (with a structure, or by name and CAS number only), or a
 * gap of the section's part files naming it as "No. <n>, <中文名>". The counts are computed from the source tables
 * (src/registry/source-counts.ts, which also writes them into docs/registry.md), not written by hand. Skips when the
 * sources are absent.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingReason, sharedFile } from '../reference-data.js';
import { readDataFiles } from './compile.js';
import { PROJECT_ROOT } from './registry.js';
import { chinaClassListings, chinaSourceCounts, CN_SOURCES } from './source-counts.js';

const sourceDir = sharedFile(CN_SOURCES);
const files = readDataFiles(join(PROJECT_ROOT, 'data', 'lists'));

if (!sourceDir) console.log(`The China completeness counts ${missingReason(CN_SOURCES)}`);

describe.skipIf(!sourceDir)('China lists against the whole source tables (entries + gaps = the source count)', () => {
  const sections = sourceDir ? chinaSourceCounts(files, sourceDir) : [];

  it('reads every section whole: 121, 68, 81, each tranche by its heading, 396, 32, 18, 78', () => {
    expect(sections.map((s) => [s.name, s.stated])).toEqual([
      ['麻醉药品品种目录（2013年版）', 121],
      ['精神药品品种目录（2013年版）第一类', 68],
      ['精神药品品种目录（2013年版）第二类', 81],
      ['增补目录 2015-10-01', 116],
      ['增补目录 2017-03-01', 4],
      ['增补目录 2017-07-01', 4],
      ['增补目录 2018-09-01', 32],
      ['增补目录 2021-07-01', 18],
      ['增补目录 2024-07-01', 46],
      ['增补目录 2025-07-01', 12],
      ['非药用类麻醉药品和精神药品目录（2025）', 396],
      ['药用类麻醉药品目录（2025年版）', 32],
      ['药用类精神药品目录（2025年版）第一类', 18],
      ['药用类精神药品目录（2025年版）第二类', 78],
    ]);
    for (const s of sections) expect(s.rows, `${s.name}: rows in the source table`).toBe(s.stated);
  });

  it('every item of every section is an entry or a named gap', () => {
    console.log(
      `China, source items accounted for:\n  ${sections
        .map((s) => `${s.name}: ${s.entries} entries + ${s.nameOnly} by name/CAS only + ${s.gaps} gaps = ${s.entries + s.nameOnly + s.gaps} / ${s.stated}`)
        .join('\n  ')}`,
    );
    expect(sections.flatMap((s) => s.missing.map((m) => `${s.name} ${m}`))).toEqual([]);
    for (const s of sections) expect(s.entries + s.nameOnly + s.gaps, s.name).toBe(s.stated);
  });

  it('tegileridine and dimdazenil are listed today, by name and CAS number', () => {
    const med = sections.filter((s) => s.name.startsWith('药用类'));
    expect(med.reduce((n, s) => n + s.nameOnly, 0)).toBeGreaterThanOrEqual(2);
  });

  it('the class listings: fentanyls (2019), synthetic cannabinoids (2021), nitazenes (2025), all three in force in 2025', () => {
    const classes = chinaClassListings(files);
    expect(classes.map((c) => c.effective).sort()).toEqual(['2019-05-01', '2021-07-01', '2025-07-01']);
    expect(classes.filter((c) => c.inForce2025)).toHaveLength(3);
  });
});
