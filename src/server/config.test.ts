import { describe, expect, it } from 'vitest';
import { readServerConfig } from './config.js';

describe('readServerConfig', () => {
  it('defaults to port 8080, localhost and ./var/narcotrace.db', () => {
    const result = readServerConfig({}, '/srv/app');
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: 'localhost',
        store: { backend: 'sqlite', path: '/srv/app/var/narcotrace.db' },
        rateLimit: { max: 600, timeWindowMs: 60_000, allowList: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] },
        trustProxy: false,
        secureCookies: false,
        jobs: { kind: 'local' },
        logLevel: 'info',
      },
    });
  });

  it('prefers DATABASE_URL over NARCOTRACE_DB', () => {
    const result = readServerConfig({ DATABASE_URL: 'postgres://u@db:5432/n', NARCOTRACE_DB: 'x.db', NARCOTRACE_PG_SCHEMA: 'nt' }, '/srv');
    expect(result.ok && result.config.store).toEqual({ backend: 'postgres', url: 'postgres://u@db:5432/n', schema: 'nt' });
  });

  it('reads port, SQLite path, rate limit and proxy settings', () => {
    const result = readServerConfig({ PORT: '9000', NARCOTRACE_DB: 'data/x.db', NARCOTRACE_RATE_LIMIT: '0', NARCOTRACE_RATE_LIMIT_ALLOW: '10.0.0.1, 10.0.0.2', NARCOTRACE_TRUST_PROXY: 'true', HOST: '0.0.0.0' }, '/srv');
    expect(result.ok && result.config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      store: { backend: 'sqlite', path: '/srv/data/x.db' },
      rateLimit: { max: 0, allowList: ['10.0.0.1', '10.0.0.2'] },
      trustProxy: true,
    });
  });

  it('sends jobs to BullMQ workers when NARCOTRACE_QUEUE is a redis:// URL', () => {
    expect(readServerConfig({ NARCOTRACE_QUEUE: 'redis://127.0.0.1:6379/2' }, '/').ok && readServerConfig({ NARCOTRACE_QUEUE: 'redis://127.0.0.1:6379/2' }, '/')).toMatchObject({
      config: { jobs: { kind: 'bullmq', redisUrl: 'redis://127.0.0.1:6379/2' } },
    });
    expect(readServerConfig({ NARCOTRACE_QUEUE: 'amqp://x' }, '/')).toMatchObject({ ok: false, message: expect.stringContaining('NARCOTRACE_QUEUE') });
  });

  it('explains bad values', () => {
    expect(readServerConfig({ PORT: 'eighty' }, '/')).toMatchObject({ ok: false, message: expect.stringContaining('PORT') });
    expect(readServerConfig({ PORT: '70000' }, '/')).toMatchObject({ ok: false });
    expect(readServerConfig({ DATABASE_URL: 'mysql://x' }, '/')).toMatchObject({ ok: false, message: expect.stringContaining('postgres://') });
    expect(readServerConfig({ NARCOTRACE_RATE_LIMIT: '-1' }, '/')).toMatchObject({ ok: false });
    expect(readServerConfig({ NARCOTRACE_LOG_LEVEL: 'loud' }, '/')).toMatchObject({ ok: false });
  });
});
