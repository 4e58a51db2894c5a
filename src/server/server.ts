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
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './config.js';
import type { ServerContext } from './context.js';
import { HistoryRecorder } from './history-recorder.js';
import { HttpProblem, installProblemHandler } from './problem-reply.js';
import { installZodValidation } from './request-schema.js';
import { classifyRoutes } from './routes/classify.js';
import { depictRoutes } from './routes/depict.js';
import { historyRoutes } from './routes/history.js';
import { ruleRoutes } from './routes/rules.js';
import { structureSearchRoutes } from './routes/structure-search.js';
import { substanceRoutes } from './routes/substances.js';
import { VerdictService } from './verdict-service.js';
import { DEFAULT_WEB_ROOT, installWebUi } from './web-ui.js';

export interface BuildServerOptions {
  /** Default: `loadClassifier()` (the real rules and registry). */
  classifier?: Classifier;
  /** A migrated, seeded store (see `openStore`, `store.seed`), left open on close. Default: a private in-memory SQLite database, seeded here and closed with the server. */
  store?: Store;
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
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore({ backend: 'sqlite', path: ':memory:' }));
  if (ownsStore) await store.seed({ dataVersion: classifier.dataVersion, substances: classifier.registry.substances, lists: classifier.registry.lists, rules: classifier.rules });

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

  const recorder = new HistoryRecorder(store, {
    flushMs: options.historyFlushMs,
    onError: (error, dropped) => app.log.error({ err: error, dropped }, 'could not record classification history'),
  });
  let search: StructureSearch | undefined;
  const ctx: ServerContext = {
    classifier,
    store,
    recorder,
    verdicts: new VerdictService(classifier, recorder, options.cacheSize),
    structureSearch: () => (search ??= createStructureSearch(classifier.registry.substances)),
  };

  installZodValidation(app);
  installProblemHandler(app); // unknown routes: see installWebUi

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
      tags: [
        { name: 'classification' },
        { name: 'registry' },
        { name: 'law' },
        { name: 'chemistry' },
        { name: 'history' },
        { name: 'service' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    { schema: { tags: ['service'], summary: 'Liveness and data version' } },
    async () => ({ ok: true, dataVersion: classifier.dataVersion, store: store.backend, substances: classifier.registry.substances.length, rules: classifier.rules.length }),
  );

  classifyRoutes(app, ctx);
  substanceRoutes(app, ctx);
  structureSearchRoutes(app, ctx);
  ruleRoutes(app, ctx);
  depictRoutes(app, ctx);
  historyRoutes(app, ctx);
  await installWebUi(app, options.webRoot ?? DEFAULT_WEB_ROOT);

  app.addHook('onClose', async () => {
    await recorder.close();
    search?.dispose();
    if (ownsStore) await store.close();
  });
  return app;
}
