/**
 * `narcotrace lists …`: sanctions and denied-party lists for party screening.
 *
 *   narcotrace lists import ofac-sdn FILE [--version V] [--agency A] [--json]
 *   narcotrace lists import csv FILE --list NAME [--version V] [--agency A] [--json]
 *   narcotrace lists show [--json]
 *
 * An import is all or nothing: a bad line is reported with its number and nothing is stored. Each
 * import is a new version of the list; the output says which entries it added and removed.
 * Exit codes: 0 done; 2 bad input or option.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { problem, ProblemError } from '../problems.js';
import { LIST_FORMAT_IDS, type ListFormatId } from '../screening/lists/index.js';
import { fail, run, scopeFor, withStores } from './screen-cli-shared.js';

export function register(program: Command): void {
  const lists = program.command('lists').description('Import and show sanctions and denied-party lists for party screening.');
  lists
    .command('import')
    .argument('<format>', `list format: ${LIST_FORMAT_IDS.join(', ')}`)
    .argument('<file>', 'the list file (OFAC sdn.csv, or a CSV with a header)')
    .option('--list <name>', 'list name (default OFAC-SDN for ofac-sdn; required for csv)')
    .option('--version <v>', 'list version (default: a date in the file name, else the content hash)')
    .option('--agency <agency>', 'agency id or name (default: the operator agency)')
    .option('--json', 'print JSON')
    .action(async (format: string, file: string, opts: { list?: string; version?: string; agency?: string; json?: boolean }) => {
      const json = !!opts.json;
      await run(json, async () => {
        if (!(LIST_FORMAT_IDS as readonly string[]).includes(format)) throw new ProblemError(problem('INVALID_OPTION', `"${format}" is not a list format (${LIST_FORMAT_IDS.join(', ')}).`, { field: 'format' }));
        let bytes: Buffer;
        try {
          if (statSync(file).size > 512 * 1024 * 1024) throw new ProblemError(problem('INPUT_TOO_LARGE', `${file} is larger than 512 MB.`));
          bytes = readFileSync(file);
        } catch (err) {
          if (err instanceof ProblemError) throw err;
          throw new ProblemError(problem('FILE_NOT_FOUND', `${file} does not exist.`));
        }
        await withStores(async (stores) => {
          const { loadClassifier } = await import('../law/index.js');
          const { ScreeningService } = await import('../screening/service.js');
          const service = new ScreeningService(stores.screening, await loadClassifier());
          const v = await service.importList(await scopeFor(stores, opts.agency), { format: format as ListFormatId, bytes, source: file, list: opts.list, version: opts.version, now: new Date().toISOString() });
          if (json) process.stdout.write(JSON.stringify({ ok: true, version: v }) + '\n');
          else process.stdout.write(`${v.list} version ${v.version}: ${v.entries} entries imported (${v.added.length} added, ${v.removed.length} removed since the previous version)\n`);
        });
      });
    });
  lists
    .command('show')
    .option('--agency <agency>', 'agency id or name')
    .option('--json', 'print JSON')
    .action(async (opts: { agency?: string; json?: boolean }) => {
      await run(!!opts.json, () =>
        withStores(async (stores) => {
          const versions = await stores.screening.listVersions(await scopeFor(stores, opts.agency));
          if (opts.json) process.stdout.write(JSON.stringify({ versions }) + '\n');
          else for (const v of versions) process.stdout.write(`${v.id}\t${v.list}\t${v.version}\t${v.entries} entries\t+${v.added.length} −${v.removed.length}\t${v.importedAt}\n`);
        }),
      );
    });
  void fail;
}
