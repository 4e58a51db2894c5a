/**
 * The reviewed data format of data/lists/ (see docs/registry.md): list metadata in lists.yaml and
 * one part file per list and family part. Validation reports every bad field with its file and line.
 */
import { z } from 'zod';
import { casProblem } from './cas.js';
import { parseYaml, zodIssues, type DataIssue } from './data-file.js';
import { jurisdictionCodeSchema, prefixedIdSchema } from './jurisdictions.js';

export { formatIssue, parseYaml, type DataIssue } from './data-file.js';

export const COVERAGES = ['salts', 'stereoisomers', 'isomers', 'positional-isomers', 'esters', 'ethers'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const listInfoSchema = z.strictObject({
  id: prefixedIdSchema(),
  jurisdiction: jurisdictionCodeSchema(),
  category: z.enum(['drug', 'precursor']),
  title: z.strictObject({ en: nonEmpty, original: nonEmpty, language: z.enum(['en', 'zh']) }),
  instrument: nonEmpty,
  citation: nonEmpty,
  note: nonEmpty.optional(),
  /**
   * How many items the instrument itself gives for the list (its stated count), where no whole copy in ../shared lets
   * docs/registry.md count them: shown there beside the entries (e.g. a UN Schedule's count as the source gives it).
   */
  sourceCount: z.strictObject({ items: z.number().int().nonnegative(), source: nonEmpty, note: nonEmpty.optional() }).optional(),
});
export type ListMeta = z.infer<typeof listInfoSchema>;

export const listsFileSchema = z.strictObject({ lists: z.array(listInfoSchema).min(1) });

const entryBase = {
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, single hyphens)'),
  name: nonEmpty,
  nameZh: nonEmpty.optional(),
  synonyms: z.array(nonEmpty).optional(),
  status: nonEmpty,
  statusEn: nonEmpty.optional(),
  citation: nonEmpty,
  /**
   * YYYY-MM-DD; or YYYY alone where only the year of effect is documented; or "by YYYY-MM-DD" where only a
   * date on which the listing was certainly in force is documented. Findings say which.
   */
  effective: z.string().superRefine((value, ctx) => {
    if (/^\d{4}$/.test(value)) return;
    // "by YYYY-MM-DD": the listing is known to be in force on that date; when it began is not recorded.
    const date = isoDate.safeParse(value.replace(/^by /, ''));
    if (!date.success) for (const issue of date.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  }),
  until: isoDate.optional(),
  /**
   * The listing is documented in force until this date (e.g. a temporary order's end) and whether it
   * continued is not recorded: findings on or after it need review.
   */
  knownUntil: isoDate.optional(),
  note: nonEmpty.optional(),
};

export const THRESHOLD_UNITS = {
  /** An amount of the substance (a weight or a volume). */
  amount: ['mg', 'g', 'kg', 't', 'mL', 'L', 'gal'],
  /** A concentration or content in a preparation. */
  concentration: ['%w/w', '%w/v', '%v/v', 'mg/100mL', 'mg/100g', 'mg/mL', 'mg/g', 'mg/dosage-unit', 'ug/dosage-unit'],
} as const;
export const THRESHOLD_BASES = [
  /** A single transaction at or above the amount is regulated (US List I/II threshold, 21 CFR 1310.04(f)). */
  'per-transaction',
  /** Transactions totalled over a calendar month (US "cumulative" thresholds). */
  'cumulative-per-month',
  /** A preparation at or below the concentration is in this listing (e.g. a Schedule V preparation). */
  'preparation-at-most',
  /** A preparation at or above the concentration is in this listing. */
  'preparation-at-least',
] as const;
const allUnits: readonly string[] = [...THRESHOLD_UNITS.amount, ...THRESHOLD_UNITS.concentration];

/**
 * A listing of preparations within a limit ('preparation-at-most'), not of the substance itself
 * (docs/interpretation.md, I-PREPARATION): classification reports it and never applies it.
 */
export function listsPreparationsOnly(listing: { threshold?: readonly { basis: string }[] }): boolean {
  return listing.threshold?.some((t) => t.basis === 'preparation-at-most') ?? false;
}

/**
 * A quantity or concentration that the listing attaches to the substance: recorded with its own citation;
 * the classification does not evaluate it (a structure has no quantity), the screening module will.
 */
export const thresholdSchema = z
  .strictObject({
    quantity: z.number().finite().nonnegative(),
    unit: z.string().refine((u) => allUnits.includes(u), `must be one of ${allUnits.join(', ')}`),
    basis: z.enum(THRESHOLD_BASES),
    /** How the quantity is measured: of the base (free acid or base) or of the material as is. */
    weight: z.enum(['base', 'as-is']).optional(),
    /** Which activities the threshold is for, in the instrument's words (e.g. "import and export"). */
    scope: nonEmpty.optional(),
    citation: nonEmpty,
    note: nonEmpty.optional(),
  })
  .superRefine((t, ctx) => {
    const isConcentration = (THRESHOLD_UNITS.concentration as readonly string[]).includes(t.unit);
    const wantsConcentration = t.basis.startsWith('preparation-');
    if (isConcentration !== wantsConcentration)
      ctx.addIssue({ code: 'custom', path: ['unit'], message: `${t.unit} does not fit basis ${t.basis} (${wantsConcentration ? 'a concentration' : 'an amount'} is needed)` });
    if (t.unit.startsWith('%') && t.quantity > 100) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'a percentage is at most 100' });
  });
