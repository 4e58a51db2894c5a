/** Listed findings: InChIKey matching (full and stereo-insensitive), as-of dates, reasons and coverage. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { readListEntries, SOURCED_FENTANYL_PARTS, type Entry } from '../registry/__fixtures__/list-entries.js';
import { DEFAULT_DATA_DIR, loadRegistry } from '../registry/registry.js';
import type { Registry } from '../registry/types.js';
import { listedFindings } from './listed-findings.js';
import { JURISDICTIONS } from './verdict.js';

let registry: Registry;
let fixture: Registry;
/** Salt, inorganic, structureless and temporary listings (fixture, not law). */
let forms: Registry;
beforeAll(async () => {
  await loadRDKit();
  registry = await loadRegistry({ cacheFile: false });
  // The registry's own stereo fixture (also used by its matching tests): here for the reasons findings give.
  fixture = await loadRegistry({ dataDir: join(import.meta.dirname, '..', 'registry', '__fixtures__', 'stereo'), cacheFile: false });
  forms = await loadRegistry({ dataDir: join(import.meta.dirname, '__fixtures__', 'forms'), cacheFile: false });
});

/** US findings of the `forms` fixture for a structure, with its salt form and inorganic identity. */
function findingsFor(smiles: string, asOf = '2020-01-01') {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(r.problem.message);
  const { inchikey, smiles: canonical, saltForm, inorganic } = r.prepared.structure;
  r.prepared.dispose();
  return listedFindings(forms, { inchikey: inchikey!, smiles: canonical, saltForm, inorganic }, asOf, ['US']);
}

function structureOf(smiles: string) {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(r.problem.message);
  const { inchikey, smiles: canonical } = r.prepared.structure;
  r.prepared.dispose();
  return { inchikey: inchikey!, smiles: canonical };
}

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const FOUR_AP = 'c1ccc(NC2CCNCC2)cc1';

