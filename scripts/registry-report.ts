/**
 * npm run docs:registry: generates docs/registry.md from the compiled registry (counts per jurisdiction
 * and list, every entry with its citation and date, the data format, how to add an entry, known gaps and,
 * when ../shared is present, the cross-check against SWGDRUG and Fentanyl-Hunter). Not hand-written:
 * edit this script or the data, then re-run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readDataFiles, type DataFiles } from '../src/registry/compile.js';
import { sharedFile } from '../src/reference-data.js';
import { chinaSourceCounts, CN_SOURCES, DEA_LIST, deaListCounts, type SourceSection } from '../src/registry/source-counts.js';
import { JURISDICTIONS } from '../src/law/verdict.js';
import { loadRegistry, PROJECT_ROOT } from '../src/registry/registry.js';
import { normaliseName } from '../src/registry/search.js';
import { FENTANYL_HUNTER_FILE, readFentanylHunter, readSwgdrug, referencePath, SWGDRUG_FILE } from '../src/registry/shared-reference.js';
import type { Registry, Substance } from '../src/registry/types.js';

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

/**
 * Each list against the source's own count: China and the US DEA list counted in the whole copies in ../shared
 * (src/registry/source-counts.ts, the same code as the completeness tests); other lists by the count that
 * lists.yaml records from the instrument (`sourceCount`), or "source count not read".
 */