export type ThresholdData = z.infer<typeof thresholdSchema>;

export const substanceEntrySchema = z
  .strictObject({
    ...entryBase,
    cas: z
      .array(
        z.string().superRefine((cas, ctx) => {
          const bad = casProblem(cas);
          if (bad) ctx.addIssue({ code: 'custom', message: bad.message });
        }),
      )
      .optional(),
    /**
     * CAS numbers of salt forms (e.g. the hydrochloride of a reference standard), kept apart from the
     * substance's own numbers in `cas`: a look-up by one finds the substance and says it is a salt's number.
     */
    saltCas: z
      .array(
        z.strictObject({
          cas: z.string().superRefine((cas, ctx) => {
            const bad = casProblem(cas);
            if (bad) ctx.addIssue({ code: 'custom', message: bad.message });
          }),
          /** The salt, e.g. "hydrochloride", "citrate", "盐酸盐". */
          salt: nonEmpty,
        }),
      )
      .optional(),
    /**
     * The parent structure (one fragment, no salt or solvent); or, for a substance without carbon (an inorganic
     * salt such as potassium permanganate), the whole substance with its ions. The compiler checks which.
     */
    smiles: nonEmpty.optional(),
    /**
     * Instead of `smiles`, for a substance that no structure represents (red phosphorus, a polymeric allotrope):
     * why. It is found by name or CAS number and never matched from a structure.
     */
    noStructure: nonEmpty.optional(),
    stereo: z.enum(['any', 'exact']).default('any'),
    covers: z.array(z.enum(COVERAGES)).default([]),
    threshold: z.array(thresholdSchema).min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.smiles === undefined) === (e.noStructure === undefined))
      ctx.addIssue({ code: 'custom', path: ['smiles'], message: 'give exactly one of smiles or noStructure (with the reason no structure represents the substance)' });
    for (const [i, salt] of (e.saltCas ?? []).entries())
      if (e.cas?.includes(salt.cas)) ctx.addIssue({ code: 'custom', path: ['saltCas', i, 'cas'], message: `${salt.cas} is also in cas: a number is either the substance's or a salt's` });
    if (e.noStructure !== undefined && !e.cas?.length)
      ctx.addIssue({ code: 'custom', path: ['cas'], message: 'an entry without a structure needs its CAS number, to be found by it' });
  });

