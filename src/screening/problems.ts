/** The screening module's error codes. */
import { defineProblems, type CodesOf } from '../problems.js';

export const SCREENING_PROBLEMS = defineProblems({
  INVALID_LIST_RECORD: { status: 400, meaning: 'A record of a sanctions-list file cannot be read (`where.line`); nothing was imported.' },
  INVALID_LIST_ENCODING: { status: 400, meaning: 'A sanctions-list file is not Latin-1 or UTF-8 text.' },
  INVALID_ORDER: { status: 400, meaning: 'An order does not match the order schema (`where.field` names the field).' },
  SCREENING_NOT_FOUND: { status: 404, meaning: 'No screening with that id (or not visible to the caller).' },
  NO_LIST: { status: 409, meaning: 'No sanctions list has been imported yet, so parties cannot be screened.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof SCREENING_PROBLEMS> {}
}
