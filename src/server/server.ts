/**
 * The HTTP API (Fastify): classification, registry look-up and structure search, rules, depiction
 * and history, documented as OpenAPI at /api/openapi.json with a UI at /api/docs. `buildServer`
 * returns the instance without listening, for tests; `startServer` (./start.ts) listens.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { loadClassifier, type Classifier } from '../law/index.js';
import { createStructureSearch, type StructureSearch } from '../registry/structure-search.js';
import { problem } from '../problems.js';
import cookie from '@fastify/cookie';
import { createAccessPolicy } from '../identity/access.js';
import { IdentityService } from '../identity/service.js';
import { JOB_KINDS } from '../jobs/kinds.js';
import { createBullmqJobQueue } from '../jobs/bullmq/queue.js';
import { createLocalJobQueue } from '../jobs/local/pool.js';
import { MODULES } from '../modules.js';
import { openStores, type Stores } from '../store/open.js';
import { installAccess } from './access.js';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, type ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { HistoryRecorder } from './history-recorder.js';
import { HttpProblem, installProblemHandler } from './problem-reply.js';
import { installZodValidation } from './request-schema.js';
import { registerRoutes, ROUTE_PLUGINS } from './routes/index.js';
import { VerdictService } from './verdict-service.js';
import { DEFAULT_WEB_ROOT, installWebUi } from './web-ui.js';

export interface BuildServerOptions {
  /** Default: `loadClassifier()` (the real rules and registry). */
  classifier?: Classifier;
  /** Migrated, seeded stores (see `openStores`, `stores.reference.seed`), left open on close. Default: a private in-memory SQLite database, seeded here and closed with the server. */
  stores?: Stores;
  /** Identity service over `stores.identity` (tests pass one with a clock or throttle of their own). */
  identity?: IdentityService;
  /** Mark session cookies Secure (the server is reached over HTTPS). */
  secureCookies?: boolean;
  /** Worker threads for jobs (default 1), when jobs run in this process. */
  jobWorkers?: number;
  /** Where jobs run (default: this process's worker threads). */
  jobs?: ServerConfig['jobs'];
  rateLimit?: Partial<RateLimitOptions>;
  /** Largest request body in bytes. Default 3 MiB: a 2,000,000-character molfile fits, JSON-escaped. */
  bodyLimit?: number;
  /** Verdicts kept in the first-level cache. */
  cacheSize?: number;
  /** Where the built web UI is; default web/dist. */
  webRoot?: string;
  /** Fastify logger setting; default off (tests). */
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
  /** History batching (tests shorten it). */
  historyFlushMs?: number;
}

const PROBLEM_RESPONSE = {
  description: 'An error with a stable code (see docs/api.md).',
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { type: 'boolean', const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['INVALID_REQUEST'] },
        message: { type: 'string' },
        where: { type: 'object', properties: { field: { type: 'string' }, line: { type: 'integer' }, record: { type: 'integer' } } },
      },
    },
  },
};

export async function buildServer(options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const classifier = options.classifier ?? (await loadClassifier());
  const ownsStore = !options.stores;
  const stores = options.stores ?? (await openStores({ backend: 'sqlite', path: ':memory:' }));
  if (ownsStore) await stores.reference.seed({ dataVersion: classifier.dataVersion, substances: classifier.registry.substances, lists: classifier.registry.lists, rules: classifier.rules });

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 3 * 1024 * 1024,
    requestTimeout: 120_000,
    keepAliveTimeout: 72_000,
    trustProxy: options.trustProxy ?? false,
    // Per-request logs would cost more than a cached classification; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });

  const recorder = new HistoryRecorder(stores.history, {
    flushMs: options.historyFlushMs,
    onError: (error, dropped) => app.log.error({ err: error, dropped }, 'could not record classification history'),
  });
  let search: StructureSearch | undefined;
  const access = createAccessPolicy(MODULES.flatMap((m) => (m.permissions ? [m.permissions] : [])));
  const ctx: ServerContext = {
    classifier,
    stores,
    recorder,
    identity: options.identity ?? new IdentityService(stores.identity),
    access,
    jobs:
      options.jobs?.kind === 'bullmq'
        ? await createBullmqJobQueue(stores.jobs, { redisUrl: options.jobs.redisUrl, kinds: JOB_KINDS })
        : await createLocalJobQueue(stores.jobs, { workers: options.jobWorkers ?? 1, kinds: JOB_KINDS, onError: (err) => app.log.error({ err }, 'job queue') }),
    secureCookies: options.secureCookies ?? false,
    routes: [],
    verdicts: new VerdictService(classifier, recorder, options.cacheSize),
    structureSearch: () => (search ??= createStructureSearch(classifier.registry.substances)),
  };
  app.decorate('narcotrace', ctx);

  installZodValidation(app);
  installProblemHandler(app); // unknown routes: see installWebUi
  await app.register(cookie);
  ctx.routes = installAccess(app, { identity: ctx.identity, policy: access, secureCookies: ctx.secureCookies });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ketcher's structure service runs Indigo as WebAssembly in a blob: worker.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'blob:', 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The UI loads nothing cross-origin, but Ketcher's worker is created from a blob:; COEP would block it.
    crossOriginEmbedderPolicy: false,
  });

  const limit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  if (limit.max > 0) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      allowList: limit.allowList,
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(problem('RATE_LIMITED', `Too many requests: at most ${context.max} per ${context.after} from one address. Try again in ${context.after}.`), 429),
    });
  }

  // Document the shared error shape on every API route (responses are not validated or filtered by it).
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || !route.schema || route.schema.hide) return;
    route.schema.response ??= { '4XX': PROBLEM_RESPONSE, '5XX': PROBLEM_RESPONSE };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Narcotrace API',
        version: '0.1.0',
        description:
          'Classify chemical structures under US, Chinese and UN drug and precursor law, look up listed substances, and search them by structure. ' +
          'Every error is `{ "ok": false, "error": { "code", "message", "where"? } }` with a stable code; see docs/api.md.',
      },
      tags: [...new Set(ROUTE_PLUGINS.map((p) => p.tag)), 'service'].map((name) => ({ name })),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'narcotrace_session', description: 'Set by POST /api/auth/login.' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token `nt_…` (POST /api/tokens, or `narcotrace admin create-token`).' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    { schema: { tags: ['service'], summary: 'Liveness and data version' } },
    async () => ({ ok: true, dataVersion: classifier.dataVersion, store: stores.backend, substances: classifier.registry.substances.length, rules: classifier.rules.length }),
  );

  await registerRoutes(app, ctx);
  await installWebUi(app, options.webRoot ?? DEFAULT_WEB_ROOT);

  app.addHook('onClose', async () => {
    await recorder.close();
    await ctx.jobs.close();
    search?.dispose();
    if (ownsStore) await stores.close();
  });
  return app;
}