function sourceCounts(registry: Registry, files: DataFiles): string[] {
  const cn = sharedFile(CN_SOURCES);
  const dea = sharedFile(DEA_LIST);
  const row = (s: SourceSection) =>
    `| ${s.list} | ${esc(s.name)} | ${s.entries} | ${s.nameOnly} | ${s.gaps} | ${s.missing.length} | ${s.entries + s.nameOnly + s.gaps} / ${s.stated} |`;
  const out = [
    'Each list\'s items as the source gives them, and how the data accounts for each: an entry with a structure, an entry found by name and CAS number only (`noStructure`), a `gaps:` sentence that names the item and says why it is not an entry, or missing. China and the US DEA list are counted in the whole copies in `../shared/data/legal-sources/` by `src/registry/source-counts.ts`, the code of the completeness tests (`src/registry/cn-counts.test.ts`; `src/registry/us-data.test.ts` for the DEA list).',
    '',
    '| List | Source section | Entries | By name/CAS only | Gaps | Missing | Accounted / source count |',
    '|---|---|---|---|---|---|---|',
  ];
  const sections = [...(cn ? chinaSourceCounts(files, cn) : []), ...(dea ? deaListCounts(registry, files, dea) : [])];
  out.push(...sections.map(row));
  if (!cn) out.push(`| CN-* | China's catalogues | | | | | not counted: ../shared/${CN_SOURCES} was absent |`);
  if (!dea) out.push(`| US-CSA-* | DEA list of 2020-08-20 | | | | | not counted: ../shared/${DEA_LIST} was absent |`);
  const counted = new Set(sections.map((s) => s.list));
  for (const l of registry.lists.filter((x) => !counted.has(x.id))) {
    const n = registry.substances.filter((s) => s.listings.some((x) => x.list === l.id)).length + registry.classEntries.filter((c) => c.list === l.id).length;
    out.push(`| ${l.id} | ${esc(l.title.en)} | ${n} | | ${l.gaps?.length ?? 0} gap sentences | | ${l.sourceCount ? `${n} entries / ${l.sourceCount.items} (${esc(l.sourceCount.source)})` : 'source count not read'} |`);
  }
  out.push('', 'The 2025 非药用类 catalogue also lists 3 classes (芬太尼类物质, 合成大麻素类物质, 尼秦类物质): the class entries of CN-NONMEDICAL. A DEA row counts as an entry when an entry of its schedule carries one of the row\'s names; rows that are preparations, plant material or unverified structures are named in the US gaps.');
  return out;
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

  out.push('', '### Against the sources\' own counts', '', ...sourceCounts(registry, readDataFiles(join(PROJECT_ROOT, 'data', 'lists'))));

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
      'Names match case-, punctuation- and whitespace-insensitively (α = alpha); up to 1 typo is tolerated for names of 5–8 characters and 2 beyond (none for 4 or fewer: ANPP is not NPP). Exact hits, when there are any, hide typo and partial hits. ' +
      'A substance without a structure (`form: "none"`: red phosphorus, or an entry by name and CAS number only) is found by name or CAS number and says so; given to `classify` by its name or CAS number it is answered `NO_STRUCTURE` (400 in the API, exit 2 in the CLI), pointing to `narcotrace lookup`. `lookup` judges `inEffect` on `--as-of` with the same function as `classify` (`listingDates`).',
    '',
    '## How listings become findings',
    '',
    '- A structure matches a listing on its full InChIKey (of the normalised parent: salts stripped, charges neutralised, isotopes dropped; so a hydrochloride matches its base).',
    '- A date may be written "YYYY" (only the year is documented: applies from the next 1 January, needsReview within the year) or "by YYYY-MM-DD" (only a date on which the listing was in force is documented: applies from it, needsReview before it).',
    '- A listing with `stereo: any`, or one that `covers` stereoisomers, also matches on the InChIKey first block (another stereoisomer); the reason then says the match was stereo-insensitive. A listing with `stereo: exact` and no stereoisomer coverage matches only its own stereoisomer.',
    '- Every matching listing is reported. `applies` is true when the listing is in effect on the as-of date (`effective` ≤ date < `until`); otherwise the reason says "Not yet in effect on … : listed … from …" or "No longer in effect …".',
    '- A listing that `covers` esters or ethers also reaches the esters and ethers of its substance: a structure that gives the listed substance when one to three of its ester or ether bonds at oxygen are cleaved (docs/interpretation.md, I-ESTER-ETHER). Such findings carry `derivative: { kind, of }`; a derivative that is listed itself is governed by its own listing.',
    '- Salts: a hydrochloride matches its base only through a listing that `covers` salts. When the input had counter-ions or charges removed (`structure.saltForm`) and the listing does not extend to salts (e.g. \"hydrochloric acid\", \"acetone\"), the finding says so and does not apply.',
    '- A listing of one stereoisomer (`stereo: exact`) that matches the full InChIKey governs that stereoisomer: general listings of the same skeleton in the same jurisdiction are then reported with `applies: false` (LAAM in Schedule II although acetylmethadol and its isomers are Schedule I).',
    '- `isomers` records the instrument\'s word. Outside US 21 CFR 1308.11(d) it means optical isomers (21 CFR 1300.01), which the stereo-insensitive match covers; `positional-isomers` (US hallucinogens) makes a structure with the same formula, ring systems and functional groups a *possible positional isomer*, reported with `needsReview` (docs/interpretation.md, I-POSITIONAL-ISOMER).',
    '- `knownUntil`: the listing is documented in force until that date (e.g. the end of a temporary order) and its continuation was not read; findings on or after it need review.',
    '- Class entries (`classRule`) are listed here but never matched by InChIKey: the class-rule engine (`rules/`) evaluates them.',
    '- Inorganic substances (no carbon: potassium permanganate, hydrochloric and sulphuric acid, iodine) are matched as a whole, all ions kept (the formula of the whole substance, `structure.inorganic`), so potassium permanganate is the listed substance however it is drawn; another salt of a listed salt\'s ion (sodium permanganate) is reported with `needsReview`; findings name docs/interpretation.md, I-INORGANIC. An entry with `noStructure` (red phosphorus) is found by name or CAS number only.',
    '- `threshold`: quantity or concentration thresholds are copied into the finding for screening; `applies` does not depend on them. `classify` and `narcotrace lookup` judge dates with the same function (`listingDates`).',
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
    '    knownUntil: "2025-12-12"     # optional: documented in force until then, continuation not recorded (needs review after)',
    '    covers: [salts, isomers, esters, ethers]   # what the instrument extends the listing to (also stereoisomers, positional-isomers)',
    '    note: "…"                    # optional, shown in the explanation',
    '    saltCas: [{ cas: "…", salt: hydrochloride }]   # optional: a salt form\'s CAS number, kept apart from the substance\'s own',
    '    threshold:                   # optional: quantity or concentration thresholds, each with its citation',
    '      - { quantity: 1, unit: kg, basis: per-transaction, weight: base, scope: "…", citation: "…" }',
    '  - id: potassium-permanganate',
    '    smiles: "[K+].[O-][Mn](=O)(=O)=O"   # a substance without carbon is written whole, with its ions (I-INORGANIC)',
    '  - id: red-phosphorus',
    '    cas: ["7723-14-0"]',
    '    noStructure: "a polymeric allotrope; no SMILES represents it"   # instead of smiles: found by name or CAS only',
    '  - id: fentanyl-related-substances',
    '    name: Fentanyl-related substances',
    '    classRule: US-FRS            # a class entry: no SMILES; null when the class is not machine-evaluated yet',
    '    status: Schedule I',
    '    citation: "…"',
    '    effective: "2018-02-06"',
    '```',
    '',
    'Unknown fields, malformed dates, bad CAS check digits, unparsable SMILES, a multi-fragment SMILES with carbon (only a substance without carbon is written with its ions), both or neither of `smiles` and `noStructure`, a threshold whose unit does not fit its basis, an `exact` entry without stereo, a CN entry without `nameZh`, a file for an unknown list or in the wrong jurisdiction directory, and one id with two different structures all stop loading with the file and line of each problem (`INVALID_DATA`). ' +
      'Two ids for one structure load (merged under the first id, the other kept as an alias) with a warning.',
    '',
    'The compiled index is cached in `var/registry-index.json`, keyed by a hash of every data file, the compiler version and the RDKit version; `npm run build:registry` writes it ahead of time (`-- --force` to rebuild). Without it the first load compiles (a few seconds).',
    '',
    '## How to add an entry',
    '',
    '1. Find the instrument that lists the substance and the date the listing took effect. If you are not sure of the date, the citation or the structure, do not add the entry: add it to the known gaps instead.',
    '2. Open the part file for the list and family (`data/lists/<us|cn|un>/<LIST-ID>.<part>.yaml`), or create one and say in its header comment what it covers and which sources it uses. A new list id must first be defined in `data/lists/lists.yaml`.',
    '3. Write the entry: reuse the `id` the substance has in other lists (`narcotrace lookup <name> --json` shows it), give the parent SMILES (no salts; stereo only when the listing names one stereoisomer, then `stereo: exact`), the status in the instrument\'s own words, the most precise citation you are sure of, the effective date and what the listing `covers`.',
    '4. Check the structure: `npx narcotrace classify --json \'SMILES\'` prints the normalised parent\'s `structure.inchikey` and `structure.formula`; compare the InChIKey with SWGDRUG / Fentanyl-Hunter in `../shared` or another trusted source, and the formula with the chemical name.',
    '5. Run `npm run build:registry` (stops with file:line on any invalid entry), then `npx vitest run src/registry` (the cross-checks compare every entry with the reference data; a justified disagreement goes into the exception list of `src/registry/crosscheck.test.ts` with its reason).',
    '6. Run `npm run docs:registry` to regenerate this page, and commit the part file and this page together.',
    '',
    '## Adding a jurisdiction',
    '',
    'The jurisdictions are data: `data/jurisdictions.yaml` gives each one\'s `id` (upper-case letters and digits, e.g. `US`), `names` (`en`, `zh`), `kind` (`country` or `international`) and an optional `note`, in the order verdicts list them (the default of `--jurisdictions`). Code reads the file once through `src/registry/jurisdictions.ts` (`JURISDICTIONS`, `isJurisdiction`, `jurisdictionInfos()`, `jurisdictionOfId()`); a bad file stops start-up with its file, line and field (`INVALID_DATA`). A finding belongs to the jurisdiction whose id prefixes its list or rule id (`US-CSA-II` → `US`), and the list and rule schemas refuse ids and `jurisdiction:` fields that name no known jurisdiction.',
    '',
    '1. Add the jurisdiction to `data/jurisdictions.yaml` (e.g. `id: EU`, its names in English and 中文, its `kind`).',
    '2. Define its lists in `data/lists/lists.yaml` with ids `<ID>-…` and `jurisdiction: <ID>`, and write their part files in `data/lists/<id in lower case>/` (e.g. `data/lists/eu/EU-DRUGS-I.<part>.yaml`). Class rules for it go in `rules/<ID>-….yaml` with `jurisdiction: <ID>`.',
    '3. Add tests beside the data (a review test of the new lists like `src/registry/us-data.test.ts`, and the new id in `src/registry/jurisdictions.test.ts`), then run `npm run build:registry`, `npx vitest run src/registry src/law src/cli` and `npm run docs:registry` to regenerate this page.',
    '',
    '## Known gaps',
    '',
    'Each part file lists what it knowingly leaves out in its `gaps:` field; they are collected here, by file. US citations give the section (21 CFR 1308.11, 1308.12(c), 1310.02(a)) and the Federal Register document rather than a paragraph number where the number was not read, because paragraph numbers change as entries are inserted.',
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
