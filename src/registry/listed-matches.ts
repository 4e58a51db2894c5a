/**
 * Explicit listings matched by InChIKey (and, for substances without carbon, by their whole composition:
 * docs/interpretation.md, I-INORGANIC). A structure matches a listing on its full InChIKey; a listing
 * that does not name one stereoisomer (stereo: any), or that covers stereoisomers, also matches on the
 * InChIKey's first block (the skeleton, stereo ignored). Every matching listing is returned, whatever its
 * dates: src/law/listed-findings.ts turns the matches into Findings evaluated on the as-of date.
 */
import type { Jurisdiction } from './jurisdictions.js';
import type { ListedMatch, StructureIdentity, Substance } from './types.js';

export type { ListedMatch } from './types.js';

export function matchListings(
  structure: StructureIdentity,
  candidates: {
    exact: readonly Substance[];
    skeleton: readonly Substance[];
    /** Substances without carbon with the structure's whole formula (Structure.inorganic.formula). */
    inorganic?: readonly Substance[];
    /** Inorganic salts whose characteristic ion (normalised parent) is the structure's parent. */
    ion?: readonly Substance[];
  },
  jurisdictions: readonly Jurisdiction[],
): ListedMatch[] {
  const matches: ListedMatch[] = [];
  const wanted = new Set(jurisdictions);
  // I-INORGANIC: a substance without carbon is the listed one when the whole substance (all its ions) is.
  const whole = new Set<Substance>();
  if (structure.inorganic)
    for (const substance of candidates.inorganic ?? []) {
      if (substance.form !== 'inorganic' || substance.formula !== structure.inorganic.formula) continue;
      whole.add(substance);
      for (const listing of substance.listings) if (wanted.has(listing.jurisdiction)) matches.push({ substance, listing, stereoInsensitive: false, via: 'inorganic' });
    }
  for (const substance of candidates.exact) {
    if (whole.has(substance)) continue;
    for (const listing of substance.listings) if (wanted.has(listing.jurisdiction)) matches.push({ substance, listing, stereoInsensitive: false });
  }
  for (const substance of candidates.skeleton) {
    if (substance.inchikey === structure.inchikey || whole.has(substance)) continue;
    for (const listing of substance.listings) {
      if (!wanted.has(listing.jurisdiction)) continue;
      const stereoSpecific = listing.stereo === 'exact' && !listing.covers.includes('stereoisomers');
      if (!stereoSpecific) matches.push({ substance, listing, stereoInsensitive: true });
    }
  }
  // Another salt of a listed inorganic salt's ion (sodium permanganate for potassium permanganate). Where the
  // structure is itself listed as a whole in that jurisdiction, it is known exactly there, and other salts' listings
  // are not candidates for it (sodium permanganate still is one under China's potassium permanganate listing).
  const listedWhole = new Set([...whole].flatMap((s) => s.listings.map((l) => l.jurisdiction)));
  for (const substance of candidates.ion ?? []) {
    if (whole.has(substance) || substance.parentInchikey !== structure.inchikey) continue;
    for (const listing of substance.listings)
      if (wanted.has(listing.jurisdiction) && !listedWhole.has(listing.jurisdiction)) matches.push({ substance, listing, stereoInsensitive: false, via: 'ion' });
  }
  return matches;
}
