/**
 * The declarative format of a class rule (rules/*.yaml). A rule names a core scaffold (SMARTS whose
 * atoms are all bracket atoms with map numbers), regions around the scaffold, and for each region the
 * modifications that each clause of the instrument allows. The engine (./engine.ts) interprets it;
 * the vocabulary of group and substituent kinds is defined in ./vocabulary.ts and documented in
 * docs/interpretation.md.
 */
import { z } from 'zod';
import { jurisdictionCodeSchema, prefixedIdSchema } from '../registry/jurisdictions.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const SUBSTITUENT_KINDS = [
  'alkyl',
  'alkenyl',
  'alkoxyl',
  'ester',
  'ether',
  'hydroxyl',
  'halo',
  'haloalkyl',
  'amino',
  'nitro',
] as const;
export type SubstituentKind = (typeof SUBSTITUENT_KINDS)[number];

/** Kinds of whole groups at an anchor atom (see vocabulary.ts). */
export const GROUP_KINDS = ['hydrogen', 'oxo', 'acetal', 'acyl', 'alkoxycarbonyl', 'any-non-hydrogen'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

const BilingualText = z.object({ original: z.string().min(1), en: z.string().min(1) });

const Clause = z.object({
  id: z.string().min(1),
  text: BilingualText,
  /** When a clause was added later than the rule (e.g. the 4-AP "halides"), its own start date. */
  effective: isoDate.optional(),
  citation: z.string().optional(),
});

const EffectivePeriod = z.object({ from: isoDate, until: isoDate.optional(), citation: z.string().min(1) });

/** The ring that contains the anchor atom (a scaffold atom): e.g. the aniline ring or the phenethyl's phenyl. */
const RingRegion = z.object({
  type: z.literal('ring'),
  id: z.string(),
  /** English label of the part, for explanations ("aniline ring"). */
  label: z.string(),
  anchor: z.number().int(),
  /** What the unmodified scaffold has here. */
  reference: z.literal('benzene'),
  /** Replacing the reference ring: which ring kinds are allowed, by which clause. */
  replacement: z.object({ clause: z.string(), ring: z.enum(['monocycle', 'aromatic-monocycle']) }).optional(),
  /** Substituents on the ring: listed kinds (by clause) and/or any further substitution (by clause). */
  substituents: z
    .object({
      listed: z.object({ clause: z.string(), kinds: z.array(z.enum(SUBSTITUENT_KINDS)) }).optional(),
      any: z.object({ clause: z.string() }).optional(),
    })
    .default({}),
});

/** Substituents on scaffold atoms (e.g. the piperidine ring carbons, the ethyl linker). */
const SubstituentRegion = z.object({
  type: z.literal('substituents'),
  id: z.string(),
  label: z.string(),
  atoms: z.array(z.number().int()).min(1),
  clause: z.string().optional(),
  kinds: z.array(z.enum(SUBSTITUENT_KINDS)).default([]),
  /** True when the list is open-ended ("等", "etc."): an unlisted substituent gives needsReview, not a no. */
  openEnded: z.boolean().default(false),
  /**
   * The substituents the parent itself carries on these atoms (e.g. the 5-nitro group of etonitazene):
   * exactly these, and nothing else, is the unmodified state.
   */
  reference: z.array(z.object({ atom: z.number().int(), kind: z.enum(SUBSTITUENT_KINDS) })).default([]),
  /** A clause that allows any change of these substituents ("substituted or unsubstituted …"). */
  anyClause: z.string().optional(),
});

/**
 * A group joined to the anchor through a short hydrocarbon linker ending in an aromatic group (the
 * 4-ethoxybenzyl of etonitazene): the linker and the aromatic group may each be changed by a clause.
 */
const LinkedAromaticRegion = z.object({
  type: z.literal('linked-aromatic'),
  id: z.string(),
  label: z.string(),
  anchor: z.number().int(),
  linker: z.object({
    label: z.string(),
    /** Carbon atoms between the anchor and the aromatic group. */
    min: z.number().int().min(1),
    max: z.number().int().min(1),
    /** The clause allowing another (substituted or unsubstituted) hydrocarbon linker of min..max carbons. */
    clause: z.string(),
  }),
  aromatic: z.object({
    label: z.string(),
    /** The unmodified aromatic group as a SMARTS whose first atom is bonded to the linker. */
    reference: z.string(),
    /** The clause allowing any (substituted or unsubstituted) aromatic group instead. */
    clause: z.string(),
  }),
});

/** The whole group at an anchor atom, outside the scaffold (e.g. the acyl residue, the N-substituent). */
const GroupRegion = z.object({
  type: z.literal('group'),
  id: z.string(),
  label: z.string(),
  anchor: z.number().int(),
  /**
   * The unmodified group, as a SMARTS whose first atom is the anchor (e.g. "[#6X3](=O)[CH2][CH3]" for
   * propionyl's ethyl), or "hydrogen" / "oxo".
   */
  reference: z.string(),
  alternatives: z.array(z.object({ kind: z.enum(GROUP_KINDS), clause: z.string() })),
});

/** The acyl group on a scaffold nitrogen: its carbonyl carbon is a scaffold atom. */
const AcylRegion = z.object({
  type: z.literal('acyl'),
  id: z.string(),
  label: z.string(),
  /** The carbonyl carbon (scaffold atom) and its doubly bonded chalcogen (scaffold atom). */
  anchor: z.number().int(),
  chalcogen: z.number().int(),
  /** The unmodified acyl residue as a SMARTS whose first atom is the carbonyl carbon. */
  reference: z.string(),
  clause: z.string(),
});

export const Region = z.discriminatedUnion('type', [RingRegion, SubstituentRegion, GroupRegion, AcylRegion, LinkedAromaticRegion]);
export type Region = z.infer<typeof Region>;

/** A necessary condition on heavy-atom counts, checked on the SMILES text before parsing (src/law/prefilter.ts). */
const PrefilterRequirement = z.object({
  /** Minimum heavy-atom counts per element, aromatic or not. */
  minCounts: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** Minimum counts of aliphatic (upper-case in SMILES) atoms per element. */
  minAliphatic: z.record(z.string(), z.number().int().nonnegative()).default({}),
});

export const ClassRuleSchema = z.object({
  /** A known jurisdiction's id, a hyphen and the rule's name (data/jurisdictions.yaml), e.g. US-FRS. */
  id: prefixedIdSchema(),
  /** Bumped whenever the encoding or text changes; reported with every finding. */
  version: z.string().min(1),
  jurisdiction: jurisdictionCodeSchema(),
  category: z.enum(['drug', 'precursor']),
  status: z.string(),
  statusEn: z.string().optional(),
  title: z.object({ en: z.string(), original: z.string(), language: z.string() }),
  instrument: z.string(),
  citation: z.string(),
  effective: z.array(EffectivePeriod).min(1),
  text: z.object({ language: z.string(), original: z.string().min(1), en: z.string().min(1) }),
  /** The reference substance the modifications are counted from (e.g. fentanyl). */
  parent: z.object({ name: z.string(), nameZh: z.string().optional(), nameOriginal: z.string().optional(), smiles: z.string() }),
  /** "one-or-more": the parent itself is not a member (fentanyl is not a fentanyl-related substance). */
  requires: z.enum(['one-or-more', 'parent-or-derivative']),
  /** Whether a molecule needing two or more derivative kinds (e.g. an acetal of a carbamate) is in or needs review. */
  combinations: z.enum(['allowed', 'review']).default('allowed'),
  /** Whether an individual drug listing of the same jurisdiction displaces this class finding. */
  yieldsToListing: z.boolean().default(true),
  scaffold: z.object({ smarts: z.string().min(1), description: z.string() }),
  regions: z.array(Region),
  clauses: z.array(Clause).min(1),
  /** Alternatives: a record may match only if it satisfies at least one requirement set. */
  prefilter: z.array(PrefilterRequirement).min(1),
  /** Example structures illustrating the rule, checked by tests; shown on the Rules page. */
  examples: z
    .array(z.object({ name: z.string(), smiles: z.string(), expect: z.enum(['match', 'no-match', 'review']), clauses: z.array(z.string()).default([]) }))
    .default([]),
  notes: z.string().optional(),
});
export type ClassRule = z.infer<typeof ClassRuleSchema>;
export type PrefilterRequirement = z.infer<typeof PrefilterRequirement>;
