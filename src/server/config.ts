/**
 * The one place that reads the environment, for the server and the CLI alike:
 *   PORT (default 8080), HOST (default localhost), DATABASE_URL (postgres://…, takes precedence),
 *   NARCOTRACE_DB (SQLite file, default ./var/narcotrace.db), NARCOTRACE_PG_SCHEMA,
 *   NARCOTRACE_RATE_LIMIT (requests per minute per address, 0 = off; default 600),
 *   NARCOTRACE_RATE_LIMIT_ALLOW (comma-separated addresses never limited; default loopback),
 *   NARCOTRACE_TRUST_PROXY (1 behind a reverse proxy, so limits apply to the client address),
 *   NARCOTRACE_QUEUE (redis://…: jobs go to BullMQ workers, `narcotrace worker`, instead of this process's pool),
 *   NARCOTRACE_JOB_LOCK_MS (BullMQ: how long a silent worker keeps its job before another takes it over; default 30000),
 *   NARCOTRACE_SECURE_COOKIES (1 when served over HTTPS: session cookies get the Secure flag),
 *   NARCOTRACE_LOG_LEVEL (default info).
 */
import { storeConfigFrom, type StoreConfig } from '../store/config.js';

export const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

export interface RateLimitOptions {
  /** Requests per window per client address; 0 turns the limit off. */
  max: number;
  timeWindowMs: number;
  /** Addresses never limited (default: loopback, so local tools and benchmarks are not throttled). */
  allowList: string[];
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, timeWindowMs: 60_000, allowList: LOOPBACK };

export interface ServerConfig {
  port: number;
  host: string;
  store: StoreConfig;
  rateLimit: RateLimitOptions;
  trustProxy: boolean;
  secureCookies: boolean;
  /** Where jobs run: this process's worker threads, or BullMQ workers fed through Redis. */
  jobs: { kind: 'local' } | { kind: 'bullmq'; redisUrl: string; lockMs?: number };
  logLevel: string;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; message: string };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readServerConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ConfigResult {
  const port = env.PORT?.trim() ? Number(env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { ok: false, message: `PORT must be a port number (0–65535), not "${env.PORT}".` };
  const rate = env.NARCOTRACE_RATE_LIMIT?.trim() ? Number(env.NARCOTRACE_RATE_LIMIT) : DEFAULT_RATE_LIMIT.max;
  if (!Number.isInteger(rate) || rate < 0) return { ok: false, message: `NARCOTRACE_RATE_LIMIT must be a whole number of requests per minute (0 turns it off), not "${env.NARCOTRACE_RATE_LIMIT}".` };
  const logLevel = env.NARCOTRACE_LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) return { ok: false, message: `NARCOTRACE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.` };
  const store = storeConfigFrom({ databaseUrl: env.DATABASE_URL, sqlitePath: env.NARCOTRACE_DB, postgresSchema: env.NARCOTRACE_PG_SCHEMA, cwd });
  if (!store.ok) return store;
  const queue = env.NARCOTRACE_QUEUE?.trim();
  if (queue && !/^rediss?:\/\/[^/]/.test(queue)) return { ok: false, message: `NARCOTRACE_QUEUE must be a redis:// URL (unset it to run jobs in this process), not "${queue}".` };
  const lockMs = env.NARCOTRACE_JOB_LOCK_MS?.trim() ? Number(env.NARCOTRACE_JOB_LOCK_MS) : undefined;
  if (lockMs !== undefined && (!Number.isInteger(lockMs) || lockMs < 1000)) return { ok: false, message: `NARCOTRACE_JOB_LOCK_MS must be a whole number of milliseconds, at least 1000, not "${env.NARCOTRACE_JOB_LOCK_MS}".` };
  const allow = env.NARCOTRACE_RATE_LIMIT_ALLOW;
  return {
    ok: true,
    config: {
      port,
      host: env.HOST?.trim() || 'localhost',
      store: store.config,
      rateLimit: {
        max: rate,
        timeWindowMs: 60_000,
        allowList: allow === undefined ? DEFAULT_RATE_LIMIT.allowList : allow.split(',').map((s) => s.trim()).filter(Boolean),
      },
      trustProxy: ['1', 'true', 'yes'].includes((env.NARCOTRACE_TRUST_PROXY ?? '').trim().toLowerCase()),
      secureCookies: ['1', 'true', 'yes'].includes((env.NARCOTRACE_SECURE_COOKIES ?? '').trim().toLowerCase()),
      jobs: queue ? { kind: 'bullmq', redisUrl: queue, ...(lockMs ? { lockMs } : {}) } : { kind: 'local' },
      logLevel,
    },
  };
}
