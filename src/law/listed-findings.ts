/**
 * Explicit listings → Findings. The registry matches a structure to listings by InChIKey
 * (Registry.matchListings: full key, or first block where the listing reaches other stereoisomers);
 * here each match becomes a Finding with `applies` evaluated on the as-of date, so a listing not yet (or
 * no longer) in effect is visible with the reason.
 */
import type { ListedMatch, ListInfo, Registry } from '../registry/types.js';
import { listsPreparationsOnly } from '../registry/schema.js';
import { join, message, messageIn, type Bilingual } from './messages.js';
import { inEffect, type Finding, type Jurisdiction } from './verdict.js';

export type { ListedMatch } from '../registry/types.js';

const LISTS = new WeakMap<Registry, Map<string, ListInfo>>();

/** The registry's list metadata by id, computed once per registry. */
export function listInfo(registry: Registry, listId: string): ListInfo | undefined {
  let byId = LISTS.get(registry);
  if (!byId) {
    byId = new Map(registry.lists.map((l) => [l.id, l]));
    LISTS.set(registry, byId);
  }
  return byId.get(listId);
}

/** Findings for every listing that matches the structure, each with `applies` evaluated at asOf. */
export function listedFindings(
  registry: Registry,
  structure: { inchikey: string; smiles: string; saltForm?: boolean; inorganic?: { smiles: string; formula: string } },
  asOf: string,
  jurisdictions: readonly Jurisdiction[],
): Finding[] {
  if (!structure.inchikey) return [];
  const matches = registry.matchListings(structure, jurisdictions);
  const findings = matches.map((m) => listedFinding(m, asOf, listInfo(registry, m.listing.list), structure.saltForm));
  return specificStereoisomerGoverns(matches, findings);
}

/** How a listing's dates stand on a date: the one reading of `effective`, `until` and `knownUntil` (classify and lookup share it). */
export interface ListingDates {
  /**
   * Certainly in effect on the date: from `certainFrom` (a year-only or "by" date counts from when it is
   * certain), before `until`, and not past `knownUntil`. A listed finding applies when this holds (and the
   * form is reached); `narcotrace lookup` shows it as `inEffect`.
   */
  inEffect: boolean;
  /** The dates leave it open: within a year-only date's year, before a "by" date, or on or after `knownUntil`. */
  needsReview: boolean;
  /** The date from which the listing is certainly in effect (YYYY-MM-DD). */
  certainFrom: string;
  /** "YYYY" alone: only the year of effect is documented. */
  yearOnly: boolean;
  /** "by YYYY-MM-DD": the date on which it is documented in force. */
  byDate?: string;
  withinYear: boolean;
  beforeBy: boolean;
  pastKnown: boolean;
}

/**
 * A year-only date: certainly in effect from the next 1 January; within that year the day is unknown.
 * A "by" date: certainly in effect from it; before it, whether it was in effect is unknown.
 * `knownUntil`: documented in force until then; on or after it, whether it continued is unknown.
 */
export function listingDates(listing: { effective: string; until?: string; knownUntil?: string }, asOf: string): ListingDates {
  const yearOnly = /^\d{4}$/.test(listing.effective);
  const byDate = /^by (\d{4}-\d{2}-\d{2})$/.exec(listing.effective)?.[1];
  const certainFrom = byDate ?? (yearOnly ? `${Number(listing.effective) + 1}-01-01` : listing.effective);
  const withinYear = yearOnly && asOf >= `${listing.effective}-01-01` && asOf < certainFrom;
  const beforeBy = !!byDate && asOf < byDate;
  const current = inEffect(asOf, certainFrom, listing.until);
  const pastKnown = !!listing.knownUntil && asOf >= listing.knownUntil && current;
  return {
    inEffect: current && !pastKnown,
    needsReview: withinYear || beforeBy || pastKnown,
    certainFrom,
    yearOnly,
    ...(byDate ? { byDate } : {}),
    withinYear,
    beforeBy,
    pastKnown,
  };
}

/**
 * `saltForm`: the input was a salt, solvate or ionised form of the matched parent (Structure.saltForm);
 * a listing that does not extend to salts (e.g. "hydrochloric acid", "acetone") does not reach it. A
 * substance without carbon matched as a whole (via 'inorganic') is the listed substance itself, salt or not.
 */
