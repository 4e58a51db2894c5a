/**
 * The `narcotrace` command. Each subcommand lives in its own module and is loaded only when used,
 * so `narcotrace lookup` does not pay for the classifier's start-up and vice versa.
 */
import { Command } from 'commander';

const program = new Command('narcotrace')
  .description('Classify chemical structures under US, Chinese and UN drug law, look substances up, and run the server.')
  .version('0.1.0');

const commands: { name: string; load: () => Promise<{ register(program: Command): void }> }[] = [
  { name: 'classify', load: () => import('./classify.js') },
  { name: 'lookup', load: () => import('./lookup.js') },
  { name: 'serve', load: () => import('./serve.js') },
  { name: 'admin', load: () => import('./admin.js') },
  { name: 'exchange', load: () => import('./exchange.js') },
  { name: 'audit', load: () => import('./audit.js') },
  { name: 'worker', load: () => import('./worker.js') },
  { name: 'spectra', load: () => import('./spectra.js') },
  { name: 'attribution', load: () => import('./attribution.js') },
  { name: 'screen', load: () => import('./screen.js') },
  { name: 'lists', load: () => import('./screen-lists.js') },
  { name: 'compare', load: () => import('./compare.js') },
  { name: 'briefing', load: () => import('./briefing.js') },
];

const wanted = process.argv[2];
for (const c of commands) {
  if (wanted === undefined || wanted.startsWith('-') || wanted === c.name || wanted === 'help') {
    try {
      (await c.load()).register(program);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    }
  }
}

await program.parseAsync(process.argv);