describe('listedFindings on data/lists', () => {
  it('fentanyl is Schedule II in the US since 1971 and 麻醉药品 in China since 2014', () => {
    const findings = listedFindings(registry, structureOf(FENTANYL), '2025-01-01', JURISDICTIONS);
    const us = findings.find((f) => f.rule === 'US-CSA-II')!;
    expect(us).toMatchObject({
      kind: 'listed',
      category: 'drug',
      applies: true,
      status: 'Schedule II',
      citation: '21 CFR 1308.12(c)',
      effective: '1971-05-01',
      clauses: [],
      needsReview: false,
      interpretations: [],
      substance: { id: 'fentanyl', name: 'Fentanyl', nameZh: '芬太尼', cas: ['437-38-7'] },
    });
    expect(us.reason).toBe('Listed in Schedule II (21 CFR 1308.12(c)); in effect since 1971-05-01.');
    expect(us.ruleVersion).toMatch(/^US-CSA-II@[0-9a-f]{12}$/);
    expect(us.explanation).toMatch(/Salts match by construction/);
    expect(findings.find((f) => f.rule === 'CN-NARCOTIC')).toMatchObject({ applies: true, status: '麻醉药品', effective: '2014-01-01' });
  });

  it('codeine is Schedule II; its Schedule III and V preparations are reported with their limits, never applied to it (I-PREPARATION)', () => {
    const us = listedFindings(registry, structureOf('CN1CCC23C4C1CC5=C2C(=C(C=C5)OC)OC3C(C=C4)O'), '2025-01-01', ['US']);
    expect(us.find((f) => f.rule === 'US-CSA-II')).toMatchObject({ applies: true, needsReview: false });
    const iii = us.find((f) => f.rule === 'US-CSA-III')!;
    expect(iii).toMatchObject({ applies: false, needsReview: false, status: 'Schedule III', interpretations: ['I-PREPARATION'] });
    expect(iii.reason).toMatch(/lists preparations of Codeine within a limit \(90 mg\/dosage-unit\), not/);
    expect(iii.reasonZh).toMatch(/制剂/);
    expect(iii.threshold?.map((t) => [t.quantity, t.unit, t.basis])).toEqual([[90, 'mg/dosage-unit', 'preparation-at-most'], [90, 'mg/dosage-unit', 'preparation-at-most']]);
    const v = us.find((f) => f.rule === 'US-CSA-V')!;
    expect(v).toMatchObject({ applies: false, needsReview: false });
    expect(v.threshold?.map((t) => `${t.quantity} ${t.unit}`)).toEqual(['200 mg/100mL', '200 mg/100g']);
  });

  it('4-AP is not US List I on 2019-06-01, and is on 2021-01-01', () => {
    const s = structureOf(FOUR_AP);
    const before = listedFindings(registry, s, '2019-06-01', ['US']);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ rule: 'US-LIST-I', category: 'precursor', applies: false, effective: '2020-05-15' });
    expect(before[0].reason).toBe('Not yet in effect on 2019-06-01: listed in List I (21 CFR 1310.02(a); 85 FR 20822) from 2020-05-15.');
    const after = listedFindings(registry, s, '2021-01-01', ['US']);
    expect(after[0]).toMatchObject({ rule: 'US-LIST-I', applies: true });
    expect(after[0].reason).toMatch(/^Listed in List I .*in effect since 2020-05-15\.$/);
  });

  it("4-AP across jurisdictions follows each instrument's date", () => {
    const s = structureOf(FOUR_AP);
    const on = (asOf: string) => Object.fromEntries(listedFindings(registry, s, asOf, JURISDICTIONS).map((f) => [f.rule, f.applies]));
    expect(on('2022-12-01')).toMatchObject({ 'US-LIST-I': true, 'UN-1988-I': true, 'CN-PRECURSOR-2': false });
    expect(on('2024-09-01')).toMatchObject({ 'CN-PRECURSOR-2': true });
  });

  it('restricts findings to the jurisdictions asked for', () => {
    const findings = listedFindings(registry, structureOf(FENTANYL), '2025-01-01', ['CN']);
    expect(findings.every((f) => f.rule.startsWith('CN-'))).toBe(true);
  });

  it('matches a salt through its normalised parent', () => {
    const salt = prepareStructure(`${FENTANYL}.Cl`);
    if (!salt.ok) throw new Error('salt did not parse');
    const { inchikey, smiles } = salt.prepared.structure;
    salt.prepared.dispose();
    expect(listedFindings(registry, { inchikey: inchikey!, smiles }, '2025-01-01', ['US']).map((f) => f.rule)).toContain('US-CSA-II');
  });

  it('gives no findings for an unlisted structure', () => {
    expect(listedFindings(registry, structureOf('CCO'), '2025-01-01', JURISDICTIONS)).toEqual([]);
  });
});

describe('stereo rules (fixture data)', () => {
  it('an exact listing matches its own stereoisomer on the full key', () => {
    const f = listedFindings(fixture, structureOf('C[C@@H](O)CC'), '2020-01-01', ['US']);
    expect(f.map((x) => x.substance?.id)).toEqual(['r-butan-2-ol']);
    expect(f[0].reason).not.toMatch(/stereo-insensitively/);
  });

  it('an exact listing does not match another stereoisomer, nor the unspecified structure', () => {
    expect(listedFindings(fixture, structureOf('C[C@H](O)CC'), '2020-01-01', ['US'])).toEqual([]);
    expect(listedFindings(fixture, structureOf('CC(O)CC'), '2020-01-01', ['US'])).toEqual([]);
  });

  it('an exact listing that covers stereoisomers matches another stereoisomer, and says so', () => {
    const f = listedFindings(fixture, structureOf('C[C@H](O)CCC'), '2020-01-01', ['US']);
    expect(f.map((x) => x.substance?.id)).toEqual(['r-pentan-2-ol']);
    expect(f[0].reason).toMatch(/Matched stereo-insensitively .* covers its stereoisomers/);
  });

  it('a listing with stereo: any matches every stereoisomer stereo-insensitively', () => {
    const f = listedFindings(fixture, structureOf('C[C@H](N)Cc1ccccc1'), '2005-01-01', ['US']);
    expect(f).toHaveLength(1);
    expect(f[0].applies).toBe(true);
    expect(f[0].reason).toMatch(/does not name one stereoisomer/);
  });

  it('a listing that has ended is reported with applies:false and the dates', () => {
    const f = listedFindings(fixture, structureOf('CC(N)Cc1ccccc1'), '2015-06-01', ['US']);
    expect(f[0]).toMatchObject({ applies: false, until: '2010-01-01' });
    expect(f[0].reason).toBe('No longer in effect on 2015-06-01: listed in Schedule I (fixture (c)) from 2000-01-01 until 2010-01-01.');
  });
});

