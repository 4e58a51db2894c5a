import { describe, expect, it } from 'vitest';
import { alignProfiles, placeProfile } from './align.js';
import { BUILT_IN_PANELS, panelById, parsePanel } from './panels.js';
import { parseProfileCsv, profilesToCsv, splitCsvLine } from './profile.js';

const CSV = `# a peak table
sample,compound,inchikey,ri,area,batch,incident
S1,"2,5-example, quoted",,1500.2,100,B1,INC-1
S1,caffeine,RYYVLZVUVIJVGH-UHFFFAOYSA-N,,50,B1,
S1,,,1720.4,30,,
S2,Caffeine ,,,60,B2,
S2,,,1722.0,20,,
S2,,,1900,5,,
`;

describe('impurity-profile CSV', () => {
  it('reads peaks per sample, with identified and unknown peaks, quoted names and sample fields', () => {
    const { profiles, problems } = parseProfileCsv(CSV);
    expect(problems).toEqual([]);
    expect(profiles.map((p) => [p.sample, p.batch, p.incident, p.peaks.length])).toEqual([
      ['S1', 'B1', 'INC-1', 3],
      ['S2', 'B2', undefined, 3],
    ]);
    expect(profiles[0].peaks[0]).toEqual({ compound: '2,5-example, quoted', ri: 1500.2, area: 100 });
    expect(parseProfileCsv(profilesToCsv(profiles)).profiles).toEqual(profiles);
  });

  it('reports each bad line with its number and column, and imports the rest', () => {
    const { profiles, problems } = parseProfileCsv(
      ['sample,compound,inchikey,ri,area', 'S1,a,,,-1', 'S1,b,NOTAKEY,,1', 'S1,,,,1', 'S1,c,,,2', 'S1,C,,,3', 'S1,"open,,,1', ',d,,,1', 'S1,e,,abc,1', 'S1,f,,,x'].join('\n'),
    );
    expect(problems.map((p) => [p.code, p.where?.line, p.where?.field])).toEqual([
      ['INVALID_PROFILE_CSV', 2, 'area'],
      ['INVALID_PROFILE_CSV', 3, 'inchikey'],
      ['INVALID_PROFILE_CSV', 4, 'compound'],
      ['INVALID_PROFILE_CSV', 6, 'compound'],
      ['INVALID_PROFILE_CSV', 7, undefined],
      ['INVALID_PROFILE_CSV', 8, 'sample'],
      ['INVALID_PROFILE_CSV', 9, 'ri'],
      ['INVALID_PROFILE_CSV', 10, 'area'],
    ]);
    expect(profiles[0].peaks).toEqual([{ compound: 'c', area: 2 }]);
  });

  it('rejects a file without the needed header', () => {
    const { profiles, problems } = parseProfileCsv('name,height\nx,1\n');
    expect(profiles).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'INVALID_PROFILE_CSV', where: { line: 1 } });
  });

  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('a,"b ""c"", d",e')).toEqual(['a', 'b "c", d', 'e']);
    expect(splitCsvLine('"a')).toBeUndefined();
  });
});

describe('alignment', () => {
  it('matches names case-insensitively and unknown peaks within the retention-index tolerance', () => {
    const { profiles } = parseProfileCsv(CSV);
    const { variables, matrix } = alignProfiles(profiles, { riTolerance: 5 });
    // S1's caffeine has an InChIKey, S2's only the name: the name written beside the key joins them.
    expect(variables.map((v) => v.label)).toEqual(['caffeine', '2,5-example, quoted', 'RI 1721.2', 'RI 1900.0']);
    expect(matrix).toEqual([
      [50, 100, 30, 0],
      [60, 0, 20, 5],
    ]);
    const panel = parsePanel({ id: 'p', drug: 'x', source: { citation: 'test' }, compounds: [{ name: 'Caffeine', inchikey: 'RYYVLZVUVIJVGH-UHFFFAOYSA-N' }] });
    const v = alignProfiles(profiles, { panel }).variables;
    expect(profiles.map((p) => placeProfile(p, v))).toEqual([[50], [60]]);
  });
});

describe('target-compound panels', () => {
  it('documents every built-in panel with its source, and invents no compound list', () => {
    for (const p of BUILT_IN_PANELS) {
      expect(p.source.citation.length).toBeGreaterThan(10);
      if (p.compounds) expect(p.illustrative).toBe(true);
    }
    expect(panelById('champ-amphetamine')).toMatchObject({ expectedCompounds: 26, compounds: null, recommended: { pretreatment: 'N+root4', metric: 'pearson' } });
    expect(() => panelById('nope')).toThrow(/no target-compound panel/);
  });

  it('validates a user-supplied panel', () => {
    expect(() => parsePanel({ id: 'x', drug: 'd', compounds: [{ name: 'a' }] })).toThrow(/source/);
    expect(() => parsePanel({ id: 'x', drug: 'd', source: { citation: 'c' }, compounds: [{ name: 'a' }, { name: 'A' }] })).toThrow(/twice/);
    expect(() => parsePanel({ id: 'x', drug: 'd', source: { citation: 'c' }, compounds: [{ name: 'a', inchikey: 'bad' }] })).toThrow(/InChIKey/);
    expect(parsePanel({ id: 'x', drug: 'd', source: { citation: 'c' }, compounds: [{ name: 'a' }] }).compounds).toEqual([{ name: 'a' }]);
  });
});
