/** Starts the API for `narcotrace serve` / `npm start`: opens and seeds the store, listens, and shuts down cleanly. */
import type { FastifyInstance } from 'fastify';
import { loadClassifier } from '../law/index.js';
import { describeStore } from '../store/config.js';
import { openStore } from '../store/open.js';
import type { ServerConfig } from './config.js';
import { buildServer } from './server.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, say: (line: string) => void = console.log): Promise<RunningServer> {
  const classifier = await loadClassifier();
  const store = await openStore(config.store);
  let app: FastifyInstance | undefined;
  try {
    const seeded = await store.seed({
      dataVersion: classifier.dataVersion,
      substances: classifier.registry.substances,
      lists: classifier.registry.lists,
      rules: classifier.rules,
    });
    say(
      `Database: ${describeStore(config.store)}` +
        (seeded.seeded ? ` (reference data loaded: ${seeded.substances} substances, ${seeded.listings} listings, ${seeded.rules} rules)` : ' (reference data up to date)'),
    );
    app = await buildServer({
      classifier,
      store,
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
        await store.close();
      },
    };
  } catch (err) {
    await app?.close();
    await store.close();
    throw err;
  }
}
