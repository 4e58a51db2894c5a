/**
 * npm run docs:registry: generates docs/registry.md from the compiled registry (counts per jurisdiction
 * and list, every entry with its citation and date, the data format, how to add an entry, known gaps and,
 * when ../shared is present, the cross-check against SWGDRUG and Fentanyl-Hunter). Not hand-written:
 * edit this script or the data, then re-run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readDataFiles } from '../src/registry/compile.js';
import { JURISDICTIONS } from '../src/law/verdict.js';
import { loadRegistry, PROJECT_ROOT } from '../src/registry/registry.js';
import { normaliseName } from '../src/registry/search.js';
import { FENTANYL_HUNTER_FILE, readFentanylHunter, readSwgdrug, referencePath, SWGDRUG_FILE } from '../src/registry/shared-reference.js';
import type { Registry, Substance } from '../src/registry/types.js';

/**
 * Reviewed known gaps of the fentanyl-family part files (*.fentanyl.yaml). Part files of other families
 * state their own gaps in their header comments; those are listed below by file.
 */
const FENTANYL_GAPS: string[] = [
  'US Schedule II: alfentanil, sufentanil and carfentanil are entered with `effective: "by 2025-07-16"` (`US-CSA-II.fentanyl-current.yaml`): listed in 21 CFR 1308.12(c) and certainly in force when the HALT Fentanyl Act made the FRS definition permanent; their own placement dates are not yet recorded, so as-of dates before 2025-07-16 return needsReview. Thiafentanil is entered from 2016-08-26 (interim final rule 81 FR 58834 under 21 U.S.C. 811(j), immediately effective; `US-CSA-II.fentanyl-sources.yaml`).',
  'US Schedule I: the fentanyl analogues placed in the 1980s (acetyl-alpha-methylfentanyl, alpha-methylfentanyl, alpha-methylthiofentanyl, beta-hydroxyfentanyl, beta-hydroxy-3-methylfentanyl, 3-methylfentanyl, 3-methylthiofentanyl, para-fluorofentanyl, thiofentanyl; 3-methylthiofentanyl and five others by 52 FR 20070 of 29 May 1987) are not entered until each effective date is confirmed. All are covered by the US-FRS class from 2018-02-06.',
  'US Schedule I: later individually scheduled analogues not yet entered: 4-fluoroisobutyryl fentanyl, cyclopropyl fentanyl, crotonyl fentanyl, the "10 specific" (86 FR 22113) and "nine specific" (88 FR 85104) fentanyl-related substances. All fall under the US-FRS class from 2018-02-06.',
  'US List I: NPP (N-phenethyl-4-piperidone) is entered with `effective: "by 2008-07-25"`: controlled by interim rule 72 FR 20039 (published 2007-04-23), finalised by 73 FR 43355 (2008-07-25); the interim rule\'s own effective date is not yet read.',
  'US citations give the section (21 CFR 1308.11, 1308.12(c), 1308.12(g), 1310.02(a)) and the Federal Register document, not the paragraph number, because paragraph numbers change as entries are inserted.',
  'China 麻醉药品品种目录（2013年版）: only fentanyl, alfentanil, sufentanil, remifentanil, 3-methylfentanyl, para-fluorofentanyl and thiofentanyl are entered. The catalogue\'s other fentanyls (acetyl-alpha-methylfentanyl, alpha-methylfentanyl, alpha-methylthiofentanyl, beta-hydroxyfentanyl, beta-hydroxy-3-methylfentanyl, 3-methylthiofentanyl) wait for a check of their catalogue names.',
  'China 非药用类 增补目录: acetyl fentanyl, butyryl fentanyl, ocfentanil and isobutyryl fentanyl (2015), carfentanil, furanyl fentanyl, acryl fentanyl and valeryl fentanyl (2017-03-01), 4-fluoroisobutyryl fentanyl and tetrahydrofuranyl fentanyl (2018-09-01) are entered (`CN-NONMEDICAL.fentanyl*.yaml`, each with its source). β-hydroxythiofentanyl and 4-fluorobutyryl fentanyl (2015) wait for their Chinese names. From 2019-05-01 the CN-FENTANYL-CLASS class covers all of them.',
  'UN 1961 Convention: fentanyl is entered in Schedule I with the year 1964 only (the day the notification took effect is not documented; findings apply from 1965-01-01 and need review within 1964). The analogues scheduled by the CND in 2016 (acetylfentanyl), 2017 (butyrfentanyl) and 2018 (carfentanil, also Schedule IV; ocfentanil, furanylfentanyl, acryloylfentanyl, 4-fluoroisobutyrfentanyl, tetrahydrofuranylfentanyl) are entered "by" the end of the year after the vote (`UN-1961-*.fentanyl-current.yaml`). Alfentanil, sufentanil, the 1980s analogues and the CND 2019–2020 additions are not entered: their dates of effect are not confirmed.',
  'UN 1988 Table I citations name the CND session (March 2017, 2022, 2024) rather than the decision numbers, which are not confirmed here.',
];

