/**
 * Target-compound panels: which compounds of a peak table make up the profile compared for a drug,
 * each documented with its literature source. The literature this module was specified from (issue
 * #14) names the panels but not their compound lists, and Narcotrace does not invent them: each
 * referenced panel here carries its source, its stated size and its recommended pretreatment, and its
 * compounds are supplied by the user (from the paper) in the panel format below. The one panel with
 * compounds (`example-illustrative`) is marked illustrative: its names are placeholders, not chemistry.
 *
 * Panel format (JSON), for a user-supplied panel:
 *   { "id": "my-panel", "drug": "amphetamine", "title": "…",
 *     "source": { "citation": "Andersson et al. 2007 …", "note": "compound list transcribed from table 2" },
 *     "compounds": [{ "name": "…", "inchikey": "…"?, "synonyms": ["…"]? }, …] }
 */
import { problem, ProblemError } from '../problems.js';
import { foldName } from './profile.js';
import type { MetricId, PretreatmentId } from './linkage.js';

export interface PanelCompound {
  name: string;
  inchikey?: string;
  synonyms?: string[];
}

export interface TargetPanel {
  id: string;
  drug: string;
  title: string;
  source: { citation: string; note?: string };
  /** The compounds; null when the source's list must be supplied by the user (see `expectedCompounds`). */
  compounds: PanelCompound[] | null;
  /** The number of target compounds the source states, when it does. */
  expectedCompounds?: number;
  /** The pretreatment and metric the source recommends, when it does (calibration still chooses by ROC). */
  recommended?: { pretreatment: PretreatmentId; metric: MetricId };
  /** True for an example whose compounds are placeholders, not a panel to use. */
  illustrative?: boolean;
}

export const BUILT_IN_PANELS: readonly TargetPanel[] = [
  {
    id: 'champ-amphetamine',
    drug: 'amphetamine',
    title: 'CHAMP harmonised amphetamine profiling',
    source: {
      citation: 'Andersson K. et al. (2007), harmonised amphetamine profiling (CHAMP): 26 target compounds, normalisation to the sum, fourth root, Pearson correlation.',
      note: 'The 26 compound names are not reproduced here: supply them from the paper as a user panel (format in docs/attribution.md).',
    },
    compounds: null,
    expectedCompounds: 26,
    recommended: { pretreatment: 'N+root4', metric: 'pearson' },
  },
  {
    id: 'cocaine-lociciro',
    drug: 'cocaine',
    title: 'Cocaine linkage, pretreatment × metric chosen by ROC',
    source: {
      citation:
        'Lociciro S. et al. (2008): 66 pretreatment × metric combinations chosen by ROC; Carby-Robinson et al. (2021): 382 linked vs 34,519 unlinked pairs, Canberra distance, cut-off at a 0.5% false-positive rate.',
      note: 'The target compounds are not reproduced here: supply them from the papers as a user panel.',
    },
    compounds: null,
    recommended: { pretreatment: 'N', metric: 'canberra' },
  },
  {
    id: 'fentanyl-mayer',
    drug: 'fentanyl',
    title: 'Fentanyl route attribution profile',
    source: {
      citation: 'Mayer B.P. et al. (2016): 6 synthesis routes, 160 compounds, PLS-DA.',
      note: 'The 160 compounds are not reproduced here: supply them from the paper as a user panel. Linkage here is by distance, not PLS-DA.',
    },
    compounds: null,
    expectedCompounds: 160,
  },
  {
    id: 'example-illustrative',
    drug: 'example',
    title: 'Illustrative panel (placeholders, not chemistry)',
    source: { citation: 'None: an illustration of the panel format.', note: 'The names are placeholders; do not use this panel for casework.' },
    compounds: [{ name: 'impurity A' }, { name: 'impurity B', synonyms: ['impurity B (isomer 1)'] }, { name: 'impurity C' }],
    illustrative: true,
  },
];

export function panelById(id: string, extra: readonly TargetPanel[] = []): TargetPanel {
  const p = [...extra, ...BUILT_IN_PANELS].find((x) => x.id === id);
  if (!p) throw new ProblemError(problem('UNKNOWN_PANEL', `There is no target-compound panel "${id}".`, { field: 'panel' }));
  return p;
}

/** Validates a user-supplied panel (parsed JSON). */
export function parsePanel(value: unknown): TargetPanel {
  const fail = (field: string, why: string): never => {
    throw new ProblemError(problem('INVALID_PANEL', `Panel: ${why}`, { field }));
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('', 'a panel is a JSON object.');
  const v = value as Record<string, unknown>;
  const str = (k: string, max = 300) => {
    const s = v[k];
    if (typeof s !== 'string' || !s.trim() || s.length > max) fail(k, `"${k}" must be a text of 1–${max} characters.`);
    return (s as string).trim();
  };
  const id = str('id', 100);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) fail('id', 'the id is lower-case letters, digits and dashes.');
  const source = v.source as Record<string, unknown> | undefined;
  if (!source || typeof source.citation !== 'string' || !source.citation.trim()) fail('source.citation', 'every panel names its literature source (source.citation).');
  if (!Array.isArray(v.compounds) || v.compounds.length === 0 || v.compounds.length > 1000) fail('compounds', 'compounds is a list of 1–1000 entries.');
  const names = new Set<string>();
  const compounds = (v.compounds as unknown[]).map((c, i): PanelCompound => {
    const o = c as Record<string, unknown>;
    if (!o || typeof o.name !== 'string' || !o.name.trim()) return fail(`compounds[${i}].name`, `compound ${i + 1} has no name.`);
    const key = foldName(o.name);
    if (names.has(key)) fail(`compounds[${i}].name`, `"${o.name}" is listed twice.`);
    names.add(key);
    if (o.inchikey !== undefined && (typeof o.inchikey !== 'string' || !/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/.test(o.inchikey))) fail(`compounds[${i}].inchikey`, `compound ${i + 1}'s InChIKey is malformed.`);
    if (o.synonyms !== undefined && (!Array.isArray(o.synonyms) || o.synonyms.some((s) => typeof s !== 'string'))) fail(`compounds[${i}].synonyms`, 'synonyms is a list of texts.');
    const out: PanelCompound = { name: o.name.trim() };
    if (o.inchikey) out.inchikey = o.inchikey as string;
    if (o.synonyms) out.synonyms = o.synonyms as string[];
    return out;
  });
  return {
    id,
    drug: str('drug', 100),
    title: typeof v.title === 'string' && v.title.trim() ? v.title.trim() : id,
    source: { citation: (source!.citation as string).trim(), ...(typeof source!.note === 'string' ? { note: source!.note } : {}) },
    compounds,
    ...(v.illustrative === true ? { illustrative: true } : {}),
  };
}
