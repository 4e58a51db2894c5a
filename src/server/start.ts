/** Starts the API for `narcotrace serve` / `npm start`: opens and seeds the store, listens, and shuts down cleanly. */
import type { FastifyInstance } from 'fastify';
import { loadClassifier } from '../law/index.js';
import { describeStore } from '../store/config.js';
import { IdentityService } from '../identity/service.js';
import { openStores } from '../store/open.js';
import type { ServerConfig } from './config.js';
import { buildServer } from './server.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, say: (line: string) => void = console.log): Promise<RunningServer> {
  const classifier = await loadClassifier();
  const stores = await openStores(config.store);
  let app: FastifyInstance | undefined;
  try {
    const seeded = await stores.reference.seed({
      dataVersion: classifier.dataVersion,
      substances: classifier.registry.substances,
      lists: classifier.registry.lists,
      rules: classifier.rules,
    });
    say(
      `Database: ${describeStore(config.store)}` +
        (seeded.seeded ? ` (reference data loaded: ${seeded.substances} substances, ${seeded.listings} listings, ${seeded.rules} rules)` : ' (reference data up to date)'),
    );
    const identity = new IdentityService(stores.identity);
    const first = await identity.bootstrap();
    if (first.created)
      say(
        `First run: an administrator was created. Sign in as "${first.user.username}" with the password ${first.password}\n` +
          '  (shown this once; change it under Account, or create users with `narcotrace admin create-user`).',
      );
    app = await buildServer({
      classifier,
      stores,
      identity,
      secureCookies: config.secureCookies,
      jobs: config.jobs,
      rateLimit: config.rateLimit,
      trustProxy: config.trustProxy,
      logger: { level: config.logLevel },
    });
    const address = await app.listen({ port: config.port, host: config.host });
    const port = new URL(address).port;
    const shownHost = ['localhost', '0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;
    say(`Narcotrace is running at ${url}`);
    const running = app;
    return {
      app: running,
      url,
      close: async () => {
        await running.close();
        await stores.close();
      },
    };
  } catch (err) {
    await app?.close();
    await stores.close();
    throw err;
  }
}
