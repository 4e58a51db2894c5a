/**
 * Evidence: registry structures agree with independent reference data in ../shared (SWGDRUG 3.4 and
 * Fentanyl-Hunter). Skips with a printed reason when ../shared is absent (override: NARCOTRACE_SHARED).
 * Every exception below was reviewed and says why the disagreement is not a registry error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry } from './registry.js';
import { normaliseName } from './search.js';
import { FENTANYL_HUNTER_FILE, readFentanylHunter, readSwgdrug, referencePath, sharedDir, SWGDRUG_FILE, type ReferenceRecord } from './shared-reference.js';
import type { Registry, Substance } from './types.js';

/** Registry id → why its name matches a reference record whose InChIKey skeleton differs. */
const NAME_EXCEPTIONS: Record<'swgdrug' | 'fentanyl-hunter', Record<string, string>> = {
  swgdrug: {
    '5-meo-dalt':
      "SWGDRUG's 5-MeO-DALT record (CAS 928822-98-4, C17H22N2O) has InChIKey JLIQJAHVXMNNJK, which does not encode N,N-diallyl-5-methoxytryptamine; China's 2015 supplementary catalogue (no. 95) names that structure (N,N-二烯丙基-5-甲氧基色胺, 5-Methoxy-N,N-diallyltryptamine), which is the registry's (HGRHWEAUHXYNNP).",
    mmda:
      "SWGDRUG's MMDA record lists the synonym 7-methoxy-α-methyl-1,3-benzodioxole-5-ethanamine, which is the registry structure (5-methoxy-3,4-methylenedioxyamphetamine, 21 CFR 1308.11(d)), but its InChIKey field (OSJXZWMDUMAITM) does not encode that synonym; the record is internally inconsistent.",
  },
  'fentanyl-hunter': {
    'meta-fluorofentanyl':
      "Fentanyl-Hunter's 'meta-fluorofentanyl' row has a pentanoyl (valeryl) chain, C(CCCC)=O, so it is meta-fluorovaleryl fentanyl (RBNHLBNQCFIATD); 88 FR 85104's chemical name is the propionamide, which SWGDRUG 3.4 'meta-Fluorofentanyl' agrees with (SLTQVWMQISKVDN).",
    'meta-fluoroisobutyryl-fentanyl':
      "Fentanyl-Hunter's 'meta-Fluoro Isobutyryl Fentanyl' row has a straight butanoyl chain, C(CCC)=O, so it is meta-fluorobutyryl fentanyl (BSGQPGPNNBBEEQ); the isobutyramide of 88 FR 85104 agrees with SWGDRUG 3.4 'meta-Fluoroisobutyryl fentanyl' (QBNWLXVOLIWDQF).",
  },
};

/** "registry id + SWGDRUG CAS" → why the registry does not carry SWGDRUG's CAS number for the same InChIKey. */
const CAS_EXCEPTIONS: Record<string, string> = {
  'cocaine 478-73-9':
    "The registry's cocaine is written without stereo (the listing covers its isomers), so its InChIKey equals that of SWGDRUG's stereo-less Pseudococaine record; 478-73-9 is pseudococaine's CAS number, a different stereoisomer, not cocaine's.",
};

/**
 * "registry id + CAS" → why the registry keeps a CAS number that SWGDRUG gives to a record of another full
 * InChIKey (reviewed; the number is right for the registry's substance).
 */
const CAS_TAKEN_EXCEPTIONS: Record<string, string> = {
  '5-meo-dalt 928822-98-4':
    "SWGDRUG 3.4 '5-MeO-DALT' (5-Methoxy-N,N-diallyltryptamine) carries this CAS number and the right formula, but its InChIKey field (JLIQJAHVXMNNJK) does not encode the record's own name; the registry structure is the catalogue's chemical name (HGRHWEAUHXYNNP), so the number is 5-MeO-DALT's and the reference key is wrong (issue #8).",
};

/**
 * A labelled isotopologue (an internal-standard reference spectrum): deuterium in the formula, or a name marked
 * -d3, -d5, -d8, (d4), 13C or 15N. Its CAS number is never the unlabelled substance's.
 */