/** The `gaps:` each part file declares (what it knowingly leaves out, and why), by file. */
function gapsByFile(): { file: string; gaps: string[] }[] {
  const files = readDataFiles(join(PROJECT_ROOT, 'data', 'lists'));
  const out: { file: string; gaps: string[] }[] = [];
  for (const part of files.parts) {
    const doc = parse(part.text) as { gaps?: string[] } | null;
    if (doc?.gaps?.length) out.push({ file: part.relative, gaps: doc.gaps });
  }
  return out;
}

function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function crossCheck(registry: Registry): string[] {
  const lines: string[] = [];
  const swg = referencePath(SWGDRUG_FILE);
  const fh = referencePath(FENTANYL_HUNTER_FILE);
  if (!swg && !fh) return ['The reference files in ../shared were not found when this report was generated; see `src/registry/crosscheck.test.ts`.'];
  const namesOf = (s: Substance) => new Set([s.names.en, s.id, ...s.synonyms].map(normaliseName));
  for (const [label, path, read] of [
    ['SWGDRUG 3.4 (`shared/' + SWGDRUG_FILE + '`)', swg, readSwgdrug],
    ['Fentanyl-Hunter (`shared/' + FENTANYL_HUNTER_FILE + '`)', fh, readFentanylHunter],
  ] as const) {
    if (!path) continue;
    const records = read(path);
    let byKey = 0;
    let byName = 0;
    let agree = 0;
    for (const s of registry.substances) {
      if (records.some((r) => r.inchikey?.slice(0, 14) === s.inchikey.slice(0, 14))) byKey++;
      const names = namesOf(s);
      const hits = records.filter((r) => r.inchikey && r.names.some((n) => names.has(n)));
      if (hits.length) {
        byName++;
        if (hits.some((h) => h.inchikey!.slice(0, 14) === s.inchikey.slice(0, 14))) agree++;
      }
    }
    lines.push(
      `- ${label}: ${byKey} of ${registry.substances.length} registry substances have the same InChIKey skeleton there; ${byName} are found there by name, and ${agree} of those agree on the InChIKey skeleton (disagreements are reviewed exceptions in \`src/registry/crosscheck.test.ts\`).`,
    );
  }
  return lines;
}

