/** Ctrl-C and SIGTERM for the long-running commands (serve, worker): say what is being finished, close once, exit. */
export function exitOnSignal(close: () => Promise<void>, finishing: string): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; ${finishing}…`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
