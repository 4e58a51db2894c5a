/**
 * The jurisdictions as reference data (data/jurisdictions.yaml): which ones exist, their names in English
 * and 中文, and their order (the default order of a verdict). Every list id and class-rule id starts with its
 * jurisdiction's id and a hyphen (US-CSA-II, CN-FENTANYL-CLASS, UN-1988-I), which is how a finding is
 * assigned to its jurisdiction. Adding a jurisdiction is a data change (docs/registry.md).
 *
 * The file is read and validated once, synchronously, when this module is first imported: the ids are
 * needed by the schemas of the list and rule files, which are built at import time. A bad file stops
 * start-up with its file, line and field (ProblemError INVALID_DATA).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { problem, ProblemError } from '../problems.js';
import { formatIssue, parseYaml, zodIssues, type DataIssue } from './data-file.js';

/**
 * A jurisdiction id as defined in data/jurisdictions.yaml, e.g. "US", "CN", "UN": upper-case letters and
 * digits, no hyphen. A plain string because the set is data, not code; `isJurisdiction` checks membership.
 */
export type Jurisdiction = string;

export interface JurisdictionInfo {
  id: Jurisdiction;
  names: { en: string; zh: string };
  /** A state's own law, or an international instrument (the UN conventions). */
  kind: 'country' | 'international';
  note?: string;
}

/** A validated set of jurisdictions, in file order. */
export interface JurisdictionSet {
  /** Ids in file order; never empty. */
  readonly ids: readonly [Jurisdiction, ...Jurisdiction[]];
  readonly infos: readonly JurisdictionInfo[];
  has(x: string): boolean;
  /** The jurisdiction a list or rule id belongs to: its prefix before the first '-', if that is a known id. */
  ofId(ruleOrListId: string): Jurisdiction | undefined;
}

/** data/jurisdictions.yaml of this checkout (the same depth from src/registry and dist/registry). */
export const DEFAULT_JURISDICTIONS_FILE = fileURLToPath(new URL('../../data/jurisdictions.yaml', import.meta.url));
const DISPLAY = 'data/jurisdictions.yaml';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const jurisdictionSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9]*$/, 'must be upper-case letters and digits, starting with a letter, without a hyphen (e.g. US)'),
  names: z.strictObject({ en: nonEmpty, zh: nonEmpty }),
  kind: z.enum(['country', 'international'], { error: 'must be country or international' }),
  note: nonEmpty.optional(),
});

const fileSchema = z.strictObject({ jurisdictions: z.array(jurisdictionSchema).min(1, 'must name at least one jurisdiction') });

/**
 * Validates the text of a jurisdictions file. Returns the set, or every problem with its file, line and
 * field (`file` is the name shown in messages). Does not read anything: tests pass their own text.
 */
export function validateJurisdictionsFile(text: string, file = DISPLAY): { set?: JurisdictionSet; issues: DataIssue[] } {
  const parsed = parseYaml(text, file);
  if (parsed.issues.length) return { issues: parsed.issues };
  const result = fileSchema.safeParse(parsed.value);
  if (!result.success) return { issues: zodIssues(result.error, file, parsed, []) };
  const issues: DataIssue[] = [];
  const seen = new Set<string>();
  result.data.jurisdictions.forEach((j, i) => {
    if (seen.has(j.id)) issues.push({ file, line: parsed.lineOf(['jurisdictions', i, 'id']), message: `jurisdictions[${i}].id: ${j.id} is defined twice` });
    seen.add(j.id);
  });
  if (issues.length) return { issues };
  const infos: JurisdictionInfo[] = result.data.jurisdictions.map((j) => ({ id: j.id, names: { en: j.names.en, zh: j.names.zh }, kind: j.kind, ...(j.note ? { note: j.note } : {}) }));
  const ids = infos.map((j) => j.id) as [Jurisdiction, ...Jurisdiction[]];
  const known = new Set<string>(ids);
  return {
    set: {
      ids: Object.freeze(ids),
      infos: Object.freeze(infos),
      has: (x) => known.has(x),
      ofId(id) {
        const dash = id.indexOf('-');
        const prefix = dash > 0 ? id.slice(0, dash) : '';
        return known.has(prefix) ? prefix : undefined;
      },
    },
    issues: [],
  };
}

/** Like validateJurisdictionsFile, but throws ProblemError INVALID_DATA naming every problem with its file and line. */
export function parseJurisdictionsFile(text: string, file = DISPLAY): JurisdictionSet {
  const { set, issues } = validateJurisdictionsFile(text, file);
  if (set) return set;
  const shown = issues.map(formatIssue).join('\n');
  throw new ProblemError(problem('INVALID_DATA', `The jurisdictions in ${file} are invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown}`));
}

/** Reads and validates a jurisdictions file (default: data/jurisdictions.yaml of this checkout). */
export function loadJurisdictions(path = DEFAULT_JURISDICTIONS_FILE): JurisdictionSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProblemError(problem('INVALID_DATA', `The jurisdictions cannot be read from ${path}: ${(err as Error).message}`));
  }
  return parseJurisdictionsFile(text, path === DEFAULT_JURISDICTIONS_FILE ? DISPLAY : path);
}

const DEFAULT = loadJurisdictions();

/** Every jurisdiction, in the order of data/jurisdictions.yaml (the default order of a verdict). Never empty. */
export const JURISDICTIONS: readonly [Jurisdiction, ...Jurisdiction[]] = DEFAULT.ids;

export function isJurisdiction(x: string): x is Jurisdiction {
  return DEFAULT.has(x);
}

/** The jurisdictions with their names, kind and note, in file order (copies: callers may keep or change them). */
export function jurisdictionInfos(): JurisdictionInfo[] {
  return DEFAULT.infos.map((j) => ({ ...j, names: { ...j.names } }));
}

/** The jurisdiction of a rule or list id ("US-CSA-II" → "US"): its prefix before the first '-', if known. */
export function jurisdictionOfId(ruleOrListId: string): Jurisdiction | undefined {
  return DEFAULT.ofId(ruleOrListId);
}

/** "US-…, CN-… or UN-…" */
function prefixes(ids: readonly string[]): string {
  const shown = ids.map((j) => `${j}-…`);
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** "US, CN or UN" */
function alternatives(ids: readonly string[]): string {
  return ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;
}

/** Schema of a `jurisdiction:` field in a data or rule file: one of the known ids. */
export function jurisdictionCodeSchema(set: JurisdictionSet = DEFAULT) {
  return z.string().refine((x) => set.has(x), `must be a jurisdiction defined in ${DISPLAY}: ${alternatives(set.ids)}`);
}

/** Schema of a list or rule id: a known jurisdiction, a hyphen, then upper-case letters, digits and hyphens. */
export function prefixedIdSchema(set: JurisdictionSet = DEFAULT) {
  // Ids are letters and digits (validated above), so they need no escaping in the pattern.
  const pattern = new RegExp(`^(?:${set.ids.join('|')})-[A-Z0-9-]+$`);
  return z.string().regex(pattern, `must look like ${prefixes(set.ids)}`);
}
