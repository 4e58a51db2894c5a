/**
 * Bulk classification as a job (kind "classify", src/jobs/kinds.ts): up to 100,000 structures, each
 * answered with the same Verdict JSON as POST /api/classify and `classify --json`, one line per
 * structure in input order. Runs in slices, reporting progress and checking for cancellation between
 * them; one bad structure is an error line, never the end of the job.
 */
import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import type { JobHandler } from '../jobs/handler.js';
import { problem, ProblemError, type ProblemCode } from '../problems.js';
import '../registry/problems.js';
import type { Classifier } from './classify.js';
import { isJurisdiction, JURISDICTIONS, today, type Jurisdiction, type VerdictResult } from './verdict.js';

export const MAX_JOB_STRUCTURES = 100_000;
/** Structures per slice: progress, result chunks and cancellation checks come this often. */
const SLICE = 50;

export interface ClassifyJobInput {
  structures: string[];
  /** YYYY-MM-DD; filled in with the submission date when not given, so the job's answer can be reproduced. */
  asOf: string;
  jurisdictions: Jurisdiction[];
}

/**
 * The tallies of a classify job. Besides the two totals, `controlled.<jurisdiction>` counts the
 * structures controlled there, and `rule.<rule or list id>` those with an applying finding of it.
 */
export interface ClassifyJobSummary {
  [tally: string]: number;
  /** Structures controlled in at least one of the jurisdictions asked. */
  controlled: number;
  /** Structures answered with an error (unreadable, or an internal error). */
  errors: number;
}

function tally(summary: ClassifyJobSummary, result: VerdictResult): void {
  if (!result.ok) {
    summary.errors++;
    return;
  }
  if (isControlled(result)) summary.controlled++;
  for (const [jurisdiction, verdict] of Object.entries(result.jurisdictions)) {
    if (verdict?.controlled) summary[`controlled.${jurisdiction}`] = (summary[`controlled.${jurisdiction}`] ?? 0) + 1;
    for (const rule of new Set(verdict?.findings.filter((f) => f.applies).map((f) => f.rule))) summary[`rule.${rule}`] = (summary[`rule.${rule}`] ?? 0) + 1;
  }
}

const InputSchema = z
  .object({
    structures: z
      .array(z.string(), { error: 'must be an array of strings' })
      .min(1, 'give at least one structure')
      .max(MAX_JOB_STRUCTURES, {
        error: (issue) => `${Array.isArray(issue.input) ? issue.input.length.toLocaleString('en') : 'too many'} structures; a job classifies at most ${MAX_JOB_STRUCTURES.toLocaleString('en')}, so split the input`,
      }),
    asOf: z.string().optional(),
    jurisdictions: z.array(z.string()).min(1).optional(),
  })
  .strict();

function invalid(code: ProblemCode, message: string, field: string): ProblemError {
  return new ProblemError(problem(code, message, { field }));
}

export function validateClassifyJob(input: unknown): ClassifyJobInput {
  const parsed = InputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(input)';
    const code: ProblemCode = issue.path[0] === 'structures' && issue.code === 'too_big' ? 'BATCH_TOO_LARGE' : 'INVALID_REQUEST';
    throw invalid(code, `${field}: ${issue.message}`, field);
  }
  const { structures, asOf, jurisdictions } = parsed.data;
  if (asOf !== undefined && !isCalendarDate(asOf)) throw invalid('INVALID_DATE', `asOf: "${asOf}" is not a calendar date written YYYY-MM-DD`, 'asOf');
  const unknown = jurisdictions?.find((j) => !isJurisdiction(j));
  if (unknown !== undefined)
    throw invalid('UNKNOWN_JURISDICTION', `jurisdictions: ${JSON.stringify(unknown)} is not a jurisdiction; use ${JURISDICTIONS.join(', ')}`, 'jurisdictions');
  return { structures, asOf: asOf ?? today(), jurisdictions: jurisdictions ? [...new Set(jurisdictions)] : [...JURISDICTIONS] };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function isControlled(result: VerdictResult): boolean {
  return result.ok && Object.values(result.jurisdictions).some((v) => v?.controlled);
}

/** The handler, with the classifier it loads (RDKit, rules and registry) given: the worker loads it once, on the first job. */
export function createClassifyJob(loadClassifier: () => Promise<Classifier>): JobHandler<ClassifyJobInput, VerdictResult> {
  return {
    kind: 'classify',
    validate: validateClassifyJob,
    total: (input) => input.structures.length,
    async prepare() {
      await loadClassifier();
    },
    async run(input, ctx) {
      const classifier = await loadClassifier();
      const options = { asOf: input.asOf, jurisdictions: input.jurisdictions, identity: 'full' as const };
      const summary: ClassifyJobSummary = { controlled: 0, errors: 0, ...ctx.summarySoFar };
      const { structures } = input;
      for (let start = ctx.startAt; start < structures.length; start += SLICE) {
        ctx.signal.throwIfAborted();
        const end = Math.min(start + SLICE, structures.length);
        const lines: string[] = [];
        for (let i = start; i < end; i++) {
          let result: VerdictResult;
          try {
            result = classifier.classify(structures[i], options);
          } catch (err) {
            // A bug or an RDKit abort on one structure must not end a job of thousands: report it on its line.
            result = { input: structures[i], ok: false, error: problem('INTERNAL_ERROR', `Internal error while classifying this structure: ${(err as Error).message}`) };
          }
          tally(summary, result);
          lines.push(JSON.stringify(result));
        }
        ctx.emit(lines);
        await ctx.progress(end, { ...summary }); // lets the result writes catch up (src/jobs/handler.ts)
        // Lets a cancellation (a message to the worker) arrive between slices.
        await nextTurn();
      }
      return summary;
    },
  };
}

export const classifyJob = createClassifyJob(async () => (await import('./index.js')).loadClassifier());
