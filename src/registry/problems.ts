/** The registry module's error codes: look-ups and reference-data questions. */
import { defineProblems, type CodesOf } from '../problems.js';

export const REGISTRY_PROBLEMS = defineProblems({
  INVALID_QUERY: { status: 400, meaning: 'A look-up query is empty, too long or malformed.' },
  CAS_FORMAT: { status: 400, meaning: 'A CAS number is not written NNNNNNN-NN-N.' },
  CAS_CHECK_DIGIT: { status: 400, meaning: 'A CAS number fails its check digit.' },
  NO_STRUCTURE: { status: 400, meaning: 'A registry substance that no structure represents (e.g. red phosphorus): look it up by name or CAS number instead.' },
  UNKNOWN_JURISDICTION: { status: 400, meaning: 'A jurisdiction that data/jurisdictions.yaml does not define.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof REGISTRY_PROBLEMS> {}
}