describe('listings whose effective date is documented only to the year', () => {
  it('apply from the next 1 January, need review within the year, and not before it', () => {
    const fentanyl = { inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1' };
    const un = (asOf: string) => listedFindings(registry, fentanyl, asOf, ['UN']).find((f) => f.rule === 'UN-1961-I')!;
    expect(un('2025-01-01')).toMatchObject({ applies: true, needsReview: false, effective: '1964' });
    expect(un('1964-06-01')).toMatchObject({ applies: false, needsReview: true });
    expect(un('1964-06-01').reason).toMatch(/exact day/);
    expect(un('1963-12-31')).toMatchObject({ applies: false, needsReview: false });
  });
});

describe('listings known only to be in force by a date', () => {
  it('apply from that date and need review before it (carfentanil, US Schedule II)', () => {
    const carfentanil = registry.search('carfentanil')[0].substance;
    const us = (asOf: string) => listedFindings(registry, { inchikey: carfentanil.inchikey, smiles: carfentanil.smiles }, asOf, ['US']).find((f) => f.rule === 'US-CSA-II')!;
    expect(us('2026-01-01')).toMatchObject({ applies: true, needsReview: false, status: 'Schedule II', effective: 'by 2020-08-20' });
    expect(us('2026-01-01').reasonZh).toMatch(/2020-08-20/);
    expect(us('2020-08-20')).toMatchObject({ applies: true, needsReview: false });
    expect(us('2010-01-01')).toMatchObject({ applies: false, needsReview: true });
  });
});

describe('salt forms and stereo-specific listings (fixture, not law)', () => {

  it('a listing that does not extend to salts reaches the substance but not its salts', () => {
    expect(findingsFor('Cl')[0]).toMatchObject({ applies: true, substance: { id: 'hydrogen-chloride-fixture' } });
    const salt = findingsFor('[Na+].[Cl-]');
    expect(salt).toHaveLength(1);
    expect(salt[0]).toMatchObject({ applies: false, needsReview: false });
    expect(salt[0].reason).toMatch(/^The input is a salt, solvate or ionised form of Hydrochloric acid \(fixture\).*does not extend to salts/);
    expect(findingsFor('CC[NH3+].[Cl-]')[0]).toMatchObject({ applies: false });
    expect(findingsFor('CCN')[0]).toMatchObject({ applies: true });
  });

  it('a listing that covers salts reaches them', () => {
    expect(findingsFor('CC([NH3+])Cc1ccccc1.[Cl-]')[0]).toMatchObject({ applies: true, substance: { id: 'amphetamine-fixture' } });
  });

  it('a listing of one stereoisomer governs that stereoisomer; the general listing still reaches the others', () => {
    const dex = findingsFor('C[C@H](N)Cc1ccccc1');
    expect(dex.find((f) => f.substance?.id === 'dexamphetamine-fixture')).toMatchObject({ applies: true });
    const general = dex.find((f) => f.substance?.id === 'amphetamine-fixture')!;
    expect(general).toMatchObject({ applies: false });
    expect(general.reason).toMatch(/this stereoisomer is listed itself as Dexamphetamine \(fixture\)/);
    // Before the specific listing took effect, the general one applies.
    expect(findingsFor('C[C@H](N)Cc1ccccc1', '2005-01-01').find((f) => f.substance?.id === 'amphetamine-fixture')).toMatchObject({ applies: true });
    const levo = findingsFor('C[C@@H](N)Cc1ccccc1');
    expect(levo.map((f) => [f.substance?.id, f.applies])).toEqual([['amphetamine-fixture', true]]);
  });

  it('a listing documented only until a date needs review after it', () => {
    expect(findingsFor('Cc1ccccc1', '2021-06-01')[0]).toMatchObject({ applies: true, needsReview: false });
    const after = findingsFor('Cc1ccccc1', '2023-01-01')[0];
    expect(after).toMatchObject({ applies: false, needsReview: true });
    expect(after.reason).toMatch(/documented in force until 2022-01-01; whether the listing continued after that date is not recorded/);
  });
});

describe('inorganic substances and substances without a structure (fixture, not law; docs/interpretation.md I-INORGANIC)', () => {

  it('compiles an inorganic salt as a whole, keeping the key of its ion', () => {
    const kmno4 = forms.byId('potassium-permanganate-fixture')!;
    expect(kmno4).toMatchObject({ form: 'inorganic', formula: 'KMnO4', inchikey: 'VZJVWSHVAAUDKD-UHFFFAOYSA-N', parentInchikey: 'ZJBYBXHCMWGGRR-UHFFFAOYSA-M' });
    expect(forms.byId('sulphuric-acid-fixture')).toMatchObject({ form: 'inorganic', formula: 'H2O4S' });
    expect(forms.byId('sulphuric-acid-fixture')!.parentInchikey).toBeUndefined();
  });

  it('potassium permanganate, however it is drawn, is the listed substance (not "a salt the listing does not reach")', () => {
    for (const drawn of ['[K+].[O-][Mn](=O)(=O)=O', 'O=[Mn](=O)(=O)O[K]', '[O-][Mn](=O)(=O)=O.[K+]']) {
      const f = findingsFor(drawn);
      expect(f, drawn).toHaveLength(1);
      expect(f[0], drawn).toMatchObject({ applies: true, needsReview: false, interpretations: ['I-INORGANIC'], substance: { id: 'potassium-permanganate-fixture' } });
      expect(f[0].explanation).toMatch(/matched as a whole substance, all its ions kept \(KMnO4/);
      expect(f[0].threshold).toEqual([{ quantity: 55, unit: 'kg', basis: 'per-transaction', scope: 'fixture scope', citation: 'fixture threshold' }]);
    }
  });

  it('another permanganate (sodium, calcium) or permanganic acid needs review; it is not silently "not controlled"', () => {
    for (const other of ['[Na+].[O-][Mn](=O)(=O)=O', '[Ca+2].[O-][Mn](=O)(=O)=O.[O-][Mn](=O)(=O)=O', 'O[Mn](=O)(=O)=O']) {
      const all = findingsFor(other);
      // Both listed permanganates (potassium, lithium) are candidates for review; this checks the potassium one.
      expect(all.map((f) => f.substance?.id).sort(), other).toEqual(['lithium-permanganate-fixture', 'potassium-permanganate-fixture']);
      const f = all.filter((x) => x.substance?.id === 'potassium-permanganate-fixture');
      expect(f[0], other).toMatchObject({ applies: false, needsReview: true, interpretations: ['I-INORGANIC'], substance: { id: 'potassium-permanganate-fixture' } });
      expect(f[0].reason).toMatch(/another salt \(or the acid\) of the ion of Potassium permanganate \(fixture\)/);
    }
    // Before the listing took effect there is nothing to review.
    expect(findingsFor('[Na+].[O-][Mn](=O)(=O)=O', '1999-01-01')[0]).toMatchObject({ applies: false, needsReview: false });
  });

  it('a listed salt is only itself: potassium permanganate is not "another salt" of the lithium permanganate listing', () => {
    expect(findingsFor('[K+].[O-][Mn](=O)(=O)=O').map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['potassium-permanganate-fixture', true, false]]);
    expect(findingsFor('[Li+].[O-][Mn](=O)(=O)=O').map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['lithium-permanganate-fixture', true, false]]);
  });

  it('other potassium salts and the salts of a listed acid are not the listed substance', () => {
    // Potassium chloride is a salt of (fixture) hydrochloric acid, which does not extend to salts; nothing about permanganate.
    expect(findingsFor('[K+].[Cl-]').map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['hydrogen-chloride-fixture', false, false]]);
    expect(findingsFor('[K+].[K+].[O-]S([O-])(=O)=O').map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['sulphuric-acid-fixture', false, false]]);
    expect(findingsFor('OS(=O)(=O)O')[0]).toMatchObject({ applies: true, interpretations: ['I-INORGANIC'], substance: { id: 'sulphuric-acid-fixture' } });
    // An isotopologue is the same substance (I-NORMALISE).
    expect(findingsFor('[2H]OS(=O)(=O)O[2H]')[0]).toMatchObject({ applies: true, substance: { id: 'sulphuric-acid-fixture' } });
    const sulfate = findingsFor('[Na+].[Na+].[O-]S([O-])(=O)=O');
    expect(sulfate.map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['sulphuric-acid-fixture', false, false]]);
  });

  it('a "by" date is judged the same way for inorganic listings', () => {
    expect(findingsFor('OS(=O)(=O)O', '2004-06-01')[0]).toMatchObject({ applies: false, needsReview: true });
    expect(findingsFor('OS(=O)(=O)O', '2005-01-01')[0]).toMatchObject({ applies: true, needsReview: false });
  });

  it('a substance without a structure is found by name and CAS number, never matched from a structure', () => {
    const hits = forms.search('7723-14-0');
    expect(hits.map((h) => h.substance.id)).toEqual(['red-phosphorus-fixture']);
    expect(hits[0].substance).toMatchObject({ form: 'none', smiles: '', inchikey: '', formula: '' });
    expect(forms.search('red phosphorus (fixture)')[0].substance.id).toBe('red-phosphorus-fixture');
    expect(findingsFor('[P]')).toEqual([]);
    expect(forms.byInchiKey('')).toEqual([]);
  });
});

