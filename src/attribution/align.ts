/**
 * From peak tables to a matrix: one column per variable (a panel compound, an identified compound, or
 * an unknown peak's retention-index window), one row per sample. The variables of a calibration are
 * kept with it, so a later sample is placed in the same columns (`placeProfile`).
 */
import { compoundKey, foldName, type ImpurityProfile } from './profile.js';
import type { TargetPanel } from './panels.js';

export interface Variable {
  /** `inchikey:…`, `name:…` (folded) or `ri:…` (an unknown peak's window centre). */
  key: string;
  label: string;
  /** For an unknown peak: the retention-index window. */
  ri?: { centre: number; from: number; to: number };
  /** For a panel compound: the other keys it is matched by (synonyms, InChIKey). */
  aliases?: string[];
}

export interface AlignOptions {
  panel?: TargetPanel;
  /** Unknown peaks within this retention-index distance of each other are one variable (default 5). */
  riTolerance?: number;
  /** Keep a variable only when present in at least this share of the samples (default 0: all). */
  minPresence?: number;
}

export function panelVariables(panel: TargetPanel): Variable[] {
  return (panel.compounds ?? []).map((c) => {
    const aliases = [`name:${foldName(c.name)}`, ...(c.synonyms ?? []).map((s) => `name:${foldName(s)}`), ...(c.inchikey ? [`inchikey:${c.inchikey}`] : [])];
    return { key: aliases[0], label: c.name, aliases };
  });
}

/** The variables the profiles define: identified compounds, then unknown peaks grouped by retention index. */
export function defineVariables(profiles: readonly ImpurityProfile[], options: AlignOptions = {}): Variable[] {
  if (options.panel?.compounds) return panelVariables(options.panel);
  const tol = options.riTolerance ?? 5;
  // A name written beside an InChIKey anywhere makes that name an alias of the InChIKey's variable.
  const aliasOf = new Map<string, string>();
  for (const p of profiles) for (const k of p.peaks) if (k.inchikey && k.compound) aliasOf.set(`name:${foldName(k.compound)}`, `inchikey:${k.inchikey}`);
  const named = new Map<string, { label: string; aliases: Set<string> }>();
  const ris: number[] = [];
  for (const p of profiles)
    for (const k of p.peaks) {
      const own = compoundKey(k);
      if (own) {
        const key = aliasOf.get(own) ?? own;
        const e = named.get(key) ?? { label: k.compound ?? k.inchikey!, aliases: new Set([key]) };
        e.aliases.add(own);
        if (k.compound) e.aliases.add(`name:${foldName(k.compound)}`);
        named.set(key, e);
      } else if (k.ri !== undefined && k.area > 0) ris.push(k.ri);
    }
  const out: Variable[] = [...named.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { label, aliases }]) => (aliases.size > 1 ? { key, label, aliases: [...aliases] } : { key, label }));
  ris.sort((a, b) => a - b);
  let group: number[] = [];
  const flush = () => {
    if (!group.length) return;
    const centre = group.reduce((s, x) => s + x, 0) / group.length;
    out.push({ key: `ri:${centre.toFixed(1)}`, label: `RI ${centre.toFixed(1)}`, ri: { centre, from: group[0] - tol, to: group[group.length - 1] + tol } });
    group = [];
  };
  for (const r of ris) {
    if (group.length && r - group[group.length - 1] > tol) flush();
    group.push(r);
  }
  flush();
  const min = options.minPresence ?? 0;
  if (min <= 0) return out;
  const m = profiles.map((p) => placeProfile(p, out));
  return out.filter((_, j) => m.filter((row) => row[j] > 0).length >= min * profiles.length);
}

/** A profile's areas in the variables' columns (0 where absent); unmatched peaks are left out. */
export function placeProfile(profile: ImpurityProfile, variables: readonly Variable[]): number[] {
  const index = new Map<string, number>();
  for (const [j, v] of variables.entries()) for (const k of v.aliases ?? [v.key]) index.set(k, j);
  const unknown = variables.map((v, j) => ({ v, j })).filter(({ v }) => v.ri);
  const row = new Array<number>(variables.length).fill(0);
  for (const k of profile.peaks) {
    const key = compoundKey(k);
    let j = key ? index.get(key) : undefined;
    if (j === undefined && key?.startsWith('inchikey:') && k.compound) j = index.get(`name:${foldName(k.compound)}`);
    if (j === undefined && !key && k.ri !== undefined) {
      let best = Infinity;
      for (const u of unknown)
        if (k.ri >= u.v.ri!.from && k.ri <= u.v.ri!.to && Math.abs(k.ri - u.v.ri!.centre) < best) {
          best = Math.abs(k.ri - u.v.ri!.centre);
          j = u.j;
        }
    }
    if (j !== undefined) row[j] += k.area;
  }
  return row;
}

export function alignProfiles(profiles: readonly ImpurityProfile[], options: AlignOptions = {}): { variables: Variable[]; matrix: number[][] } {
  const variables = defineVariables(profiles, options);
  return { variables, matrix: profiles.map((p) => placeProfile(p, variables)) };
}