export const classEntrySchema = z.strictObject({
  ...entryBase,
  /** A class rule id in rules/, or null when the class is listed but not machine-evaluated yet. */
  classRule: prefixedIdSchema().nullable(),
  covers: z.array(z.enum(COVERAGES)).default([]),
  threshold: z.array(thresholdSchema).min(1).optional(),
});

export type SubstanceEntry = z.infer<typeof substanceEntrySchema>;
export type ClassEntryData = z.infer<typeof classEntrySchema>;

/** A part file: its entries, and what it knowingly leaves out (`gaps`, one sentence each: what and why). */
export const partFileSchema = z.strictObject({ entries: z.array(z.unknown()), gaps: z.unknown().optional() });
/** Validated on its own, so that a bad gap does not hide the entries' problems. */
const gapsSchema = z.array(nonEmpty).optional();

export function validateListsFile(text: string, file: string): { lists: ListMeta[]; issues: DataIssue[] } {
  const parsed = parseYaml(text, file);
  if (parsed.issues.length) return { lists: [], issues: parsed.issues };
  const result = listsFileSchema.safeParse(parsed.value);
  if (!result.success) return { lists: [], issues: zodIssues(result.error, file, parsed, []) };
  const issues: DataIssue[] = [];
  const seen = new Set<string>();
  result.data.lists.forEach((l, i) => {
    if (seen.has(l.id)) issues.push({ file, line: parsed.lineOf(['lists', i]), message: `list id ${l.id} is defined twice` });
    seen.add(l.id);
    if (!l.id.startsWith(`${l.jurisdiction}-`)) issues.push({ file, line: parsed.lineOf(['lists', i]), message: `list ${l.id} must start with its jurisdiction ${l.jurisdiction}-` });
  });
  return { lists: result.data.lists, issues };
}

export type ParsedEntry =
  | { kind: 'substance'; entry: SubstanceEntry; line?: number }
  | { kind: 'class'; entry: ClassEntryData; line?: number };

/** Validates one part file; returns the valid entries and an issue for every invalid field. */
export function validatePartFile(
  text: string,
  file: string,
  options: { requireNameZh: boolean },
): { entries: ParsedEntry[]; gaps: string[]; issues: DataIssue[] } {
  const parsed = parseYaml(text, file);
  if (parsed.issues.length) return { entries: [], gaps: [], issues: parsed.issues };
  const top = partFileSchema.safeParse(parsed.value);
  if (!top.success) return { entries: [], gaps: [], issues: zodIssues(top.error, file, parsed, []) };
  const entries: ParsedEntry[] = [];
  const issues: DataIssue[] = [];
  top.data.entries.forEach((raw, i) => {
    const path = ['entries', i];
    const line = parsed.lineOf(path);
    const isClass = typeof raw === 'object' && raw !== null && 'classRule' in raw;
    const schema = isClass ? classEntrySchema : substanceEntrySchema;
    const result = schema.safeParse(raw);
    if (!result.success) {
      issues.push(...zodIssues(result.error, file, parsed, path));
      return;
    }
    if (options.requireNameZh && !result.data.nameZh) issues.push({ file, line, message: `entries[${i}].nameZh: required in Chinese lists` });
    // A "by" date or a year is compared by its date part (a year by its first day).
    const from = result.data.effective.replace(/^by /, '').replace(/^(\d{4})$/, '$1-01-01');
    if (result.data.until && result.data.until <= from)
      issues.push({ file, line: parsed.lineOf([...path, 'until']), message: `entries[${i}].until: must be after effective (${result.data.effective})` });
    entries.push(isClass ? { kind: 'class', entry: result.data as ClassEntryData, line } : { kind: 'substance', entry: result.data as SubstanceEntry, line });
  });
  const gaps = gapsSchema.safeParse(top.data.gaps);
  if (!gaps.success) issues.push(...zodIssues(gaps.error, file, parsed, ['gaps']));
  return { entries, gaps: gaps.success ? (gaps.data ?? []) : [], issues };
}