function render(registry: Registry): string {
  const out: string[] = [];
  const substancesOn = (listId: string) => registry.substances.filter((s) => s.listings.some((l) => l.list === listId));
  out.push(
    '# Registry: explicit lists of controlled substances and precursors',
    '',
    '<!-- Generated by `npm run docs:registry` (scripts/registry-report.ts). Do not edit by hand. -->',
    '',
    `Data version \`${registry.version}\`. ${registry.substances.length} distinct substances (merged by InChIKey) and ${registry.classEntries.length} class entries on ${registry.lists.length} lists. ` +
      'Structures are reviewed data in `data/lists/`; InChIKeys and formulas are computed from the SMILES with RDKit when the index is compiled, never typed.',
    '',
    '## Counts',
    '',
    '| Jurisdiction | Lists with entries | Substance listings | Class entries |',
    '|---|---|---|---|',
  );
  for (const j of JURISDICTIONS) {
    const lists = registry.lists.filter((l) => l.jurisdiction === j);
    const listings = registry.substances.reduce((n, s) => n + s.listings.filter((l) => l.jurisdiction === j).length, 0);
    out.push(`| ${j} | ${lists.filter((l) => l.count > 0).length} of ${lists.length} | ${listings} | ${registry.classEntries.filter((c) => c.jurisdiction === j).length} |`);
  }
  out.push('', '| List | Title | Instrument | Category | Substances | Class entries |', '|---|---|---|---|---|---|');
  for (const l of registry.lists) {
    const title = l.title.language === 'en' ? l.title.en : `${l.title.en} / ${l.title.original}`;
    out.push(`| ${l.id} | ${esc(title)} | ${esc(l.instrument)} | ${l.category} | ${substancesOn(l.id).length} | ${registry.classEntries.filter((c) => c.list === l.id).length} |`);
  }

  out.push('', '## Cross-check against independent reference data', '', ...crossCheck(registry));

  out.push(
    '',
    '## Look-up',
    '',
    '```sh',
    'narcotrace lookup fentanyl            # English name, synonym or code name (typos tolerated)',
    'narcotrace lookup 芬太尼               # Chinese name',
    'narcotrace lookup fen tai ni          # pinyin, with or without spaces',
    'narcotrace lookup 437-38-7            # CAS number (check digit verified)',
    'narcotrace lookup PJMPHNIQZUBGLI      # InChIKey, full or first block (stereo-insensitive)',
    'narcotrace lookup --list US-LIST-I    # a whole list',
    'narcotrace lookup fentanyl --json --as-of 2019-06-01',
    '```',
    '',
    'Exit codes: 0 found, 1 nothing found (`NOT_FOUND`), 2 bad query or option (`INVALID_QUERY`, `CAS_FORMAT`, `CAS_CHECK_DIGIT`, `INVALID_OPTION`, `INVALID_DATE`), 3 invalid registry data (`INVALID_DATA`). ' +
      'In code, `Registry.search()` throws `ProblemError` with these codes and returns `[]` when nothing matches. A query is at most 256 characters with no control characters. ' +
      'Names match case-, punctuation- and whitespace-insensitively (α = alpha); up to 1 typo is tolerated for names of 5–8 characters and 2 beyond (none for 4 or fewer: ANPP is not NPP). Exact hits, when there are any, hide typo and partial hits.',
    '',
    '## How listings become findings',
    '',
    '- A structure matches a listing on its full InChIKey (of the normalised parent: salts stripped, charges neutralised, isotopes dropped; so a hydrochloride matches its base).',
    '- A date may be written "YYYY" (only the year is documented: applies from the next 1 January, needsReview within the year) or "by YYYY-MM-DD" (only a date on which the listing was in force is documented: applies from it, needsReview before it).',
    '- A listing with `stereo: any`, or one that `covers` stereoisomers, also matches on the InChIKey first block (another stereoisomer); the reason then says the match was stereo-insensitive. A listing with `stereo: exact` and no stereoisomer coverage matches only its own stereoisomer.',
    '- Every matching listing is reported. `applies` is true when the listing is in effect on the as-of date (`effective` ≤ date < `until`); otherwise the reason says "Not yet in effect on … : listed … from …" or "No longer in effect …".',
    '- A listing that `covers` esters or ethers also reaches the esters and ethers of its substance: a structure that gives the listed substance when one to three of its ester or ether bonds at oxygen are cleaved (docs/interpretation.md, I-ESTER-ETHER). Such findings carry `derivative: { kind, of }`; a derivative that is listed itself is governed by its own listing.',
    '- Class entries (`classRule`) are listed here but never matched by InChIKey: the class-rule engine (`rules/`) evaluates them.',
    '',
    '## Data format',
    '',
    'List metadata lives once in `data/lists/lists.yaml` (`id`, `jurisdiction`, `category` drug|precursor, `title` {en, original, language}, `instrument`, `citation`, optional `note`). ' +
      'Entries live in part files `data/lists/<us|cn|un>/<LIST-ID>.<part>.yaml`; the list id is the file name before the first dot. Each part file starts with a comment saying what it covers and which sources were used, then:',
    '',
    '```yaml',
    'entries:',
    '  - id: fentanyl                 # stable kebab-case id; the same id in every list for the same substance',
    '    name: Fentanyl               # English name',
    '    nameZh: 芬太尼               # 简体 name (required in CN lists)',
    '    synonyms: ["…"]              # other names and code names',
    '    cas: ["437-38-7"]            # only numbers you are sure of; the check digit is verified',
    '    smiles: "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"   # the parent, one fragment; stereo only if the listing is stereo-specific',
    '    stereo: any                  # or exact: only that stereoisomer (unless covers includes stereoisomers)',
    '    status: Schedule II          # in the instrument\'s language; statusEn when not English',
    '    citation: "21 CFR 1308.12(c)"',
    '    effective: "1971-05-01"      # the date the listing took effect',
    '    until: "2020-01-01"          # optional: end of effect',
    '    covers: [salts, isomers, esters, ethers]   # what the instrument extends the listing to',
    '    note: "…"                    # optional, shown in the explanation',
    '  - id: fentanyl-related-substances',
    '    name: Fentanyl-related substances',
    '    classRule: US-FRS            # a class entry: no SMILES; null when the class is not machine-evaluated yet',
    '    status: Schedule I',
    '    citation: "…"',
    '    effective: "2018-02-06"',
    '```',
    '',
    'Unknown fields, malformed dates, bad CAS check digits, unparsable or multi-fragment SMILES, an `exact` entry without stereo, a CN entry without `nameZh`, a file for an unknown list or in the wrong jurisdiction directory, and one id with two different structures all stop loading with the file and line of each problem (`INVALID_DATA`). ' +
      'Two ids for one structure load (merged under the first id, the other kept as an alias) with a warning.',
    '',
    'The compiled index is cached in `var/registry-index.json`, keyed by a hash of every data file, the compiler version and the RDKit version; `npm run build:registry` writes it ahead of time (`-- --force` to rebuild). Without it the first load compiles (a few seconds).',
    '',
    '## How to add an entry',
    '',
    '1. Find the instrument that lists the substance and the date the listing took effect. If you are not sure of the date, the citation or the structure, do not add the entry: add it to the known gaps instead.',
    '2. Open the part file for the list and family (`data/lists/<us|cn|un>/<LIST-ID>.<part>.yaml`), or create one and say in its header comment what it covers and which sources it uses. A new list id must first be defined in `data/lists/lists.yaml`.',
    '3. Write the entry: reuse the `id` the substance has in other lists (`narcotrace lookup <name> --json` shows it), give the parent SMILES (no salts; stereo only when the listing names one stereoisomer, then `stereo: exact`), the status in the instrument\'s own words, the most precise citation you are sure of, the effective date and what the listing `covers`.',
    '4. Check the structure: `npx tsx -e "import {loadRDKit} from \'./src/chem/rdkit.ts\'; import {prepareStructure} from \'./src/chem/structure.ts\'; await loadRDKit(); const r=prepareStructure(process.argv[1]); console.log(r.ok ? r.prepared.structure.inchikey : r.problem)" \'SMILES\'` and compare the InChIKey with SWGDRUG / Fentanyl-Hunter in `../shared` or another trusted source.',
    '5. Run `npm run build:registry` (stops with file:line on any invalid entry), then `npx vitest run src/registry` (the cross-checks compare every entry with the reference data; a justified disagreement goes into the exception list of `src/registry/crosscheck.test.ts` with its reason).',
    '6. Run `npm run docs:registry` to regenerate this page, and commit the part file and this page together.',
    '',
    '## Known gaps',
    '',
    '### Fentanyl family (`*.fentanyl.yaml`)',
    '',
    ...FENTANYL_GAPS.map((g) => `- ${g}`),
    '',
    '### By part file',
    '',
    'Each part file lists what it knowingly leaves out in its `gaps:` field; they are collected here.',
    '',
    ...gapsByFile().flatMap(({ file, gaps }) => [`**\`${file}\`**`, '', ...gaps.map((g) => `- ${g}`), '']),
    'Lists with no entries yet: ' +
      (registry.lists.filter((l) => l.count === 0).map((l) => `\`${l.id}\``).join(', ') || 'none') +
      '.',
    '',
    '## Entries',
    '',
  );
  for (const l of registry.lists) {
    const subs = substancesOn(l.id);
    const classes = registry.classEntries.filter((c) => c.list === l.id);
    if (!subs.length && !classes.length) continue;
    out.push(`### ${l.id}: ${l.title.en}${l.title.language !== 'en' ? ` / ${l.title.original}` : ''}`, '', '| Substance | 中文名 | CAS | Status | Citation | Effective |', '|---|---|---|---|---|---|');
    for (const s of subs)
      for (const x of s.listings.filter((y) => y.list === l.id))
        out.push(`| ${esc(s.names.en)} | ${esc(s.names.zh ?? '')} | ${s.cas.join(', ')} | ${esc(x.status)} | ${esc(x.citation)} | ${x.effective}${x.until ? ` – ${x.until}` : ''} |`);
    for (const c of classes)
      out.push(`| ${esc(c.names.en)} (class: ${c.classRule ?? 'not machine-evaluated'}) | ${esc(c.names.zh ?? '')} |  | ${esc(c.status)} | ${esc(c.citation)} | ${c.effective}${c.until ? ` – ${c.until}` : ''} |`);
    out.push('');
  }
  return out.join('\n');
}

const registry = await loadRegistry();
const file = join(PROJECT_ROOT, 'docs', 'registry.md');
mkdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true });
writeFileSync(file, render(registry));
console.log(`Wrote docs/registry.md (${registry.substances.length} substances, ${registry.lists.length} lists, data version ${registry.version}).`);
