/**
 * The `narcotrace` command. Each subcommand lives in its own module and is loaded only when used,
 * so `narcotrace lookup` does not pay for the classifier's start-up and vice versa.
 */
import { Command } from 'commander';

const program = new Command('narcotrace')
  .description('Classify chemical structures under US, Chinese and UN drug law, look substances up, and run the server.')
  .version('0.1.0');

/** `names`: the top-level commands a module registers (loaded once, whichever of them is asked for). */
const commands: { names: string[]; load: () => Promise<{ register(program: Command): void }> }[] = [
  { names: ['classify'], load: () => import('./classify.js') },
  { names: ['lookup'], load: () => import('./lookup.js') },
  { names: ['serve'], load: () => import('./serve.js') },
  { names: ['admin'], load: () => import('./admin.js') },
  { names: ['exchange'], load: () => import('./exchange.js') },
  { names: ['audit'], load: () => import('./audit.js') },
  { names: ['worker'], load: () => import('./worker.js') },
  { names: ['spectra'], load: () => import('./spectra.js') },
  { names: ['attribution', 'profiles', 'link'], load: () => import('./attribution.js') },
  { names: ['screen'], load: () => import('./screen.js') },
  { names: ['lists'], load: () => import('./screen-lists.js') },
  { names: ['compare'], load: () => import('./compare.js') },
  { names: ['briefing'], load: () => import('./briefing.js') },
];

const wanted = process.argv[2];
for (const c of commands) {
  if (wanted === undefined || wanted.startsWith('-') || c.names.includes(wanted) || wanted === 'help') {
    try {
      (await c.load()).register(program);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    }
  }
}

await program.parseAsync(process.argv);
