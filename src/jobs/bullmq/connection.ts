/** Redis clients for BullMQ from a redis:// URL. BullMQ in an ES module takes a client instance, not settings. */
import { Redis } from 'ioredis';

export const QUEUE_NAME = 'narcotrace-jobs';

export function redisClient(url: string): Redis {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`a queue URL must be redis://host:port (or rediss://), not "${url}"`);
  const db = u.pathname.replace(/^\//, '');
  return new Redis({
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ workers block on Redis; it requires this to be null.
    maxRetriesPerRequest: null,
  });
}
