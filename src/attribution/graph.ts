/**
 * The link graph: samples as nodes, pairs below the calibrated threshold as edges with their distance
 * and likelihood ratio; connected components are candidate common sources. Intelligence, not proof.
 */
import { placeProfile } from './align.js';
import { scoreRows, type LinkageModel, type PairScore } from './calibration.js';
import type { ImpurityProfile } from './profile.js';

export interface LinkEdge extends PairScore {
  a: string;
  b: string;
}

export interface LinkGraph {
  nodes: { sample: string; incident?: string; cluster: number }[];
  edges: LinkEdge[];
  clusters: { id: number; samples: string[]; incidents: string[] }[];
}

export function linkGraph(model: LinkageModel, profiles: readonly ImpurityProfile[]): LinkGraph {
  const rows = profiles.map((p) => placeProfile(p, model.variables));
  const parent = profiles.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const edges: LinkEdge[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const s = scoreRows(model, rows[i], rows[j]);
      if (!s.linked) continue;
      edges.push({ a: profiles[i].sample, b: profiles[j].sample, ...s });
      parent[find(i)] = find(j);
    }
  const ids = new Map<number, number>();
  const cluster = profiles.map((_, i) => {
    const r = find(i);
    if (!ids.has(r)) ids.set(r, ids.size + 1);
    return ids.get(r)!;
  });
  const clusters = [...ids.values()].map((id) => {
    const members = profiles.filter((_, i) => cluster[i] === id);
    return { id, samples: members.map((m) => m.sample), incidents: [...new Set(members.flatMap((m) => (m.incident ? [m.incident] : [])))] };
  });
  return {
    nodes: profiles.map((p, i) => ({ sample: p.sample, ...(p.incident ? { incident: p.incident } : {}), cluster: cluster[i] })),
    edges: edges.sort((x, y) => x.distance - y.distance),
    clusters: clusters.filter((c) => c.samples.length > 1),
  };
}

/** One sample against others: every comparison, closest first. */
export function linkQuery(model: LinkageModel, query: ImpurityProfile, others: readonly ImpurityProfile[]): (PairScore & { sample: string; incident?: string })[] {
  const q = placeProfile(query, model.variables);
  return others
    .filter((o) => o.sample !== query.sample)
    .map((o) => ({ sample: o.sample, ...(o.incident ? { incident: o.incident } : {}), ...scoreRows(model, q, placeProfile(o, model.variables)) }))
    .sort((x, y) => x.distance - y.distance);
}
