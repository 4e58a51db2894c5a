/**
 * Naming the probable family of an unknown from its hybrid-search neighbours, without claiming
 * identity: "Fentanyl-related substances family: nearest known relative butyrylfentanyl at +14
 * (consistent with one CH2 more, e.g. propionyl → butyryl)". Pure: the families come from the hits'
 * statuses (./legal.ts), the mass shifts from the table below.
 */
import type { Family } from './legal.js';

/** Common structural differences by nominal mass shift (query − relative). Chemistry, not law. */
const SHIFTS: Record<number, string> = {
  14: 'one CH2 more (a homologue: e.g. propionyl → butyryl, or an added methyl)',
  28: 'two CH2 more (e.g. acetyl → butyryl), or C=O',
  42: 'three CH2 more, or an acetyl group',
  16: 'an oxygen more (e.g. a hydroxy group, or furanyl → a hydroxylated analogue)',
  30: 'OCH2 more (a methoxy for a hydrogen)',
  18: 'a fluorine for a hydrogen',
  34: 'a chlorine for a hydrogen',
  78: 'a bromine for a hydrogen',
  2: 'two hydrogens more (one ring or double bond less)',
  12: 'one carbon more (e.g. a ring closure with CH2)',
  26: 'C2H2 more (e.g. acryl for acetyl, or a vinyl group)',
  40: 'C3H4 more (e.g. cyclopropyl for hydrogen)',
  24: 'two carbons more',
  6: 'a thienyl for a phenyl (S for CH=CH)',
  10: 'a phenyl for a furanyl',
  56: 'a tert-butyl or C4H8 more',
};

export function explainShift(shift: number): string {
  if (shift === 0) return 'no mass shift: an isomer or the same compound';
  const known = SHIFTS[Math.abs(shift)];
  const sign = shift > 0 ? '+' : '−';
  if (!known) return `${sign}${Math.abs(shift)}`;
  return shift > 0 ? `${sign}${Math.abs(shift)}: consistent with ${known}` : `${sign}${Math.abs(shift)}: the reverse of ${known}`;
}

export interface Neighbour {
  name: string;
  score: number;
  massShift: number;
  /** Whether the neighbour's structure is known (a neighbour of unknown structure has no say). */
  known: boolean;
  family: Family | null;
}

export interface FamilyCall {
  /** The family's name, e.g. "Fentanyl-related substances". */
  family: string;
  rules: string[];
  /** Share of the neighbours' weight in this family, 0–1. */
  support: number;
  nearest: { name: string; score: number; massShift: number };
  /** e.g. "Probably of the family “Fentanyl-related substances”: nearest known relative … at +14 (…). Not an identification." */
  message: string;
}

/**
 * The probable family: among the best neighbours whose structure is known (score at least 60% of the
 * best's, at most `k`), weighted by score, the class rules whose scaffold carries at least
 * `minSupport` of the weight. Undefined when none does: then no family is named.
 */
export function nameFamily(neighbours: readonly Neighbour[], k = 5, minSupport = 0.5): FamilyCall | undefined {
  const known = neighbours.filter((n) => n.known);
  if (!known.length) return undefined;
  const best = known[0].score;
  const near = known.filter((n) => n.score >= best * 0.6).slice(0, k);
  const total = near.reduce((s, n) => s + n.score, 0);
  const byRule = new Map<string, { title: string; weight: number }>();
  for (const n of near)
    for (const [i, rule] of (n.family?.rules ?? []).entries()) {
      const had = byRule.get(rule);
      const title = n.family!.titles[i] ?? rule;
      if (had) had.weight += n.score;
      else byRule.set(rule, { title, weight: n.score });
    }
  const named = [...byRule].filter(([, v]) => total > 0 && v.weight / total >= minSupport).sort((a, b) => b[1].weight - a[1].weight);
  if (!named.length) return undefined;
  const rules = named.map(([r]) => r);
  const family = [...new Set(named.map(([, v]) => v.title))].join(' / ');
  const nearest = near.find((n) => n.family?.rules.some((r) => rules.includes(r)))!;
  const support = Math.round((named[0][1].weight / total) * 100) / 100;
  return {
    family,
    rules,
    support,
    nearest: { name: nearest.name, score: nearest.score, massShift: nearest.massShift },
    message: `Probably of the family “${family}” (${rules.join(', ')}): nearest known relative ${nearest.name} (hybrid score ${nearest.score}), mass shift ${explainShift(nearest.massShift)}. This names a family, not an identity.`,
  };
}
