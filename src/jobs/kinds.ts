/**
 * The job kinds: each kind names the module that exports its handler (src/jobs/handler.ts), by URL,
 * so a worker thread (or another process) can import it. A module adds its long work here.
 */
import { moduleUrl } from './module-url.js';

/** Kind → URL (href) of the module that exports its handler. */
export type JobKinds = Readonly<Record<string, string>>;

export const JOB_KINDS: JobKinds = {
  classify: moduleUrl('../law/classify-job', import.meta.url).href,
};