function isLabelled(r: ReferenceRecord): boolean {
  return /(?:^|[^A-Za-z])D\d*(?![a-z])/.test(r.formula ?? '') || /(?:[-_ (]d\d{1,2}\b|\b13C\d*\b|\b15N\d*\b|\bdeuter)/i.test(r.displayName);
}

/**
 * Registry CAS numbers that SWGDRUG gives to another substance. A number SWGDRUG holds must be that of a
 * record with the same full InChIKey (or the same skeleton where one of the two keys leaves stereo
 * unspecified), and never that of a labelled isotopologue. The review found phenazepam-d4's, α-PVP-d8's and
 * HU-211's numbers on phenazepam, α-PVP and HU-210, from SWGDRUG records matched on the first block alone.
 */
function casTakenFromOthers(substances: readonly Substance[], records: readonly ReferenceRecord[]): string[] {
  const byCas = new Map<string, ReferenceRecord[]>();
  for (const r of records) if (r.cas) byCas.set(r.cas, [...(byCas.get(r.cas) ?? []), r]);
  const wrong: string[] = [];
  for (const s of substances) {
    for (const cas of [...s.cas, ...(s.saltCas ?? []).map((x) => x.cas)]) {
      const holders = byCas.get(cas) ?? [];
      if (!holders.length || `${s.id} ${cas}` in CAS_TAKEN_EXCEPTIONS) continue;
      const labelled = holders.filter(isLabelled);
      if (labelled.length) {
        wrong.push(`${s.id}: ${cas} is SWGDRUG's number for the labelled isotopologue ${labelled.map((r) => `"${r.displayName}" (${r.formula ?? '?'})`).join(', ')}`);
        continue;
      }
      if (!s.inchikey || s.form === 'inorganic') continue;
      const keyed = holders.filter((r) => r.inchikey);
      if (!keyed.length || keyed.some((r) => sameSubstanceKey(r.inchikey!, s.inchikey))) continue;
      const stereo = keyed.filter((r) => r.inchikey!.slice(0, 14) === s.inchikey.slice(0, 14));
      wrong.push(
        stereo.length
          ? `${s.id}: ${cas} is SWGDRUG's number for another stereoisomer, ${stereo.map((r) => `"${r.displayName}" ${r.inchikey}`).join(', ')} (registry ${s.inchikey})`
          : `${s.id}: ${cas} is SWGDRUG's number for another structure, ${keyed.map((r) => `"${r.displayName}" ${r.inchikey}`).join(', ')} (registry ${s.inchikey})`,
      );
    }
  }
  return wrong;
}

/** The same substance for a CAS number: the same full InChIKey, or the same skeleton where one key leaves stereo unspecified. */
function sameSubstanceKey(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.slice(0, 14) !== b.slice(0, 14)) return false;
  const unspecified = (k: string) => k.slice(15, 25) === 'UHFFFAOYSA';
  return unspecified(a) || unspecified(b);
}

const swgdrugPath = referencePath(SWGDRUG_FILE);
const hunterPath = referencePath(FENTANYL_HUNTER_FILE);

function namesOf(s: Substance): Set<string> {
  return new Set([s.names.en, s.id, ...s.synonyms].map(normaliseName).filter(Boolean));
}

/** Substances whose name matches reference records, none of which has the same InChIKey first block. */
function nameMismatches(registry: Registry, records: readonly ReferenceRecord[]) {
  const out: { id: string; inchikey: string; reference: string[] }[] = [];
  let compared = 0;
  for (const s of registry.substances) {
    const names = namesOf(s);
    const hits = records.filter((r) => r.inchikey && r.names.some((n) => names.has(n)));
    if (!hits.length) continue;
    compared++;
    if (!hits.some((h) => h.inchikey!.slice(0, 14) === s.inchikey.slice(0, 14)))
      out.push({ id: s.id, inchikey: s.inchikey, reference: hits.map((h) => `${h.displayName} ${h.inchikey}`) });
  }
  return { out, compared };
}

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
});