describe('sourced fentanyl parts: listed findings', () => {
  // The entries as written (src/registry/fentanyl-sources.test.ts reviews their format and sources).
  const present = SOURCED_FENTANYL_PARTS.filter((p) => existsSync(join(DEFAULT_DATA_DIR, p)));
  const own = readListEntries(DEFAULT_DATA_DIR, present)
    .filter((entry): entry is Entry & { smiles: string } => entry.smiles !== undefined)
    .map((entry) => ({ list: entry.list, entry }));

  it('the sourced parts have substance entries', () => {
    expect(own.length).toBeGreaterThan(0);
  });

  it('every entry yields its listing: not yet in effect the day before its date, in effect from it', () => {
    for (const { list, entry } of own) {
      const structure = structureOf(entry.smiles);
      const dayBefore = new Date(Date.parse(`${entry.effective}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const jurisdiction = list.startsWith('CN-') ? 'CN' : 'UN';
      const before = listedFindings(registry, structure, dayBefore, [jurisdiction]).filter((f) => f.rule === list && f.effective === entry.effective);
      const from = listedFindings(registry, structure, entry.effective, [jurisdiction]).filter((f) => f.rule === list && f.effective === entry.effective);
      expect(before.map((f) => f.applies), `${entry.id} on ${dayBefore}`).toEqual([false]);
      expect(from.map((f) => f.applies), `${entry.id} on ${entry.effective}`).toEqual([true]);
      expect(from[0].substance?.id).toBe(entry.id);
      if (entry.nameZh) expect(from[0].substance?.nameZh).toBeTruthy();
    }
  });

  it('a salt of carfentanil is listed in China from 2017-03-01 (the salt is reduced to its parent)', () => {
    if (!own.some((o) => o.entry.id === 'carfentanil')) return;
    const structure = structureOf('CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCc2ccccc2)CC1.OC(=O)CC(O)(CC(=O)O)C(=O)O');
    const findings = listedFindings(registry, structure, '2017-03-01', ['CN']).filter((f) => f.rule === 'CN-NONMEDICAL');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ applies: true, effective: '2017-03-01', substance: { id: 'carfentanil', nameZh: '卡芬太尼' } });
  });
});
