/**
 * Errors at the boundary are values: a stable code, a human message and, where known, where the input was bad.
 * Every door (CLI, HTTP, bulk files) serialises this same shape.
 */
export type ProblemCode =
  | 'EMPTY_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'BINARY_INPUT'
  | 'INVALID_SMILES'
  | 'INVALID_MOLFILE'
  | 'BAD_VALENCE'
  | 'UNSUPPORTED_ELEMENT'
  | 'TOO_MANY_ATOMS'
  | 'NO_ORGANIC_FRAGMENT'
  | 'INCHI_NOT_RESOLVABLE'
  | 'INVALID_INCHI'
  | 'INVALID_DATE'
  | 'UNKNOWN_JURISDICTION'
  | 'INVALID_RECORD'
  | 'UNSUPPORTED_FORMAT'
  | 'FILE_NOT_FOUND'
  | 'INVALID_QUERY'
  | 'CAS_CHECK_DIGIT'
  | 'CAS_FORMAT'
  | 'NOT_FOUND'
  | 'INVALID_DATA'
  // HTTP API (src/server)
  | 'INVALID_JSON'
  | 'INVALID_REQUEST'
  | 'BATCH_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'INVALID_OPTION';

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
