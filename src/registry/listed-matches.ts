/**
 * Explicit listings matched by InChIKey. A structure matches a listing on its full InChIKey; a listing
 * that does not name one stereoisomer (stereo: any), or that covers stereoisomers, also matches on the
 * InChIKey's first block (the skeleton, stereo ignored). Every matching listing is returned, whatever its
 * dates: src/law/listed-findings.ts turns the matches into Findings evaluated on the as-of date.
 */
import type { Jurisdiction } from './jurisdictions.js';
import type { ListedMatch, Substance } from './types.js';

export type { ListedMatch } from './types.js';

export function matchListings(
  structure: { inchikey: string },
  candidates: { exact: readonly Substance[]; skeleton: readonly Substance[] },
  jurisdictions: readonly Jurisdiction[],
): ListedMatch[] {
  const matches: ListedMatch[] = [];
  const wanted = new Set(jurisdictions);
  for (const substance of candidates.exact)
    for (const listing of substance.listings) if (wanted.has(listing.jurisdiction)) matches.push({ substance, listing, stereoInsensitive: false });
  for (const substance of candidates.skeleton) {
    if (substance.inchikey === structure.inchikey) continue;
    for (const listing of substance.listings) {
      if (!wanted.has(listing.jurisdiction)) continue;
      const stereoSpecific = listing.stereo === 'exact' && !listing.covers.includes('stereoisomers');
      if (!stereoSpecific) matches.push({ substance, listing, stereoInsensitive: true });
    }
  }
  return matches;
}
