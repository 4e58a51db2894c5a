/** The jobs module's error codes: asking a job for what its state does not allow, or for a kind that does not exist. */
import { defineProblems, type CodesOf } from '../problems.js';

export const JOB_PROBLEMS = defineProblems({
  JOB_NOT_DONE: { status: 409, meaning: 'The job’s result was asked for before the job is done (or the job failed or was cancelled).' },
  JOB_FINISHED: { status: 409, meaning: 'The job cannot be cancelled: it is done, failed or cancelled already.' },
  JOB_KIND_UNKNOWN: { status: 400, meaning: 'No job of that kind exists.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof JOB_PROBLEMS> {}
}
