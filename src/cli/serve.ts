/** `narcotrace serve [--port N] [--host H]`: the HTTP API and web UI. Configuration: see src/server/config.ts. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API and web UI (PORT, HOST, DATABASE_URL, NARCOTRACE_DB; see docs/storage.md).')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: $HOST or localhost; 0.0.0.0 for all interfaces)')
    .action(async (options: { port?: string; host?: string }) => {
      const { readServerConfig } = await import('../server/config.js');
      const { startServer } = await import('../server/start.js');
      const env = { ...process.env };
      if (options.port !== undefined) env.PORT = options.port;
      if (options.host !== undefined) env.HOST = options.host;
      const read = readServerConfig(env);
      if (!read.ok) {
        console.error(`narcotrace serve: ${read.message}`);
        process.exitCode = 2;
        return;
      }
      let running: Awaited<ReturnType<typeof startServer>>;
      try {
        running = await startServer(read.config);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') console.error(`narcotrace serve: port ${read.config.port} is already in use; choose another with --port or PORT.`);
        else console.error(`narcotrace serve: ${e.message}`);
        process.exitCode = 1;
        return;
      }
      const { exitOnSignal } = await import('./shutdown.js');
      exitOnSignal(() => running.close(), 'finishing requests and saving history');
    });
}
