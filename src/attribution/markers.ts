/**
 * Route indicators: the marker-compound rule file (data/attribution/route-markers.yaml), and the findings for a profile. Reference data,
 * reviewed like code: each marker has its cited source, its strength (indicative or characteristic)
 * and whether it is route-specific. Only markers named in the literature the module was specified
 * from (issue #14) are listed; a finding says what the literature reports, never that a route was
 * used. No synthesis procedures: only the names of marker compounds and of routes as reported.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { problem, ProblemError } from '../problems.js';
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

const MarkerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  compound: z.string().min(1),
  synonyms: z.array(z.string().min(1)).default([]),
  inchikey: z.string().regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/).optional(),
  drug: z.string().min(1),
  routes: z.array(z.string().min(1)),
  routeSpecific: z.boolean(),
  strength: z.enum(['indicative', 'characteristic']),
  evidence: z.string().min(1),
  citation: z.string().min(1),
  cite: z.string().min(1),
  needsReview: z.boolean().optional(),
  messageKey: z.string().min(1),
});

const MARKERS_FILE = fileURLToPath(new URL('../../data/attribution/route-markers.yaml', import.meta.url));

/** Reads and checks a marker rule file: a route-specific marker names its routes, the others name none. */
export function parseRouteMarkers(text: string, file = MARKERS_FILE): RouteMarker[] {
  const parsed = z.strictObject({ markers: z.array(MarkerSchema).min(1) }).safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProblemError(problem('INVALID_DATA', `${file}: ${issue.path.join('.')}: ${issue.message}`));
  }
  for (const m of parsed.data.markers)
    if (m.routeSpecific !== m.routes.length > 0) throw new ProblemError(problem('INVALID_DATA', `${file}: marker ${m.id}: a route-specific marker names its routes, another names none`));
  return parsed.data.markers;
}

export const ROUTE_MARKERS: readonly RouteMarker[] = parseRouteMarkers(readFileSync(MARKERS_FILE, 'utf8'));

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

