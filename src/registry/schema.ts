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

export const substanceEntrySchema = z.strictObject({
  ...entryBase,
  cas: z
    .array(
      z.string().superRefine((cas, ctx) => {
        const bad = casProblem(cas);
        if (bad) ctx.addIssue({ code: 'custom', message: bad.message });
      }),
    )
    .optional(),
  smiles: nonEmpty.refine((s) => !s.includes('.'), 'must be the parent structure (one fragment, no salt or solvent)'),
  stereo: z.enum(['any', 'exact']).default('any'),
  covers: z.array(z.enum(COVERAGES)).default([]),
});

export const classEntrySchema = z.strictObject({
  ...entryBase,
  /** A class rule id in rules/, or null when the class is listed but not machine-evaluated yet. */
  classRule: prefixedIdSchema().nullable(),
  covers: z.array(z.enum(COVERAGES)).default([]),
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
