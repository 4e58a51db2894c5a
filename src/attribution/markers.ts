/**
 * Route indicators: the marker-compound rule data, and the findings for a profile. Reference data,
 * reviewed like code: each marker has its cited source, its strength (indicative or characteristic)
 * and whether it is route-specific. Only markers named in the literature the module was specified
 * from (issue #14) are listed; a finding says what the literature reports, never that a route was
 * used. No synthesis procedures: only the names of marker compounds and of routes as reported.
 */
import { foldName, type ImpurityProfile } from './profile.js';

export type MarkerStrength = 'indicative' | 'characteristic';

export interface RouteMarker {
  id: string;
  compound: string;
  /** Other names it is matched by (folded case). */
  synonyms: string[];
  inchikey?: string;
  drug: string;
  /** Routes as the source names them; empty when the marker is not route-specific. */
  routes: string[];
  routeSpecific: boolean;
  strength: MarkerStrength;
  /** What the source reports, in its words as far as possible (English; the UI translates the frame). */
  evidence: string;
  citation: string;
  /** How a finding cites it, e.g. "Vandeputte et al. 2021". */
  cite: string;
  /** True when the entry still lacks a literature citation of its own and awaits review. */
  needsReview?: boolean;
  /** Message key of the finding's sentence (web/src/i18n: attribution.marker.<id>). */
  messageKey: string;
}

export const ROUTE_MARKERS: readonly RouteMarker[] = [
  {
    id: 'phenethyl-4-anpp',
    compound: 'phenethyl-4-ANPP',
    synonyms: ['phenethyl 4-anpp', 'n-phenethyl-4-anpp'],
    drug: 'fentanyl',
    routes: ['one-pot routes'],
    routeSpecific: true,
    strength: 'indicative',
    evidence:
      'Reported as a by-product of one-pot routes and as a marker of a change in the routes used for illicit fentanyl: found in 25 of 1,054 US fentanyl cases.',
    citation: 'Vandeputte M.M. et al. (2021), phenethyl-4-ANPP as a route-change marker in US fentanyl cases.',
    cite: 'Vandeputte et al. 2021',
    messageKey: 'attribution.marker.phenethyl4anpp',
  },
  {
    id: '4-anpp',
    compound: '4-ANPP',
    synonyms: ['4-anilino-n-phenethylpiperidine', 'despropionyl fentanyl', 'despropionylfentanyl'],
    drug: 'fentanyl',
    routes: [],
    routeSpecific: false,
    strength: 'indicative',
    evidence: 'Not route-specific: a precursor and by-product common to several routes, and also a metabolite of fentanyl.',
    citation: 'Narcotrace issue #14 (label "not route-specific"); a literature citation is to be added on review.',
    cite: 'issue #14; citation pending review',
    needsReview: true,
    messageKey: 'attribution.marker.anpp',
  },
];

export interface RouteIndicator {
  marker: RouteMarker;
  /** The peak that matched, as written in the profile. */
  matched: string;
  area: number;
  /** The finding, in English, in the form the issue prescribes. */
  statement: string;
  /** Always: an indication for intelligence, not an identification of the route. */
  caveat: string;
}

const CAVEAT = 'An indication for intelligence work, not an identification of the synthesis route.';

export function routeIndicators(profile: ImpurityProfile, markers: readonly RouteMarker[] = ROUTE_MARKERS): RouteIndicator[] {
  const out: RouteIndicator[] = [];
  for (const m of markers) {
    const names = new Set([foldName(m.compound), ...m.synonyms.map(foldName)]);
    const peak = profile.peaks.find((k) => k.area > 0 && ((m.inchikey && k.inchikey === m.inchikey) || (k.compound && names.has(foldName(k.compound)))));
    if (!peak) continue;
    const what = m.routeSpecific ? `reported as a by-product of ${m.routes.join(', ')}` : 'not route-specific';
    out.push({ marker: m, matched: peak.compound ?? peak.inchikey ?? m.compound, area: peak.area, statement: `${m.compound} present: ${what} (${m.cite}).`, caveat: CAVEAT });
  }
  return out;
}