export function listedFinding(match: ListedMatch, asOf: string, list: ListInfo | undefined, saltForm = false): Finding {
  const { substance, listing, stereoInsensitive } = match;
  const where = `${listing.status} (${listing.citation})`;
  const { inEffect: current, certainFrom, yearOnly, byDate, withinYear, beforeBy, pastKnown } = listingDates(listing, asOf);
  const otherSalt = match.via === 'ion';
  const notSalt = !otherSalt && match.via !== 'inorganic' && saltForm && !listing.covers.includes('salts');
  // I-PREPARATION: a listing of preparations within a limit (Schedule III/V narcotic preparations) does not list
  // the pure substance, and a structure has no concentration; it is reported, never applied.
  const preparationsOnly = listsPreparationsOnly(listing);
  const preparationLimits = (listing.threshold ?? []).filter((t) => t.basis === 'preparation-at-most');
  const limits = [...new Set(preparationLimits.map((t) => `${t.quantity} ${t.unit}`))];
  const applies = !otherSalt && !notSalt && !preparationsOnly && current;
  let reason: Bilingual;
  const until = listing.until ?? '';
  if (preparationsOnly) reason = message('listedPreparationsOnly', { where, name: substance.names.en, limits: limits.join(', ') });
  else if (otherSalt) reason = message('listedOtherSalt', { where, name: substance.names.en });
  else if (notSalt) reason = message('listedNotSalt', { where, name: substance.names.en });
  else if (pastKnown) reason = message('listedPastKnown', { where, known: listing.knownUntil!, asOf });
  else if (withinYear) reason = message('listedWithinYear', { where, effective: listing.effective, asOf });
  else if (beforeBy) reason = message('listedBeforeBy', { where, by: byDate!, asOf });
  else if (applies && byDate) reason = message('listedAppliesBy', { where, by: byDate });
  else if (applies && yearOnly) reason = message('listedAppliesYear', { where, effective: listing.effective });
  else if (applies) reason = message(listing.until ? 'listedAppliesUntil' : 'listedApplies', { where, effective: listing.effective, until });
  else if (asOf < certainFrom) reason = message('listedNotYet', { asOf, where, effective: listing.effective });
  else reason = message('listedEnded', { asOf, where, effective: listing.effective, until });
  if (stereoInsensitive) {
    const why = message(listing.stereo === 'exact' ? 'stereoCovers' : 'stereoUnspecified');
    const stereo = { en: message('stereoInsensitive', { name: substance.names.en, why: why.en }).en, zh: message('stereoInsensitive', { name: substance.names.zh ?? substance.names.en, why: why.zh }).zh };
    reason = join(reason, stereo);
  }

  const name = substance.names.en + (substance.names.zh ? ` (${substance.names.zh})` : '');
  const listTitle = list ? `${list.title.en}${list.title.language !== 'en' ? ` / ${list.title.original}` : ''}` : listing.list;
  const parts = [`${name} is listed individually on ${listTitle}${list ? ` under ${list.instrument}` : ''}.`];
  if (listing.covers.length) parts.push(`The listing extends to its ${listing.covers.join(', ')}.`);
  if (listing.covers.includes('salts'))
    parts.push('Salts match by construction: the structure is reduced to its parent (free base or acid) before the look-up.');
  if (match.via === 'inorganic')
    parts.push(`The structure has no carbon and is matched as a whole substance, all its ions kept (${substance.formula}; docs/interpretation.md, I-INORGANIC).`);
  if (otherSalt)
    parts.push(`The structure is not ${substance.names.en} (${substance.formula}) but shares its characteristic ion; the listing names that salt only (docs/interpretation.md, I-INORGANIC).`);
  if (preparationsOnly)
    parts.push(`The listing names preparations of ${substance.names.en} at most ${limits.join(' or ')}, not the substance itself; a structure has no concentration (docs/interpretation.md, I-PREPARATION).`);
  if (listing.note) parts.push(listing.note);

  const finding: Finding = {
    kind: 'listed',
    category: listing.category,
    rule: listing.list,
    ruleVersion: `${listing.list}@${list?.version ?? 'unversioned'}`,
    applies,
    reason: reason.en,
    reasonZh: reason.zh,
    status: listing.status,
    clauses: [],
    citation: listing.citation,
    effective: listing.effective,
    needsReview: preparationsOnly ? false : otherSalt ? current || withinYear || beforeBy || pastKnown : !notSalt && (withinYear || beforeBy || pastKnown),
    explanation: parts.join(' '),
    interpretations: [...(match.via ? ['I-INORGANIC'] : []), ...(preparationsOnly ? ['I-PREPARATION'] : [])],
    substance: { id: substance.id, name: substance.names.en, ...(substance.names.zh ? { nameZh: substance.names.zh } : {}), cas: substance.cas },
  };
  if (listing.statusEn) finding.statusEn = listing.statusEn;
  if (listing.until) finding.until = listing.until;
  if (listing.threshold?.length) finding.threshold = listing.threshold;
  return finding;
}

/**
 * Where a listing names this very stereoisomer (stereo: exact, full InChIKey) and applies, listings of the
 * skeleton in general (matched stereo-insensitively) in the same jurisdiction yield to it: LAAM is
 * Schedule II although acetylmethadol and its isomers are Schedule I, as the CFR excepts it there.
 */
function specificStereoisomerGoverns(matches: readonly ListedMatch[], findings: Finding[]): Finding[] {
  const governing = new Map<string, Finding>();
  matches.forEach((m, i) => {
    if (!m.stereoInsensitive && m.listing.stereo === 'exact' && findings[i].applies) governing.set(m.listing.jurisdiction, findings[i]);
  });
  return findings.map((f, i) => {
    const own = governing.get(matches[i].listing.jurisdiction);
    if (!own || !matches[i].stereoInsensitive || !f.applies) return f;
    const where = `${own.status} (${own.citation})`;
    const reason = messageIn('stereoSpecificGoverns', { name: own.substance?.name ?? '', where }, { name: own.substance?.nameZh ?? own.substance?.name ?? '', where });
    return { ...f, applies: false, reason: reason.en, reasonZh: reason.zh };
  });
}