describe.skipIf(!swgdrugPath)('registry vs SWGDRUG 3.4 (names, InChIKeys, CAS numbers)', () => {
  if (!swgdrugPath) console.log(`skipped: ${SWGDRUG_FILE} not found under ${sharedDir()} (set NARCOTRACE_SHARED)`);
  const records = swgdrugPath ? readSwgdrug(swgdrugPath) : [];

  it('every entry whose name is in SWGDRUG has the same InChIKey first block', () => {
    const { out, compared } = nameMismatches(registry, records);
    console.log(`SWGDRUG: ${compared} registry substances compared by name`);
    expect(compared).toBeGreaterThan(10);
    expect(out.filter((m) => !(m.id in NAME_EXCEPTIONS.swgdrug))).toEqual([]);
  });

  it('every entry whose InChIKey is in SWGDRUG shares a name with that record, or the record is a listed exception', () => {
    // The same structure under an unrelated name would mean a wrong SMILES in data/.
    const unrelated: string[] = [];
    for (const s of registry.substances) {
      const names = namesOf(s);
      for (const r of records.filter((x) => x.inchikey === s.inchikey))
        if (!r.names.some((n) => names.has(n) || [...names].some((m) => n.includes(m) || m.includes(n)))) unrelated.push(`${s.id} ~ ${r.displayName}`);
    }
    // Names differ legitimately (trade names, salts named in full); print them for review, fail only on a flood.
    if (unrelated.length) console.log(`SWGDRUG same-InChIKey records with other names (review):\n  ${unrelated.join('\n  ')}`);
    expect(unrelated.length).toBeLessThan(registry.substances.length / 4);
  });

  it('CAS numbers agree with SWGDRUG CASNO where both exist for the same full InChIKey (isotopologue records aside)', () => {
    const disagreements: string[] = [];
    for (const s of registry.substances) {
      if (!s.cas.length || !s.inchikey) continue;
      for (const r of records.filter((x) => x.inchikey === s.inchikey && x.cas && !isLabelled(x)))
        // A salt form's number (saltCas, issue #8) agrees as well: SWGDRUG often gives the reference standard's salt.
        if (![...s.cas, ...(s.saltCas ?? []).map((x) => x.cas)].includes(r.cas!) && !(`${s.id} ${r.cas}` in CAS_EXCEPTIONS)) disagreements.push(`${s.id}: registry ${s.cas.join(', ')}; SWGDRUG "${r.displayName}" ${r.cas}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('no CAS number is taken from another substance: a labelled isotopologue, another stereoisomer or another structure', () => {
    const wrong = casTakenFromOthers(registry.substances, records);
    if (wrong.length) console.log(`CAS numbers taken from another substance:\n  ${wrong.join('\n  ')}`);
    expect(wrong).toEqual([]);
  });

  it("catches the review's cases: phenazepam-d4's, α-PVP-d8's and HU-211's numbers on phenazepam, α-PVP and HU-210", () => {
    const planted = [
      ['phenazepam', '1184980-42-4', /labelled isotopologue "Phenazepam-d4"/],
      ['alpha-pvp', '1781744-06-6', /labelled isotopologue ".alpha.-PVP-d8"/],
      ['hu-210', '112924-45-5', /another stereoisomer/],
    ] as const;
    for (const [id, cas, expected] of planted) {
      const s = registry.byId(id);
      expect(s, id).toBeDefined();
      const wrong = casTakenFromOthers([{ ...s!, cas: [cas] }], records);
      expect(wrong.join('\n'), id).toMatch(expected);
    }
  });

  it('the isotopologue test recognises labelled records by name and by formula', () => {
    const labelled = records.filter(isLabelled);
    expect(labelled.length).toBeGreaterThan(50);
    expect(labelled.some((r) => r.displayName === 'Phenazepam-d4')).toBe(true);
    expect(records.filter((r) => r.displayName === 'Phenazepam').every((r) => !isLabelled(r))).toBe(true);
  });

  it('every exception is still needed (no stale exceptions)', () => {
    const { out } = nameMismatches(registry, records);
    for (const id of Object.keys(NAME_EXCEPTIONS.swgdrug)) expect(out.map((m) => m.id)).toContain(id);
  });
});

describe.skipIf(!hunterPath)('registry vs Fentanyl-Hunter structures', () => {
  if (!hunterPath) console.log(`skipped: ${FENTANYL_HUNTER_FILE} not found under ${sharedDir()} (set NARCOTRACE_SHARED)`);
  const records = hunterPath ? readFentanylHunter(hunterPath) : [];

  it('every entry whose name is in Fentanyl-Hunter has the same InChIKey first block in at least one of its rows', () => {
    const { out, compared } = nameMismatches(registry, records);
    console.log(`Fentanyl-Hunter: ${compared} registry substances compared by name`);
    expect(compared).toBeGreaterThan(5);
    expect(out.filter((m) => !(m.id in NAME_EXCEPTIONS['fentanyl-hunter']))).toEqual([]);
  });

  it('the fentanyl-family entries are found in Fentanyl-Hunter by InChIKey', () => {
    for (const id of ['fentanyl', 'acetyl-fentanyl', 'furanyl-fentanyl', 'carfentanil', 'sufentanil', 'norfentanyl', 'ocfentanil'].filter((x) => registry.byId(x))) {
      const s = registry.byId(id)!;
      expect(records.some((r) => r.inchikey === s.inchikey), id).toBe(true);
    }
  });
});
