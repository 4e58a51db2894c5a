import type { ApiProblem } from '../api/types.js';

/** A failed action on one table row (revoke a token, cancel a job): its code and message, announced. */
export function RowProblem({ problem }: { problem: ApiProblem }) {
  return (
    <p className="note note-error" role="alert">
      <code>{problem.code}</code> {problem.message}
    </p>
  );
}
