/**
 * Errors at the boundary are values: a stable code, a human message and, where known, where the input was bad.
 * Every door (CLI, HTTP, bulk files) serialises this same shape.
 *
 * The codes are composed from the modules: each module declares its own in `src/<module>/problems.ts`
 * with `defineProblems`, and adds them to `ProblemCodes` by declaration merging, so a new module adds
 * codes without touching this file or another module's. The codes every module may use (bad input in
 * general, the HTTP envelope) are declared here.
 */

/** One entry of a module's catalogue: the HTTP status a door answers the code with, and what it means. */
export interface ProblemSpec {
  status: number;
  /** What the code means, for docs/api.md and the OpenAPI document. */
  meaning: string;
}

export type ProblemCatalogue = Record<string, ProblemSpec>;

/** The codes of a catalogue, as members for `interface ProblemCodes extends CodesOf<typeof x> {}`. */
export type CodesOf<C extends ProblemCatalogue> = { [K in keyof C]: true };

/** Every code of every module; modules extend it (see the top of this file). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ProblemCodes extends CodesOf<typeof COMMON_PROBLEMS> {}

export type ProblemCode = keyof ProblemCodes & string;

/** Declares a module's codes; the identity function keeps the literal keys for `CodesOf`. */
export function defineProblems<const C extends ProblemCatalogue>(catalogue: C): C {
  return catalogue;
}

export const COMMON_PROBLEMS = defineProblems({
  EMPTY_INPUT: { status: 400, meaning: 'The input is empty.' },
  INPUT_TOO_LARGE: { status: 413, meaning: 'The input or request body is larger than accepted.' },
  BINARY_INPUT: { status: 400, meaning: 'The input is binary data, not text.' },
  INVALID_RECORD: { status: 400, meaning: 'A record of a bulk file cannot be read.' },
  UNSUPPORTED_FORMAT: { status: 415, meaning: 'The file or body format is not supported.' },
  FILE_NOT_FOUND: { status: 400, meaning: 'A named file does not exist.' },
  NOT_FOUND: { status: 404, meaning: 'No such record or route (or not visible to the caller).' },
  INVALID_DATA: { status: 400, meaning: 'A data file does not match its schema.' },
  INVALID_DATE: { status: 400, meaning: 'A date is not a calendar date written YYYY-MM-DD.' },
  INVALID_OPTION: { status: 400, meaning: 'A command-line option has a bad value.' },
  INVALID_JSON: { status: 400, meaning: 'The request body is not valid JSON.' },
  INVALID_REQUEST: { status: 400, meaning: 'A request field is missing or has a bad value (`where.field` names it).' },
  BATCH_TOO_LARGE: { status: 413, meaning: 'Too many items in one request.' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests from one address (or too many sign-in attempts).' },
  INTERNAL_ERROR: { status: 500, meaning: 'The server failed; the error is logged.' },
});

export interface Problem {
  code: ProblemCode;
  message: string;
  /** Where the input was bad: a line number, a field name or a record index. */
  where?: { line?: number; field?: string; record?: number };
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ProblemError';
  }
}

export function problem(code: ProblemCode, message: string, where?: Problem['where']): Problem {
  return where ? { code, message, where } : { code, message };
}
