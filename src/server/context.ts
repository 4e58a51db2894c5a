/** What the routes share: the classifier, the verdict cache, the stores, identity and access, jobs, and the lazily built structure search. */
import type { AccessPolicy } from '../identity/access.js';
import type { ApiRoute } from './access.js';
import type { IdentityService } from '../identity/service.js';
import type { JobQueue } from '../jobs/port.js';
import type { Classifier } from '../law/classify.js';
import type { StructureSearch } from '../registry/structure-search.js';
import type { Stores } from '../store/open.js';
import type { HistoryRecorder } from './history-recorder.js';
import type { VerdictService } from './verdict-service.js';

export interface ServerContext {
  classifier: Classifier;
  verdicts: VerdictService;
  stores: Stores;
  recorder: HistoryRecorder;
  identity: IdentityService;
  access: AccessPolicy;
  jobs: JobQueue;
  /** Every /api route with its access rule, filled as the routes register. */
  routes: ApiRoute[];
  /** Whether session cookies are marked Secure (served over HTTPS). */
  secureCookies: boolean;
  structureSearch(): StructureSearch;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The context the routes share, for tests and embedding doors. */
    narcotrace: ServerContext;
  }
}
