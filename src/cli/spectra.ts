/**
 * `narcotrace spectra …`: import mass-spectral libraries into the store and search them.
 *
 *   narcotrace spectra import FILE [--format msp|jcamp|massbank|csv] --library NAME
 *   narcotrace spectra search QUERY_FILE --library NAME [--top N] [--mode identity|hybrid|msms] [--json]
 *   narcotrace spectra list
 *
 * Libraries live in the store selected by NARCOTRACE_DB / DATABASE_URL, as for the server, and belong
 * to an agency: the operator agency by default (the operator at the machine), or --agency.
 * Exit codes: 0 done; 1 nothing found (search); 2 bad input or option (nothing imported).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { problem, ProblemError, type Problem } from '../problems.js';
import { FORMAT_IDS, type FormatId } from '../spectra/formats/index.js';
import { parseFiles, SEARCH_MODES, type ImportFile, type SearchMode, type SearchRequest } from '../spectra/service.js';
import type { Stores } from '../store/open.js';
import { scopeFor, withStores } from './stores.js';

/** Largest library file read (bytes). */
const MAX_FILE = 512 * 1024 * 1024;


function readFiles(path: string): ImportFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new ProblemError(problem('FILE_NOT_FOUND', `${path} does not exist.`));
  }
  const paths = stat.isDirectory()
    ? readdirSync(path)
        .filter((f) => !f.startsWith('.'))
        .sort()
        .map((f) => join(path, f))
        .filter((p) => statSync(p).isFile())
    : [path];
  return paths.map((p) => {
    if (statSync(p).size > MAX_FILE) throw new ProblemError(problem('INPUT_TOO_LARGE', `${p} is larger than ${MAX_FILE / 1024 / 1024} MB.`));
    return { name: stat.isDirectory() ? basename(p) : p, bytes: readFileSync(p) };
  });
}

function fail(p: Problem, json: boolean): void {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: p }) + '\n');
  else process.stderr.write(`${p.code}: ${p.message}\n`);
  process.exitCode = 2;
}

function checkFormat(format: string | undefined): FormatId | undefined {
  if (format === undefined) return undefined;
  if (!(FORMAT_IDS as readonly string[]).includes(format)) throw new ProblemError(problem('INVALID_OPTION', `--format "${format}" is not one of ${FORMAT_IDS.join(', ')}.`, { field: 'format' }));
  return format as FormatId;
}

export function register(program: Command): void {
  const spectra = program.command('spectra').description('Import mass-spectral libraries and identify unknowns by library search (hits carry their legal status).');

  spectra
    .command('import')
    .description('Import a library file (or a folder of MassBank records) into a named library; bad records are reported with file and line and skipped.')
    .argument('<file>', 'an MSP, JCAMP-DX, MassBank or CSV file, or a folder of them')
    .requiredOption('--library <name>', 'the library to import into (created if new; otherwise the spectra are added)')
    .option('--format <format>', `one of ${FORMAT_IDS.join(', ')} (default: from the file)`)
    .option('--source-version <version>', 'the library’s version (default: from the file name, e.g. 3.4)')
    .option('--replace', 'replace the library’s spectra instead of adding to them')
    .option('--latin1', 'read an 8-bit file as Latin-1 (otherwise it must be UTF-8)')
    .option('--agency <id-or-name>', 'the agency that owns the library (default: the operator agency)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, o: { library: string; format?: string; sourceVersion?: string; replace?: boolean; latin1?: boolean; agency?: string; json?: boolean }) => {
      const json = o.json === true;
      try {
        const format = checkFormat(o.format);
        const files = readFiles(file);
        // Parse before opening the database and loading the classifier: a bad file costs nothing.
        const parsed = parseFiles(files, format, { latin1: o.latin1 });
        for (const p of parsed.problems) if (!json) process.stderr.write(`${p.problem.code}: ${p.problem.message}\n`);
        if (parsed.error) {
          if (json) process.stdout.write(JSON.stringify({ ok: false, error: parsed.error, problems: parsed.problems }) + '\n');
          else process.stderr.write(`${parsed.error.code}: ${parsed.error.message}\nNothing was imported.\n`);
          process.exitCode = 2;
          return;
        }
        await withStores(async (stores) => {
          const scope = await scopeFor(stores, o.agency);
          const { versionFromName } = await import('../spectra/service.js');
          const library = await stores.spectra.importLibrary(scope, {
            library: o.library,
            source: files.length === 1 ? basename(files[0].name) : `${basename(file)}/ (${files.length} files)`,
            version: o.sourceVersion ?? versionFromName(basename(file)),
            format: parsed.format,
            records: parsed.records,
            replace: o.replace,
            now: new Date().toISOString(),
          });
          if (json) process.stdout.write(JSON.stringify({ ok: true, library, imported: parsed.records.length, problems: parsed.problems }) + '\n');
          else
            process.stdout.write(
              `Imported ${parsed.records.length} spectra into "${library.name}" (now ${library.spectra}; version ${library.version}); ${parsed.problems.length} record(s) skipped.\n`,
            );
        });
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        fail(err.problem, json);
      }
    });

  spectra
    .command('search')
    .description('Search a library with each spectrum of a query file; prints each query’s hits with scores and the legal status of their structures.')
    .argument('<query-file>', 'an MSP, JCAMP-DX, MassBank or CSV file (or plain "m/z intensity" lines)')
    .requiredOption('--library <name>', 'the library to search')
    .option('--top <n>', 'hits per query (1–100)', '5')
    .option('--mode <mode>', `${SEARCH_MODES.join(', ')}`, 'identity')
    .option('--format <format>', `the query file’s format: ${FORMAT_IDS.join(', ')} (default: from the file)`)
    .option('--mw <mass>', 'hybrid: the unknown’s molecular weight (default: estimated from the spectrum)')
    .option('--precursor-mz <mz>', 'msms: the precursor m/z (default: from the query record)')
    .option('--tolerance <da>', 'msms: precursor m/z tolerance in Da', '0.01')
    .option('--as-of <date>', 'date (YYYY-MM-DD) of the legal status; default today')
    .option('--agency <id-or-name>', 'the agency whose library it is (default: the operator agency)')
    .option('--json', 'print one JSON object per query')
    .action(
      async (
        file: string,
        o: { library: string; top: string; mode: string; format?: string; mw?: string; precursorMz?: string; tolerance: string; asOf?: string; agency?: string; json?: boolean },
      ) => {
        const json = o.json === true;
        try {
          const top = Number(o.top);
          if (!Number.isInteger(top) || top < 1 || top > 100) throw new ProblemError(problem('INVALID_OPTION', `--top "${o.top}" must be a whole number from 1 to 100.`, { field: 'top' }));
          if (!(SEARCH_MODES as readonly string[]).includes(o.mode)) throw new ProblemError(problem('INVALID_OPTION', `--mode "${o.mode}" is not one of ${SEARCH_MODES.join(', ')}.`, { field: 'mode' }));
          const mode = o.mode as SearchMode;
          const num = (v: string | undefined, field: string) => {
            if (v === undefined) return undefined;
            const n = Number(v);
            if (!Number.isFinite(n) || n <= 0) throw new ProblemError(problem('INVALID_OPTION', `--${field} "${v}" must be a positive number.`, { field }));
            return n;
          };
          const mw = num(o.mw, 'mw');
          const precursorMz = num(o.precursorMz, 'precursor-mz');
          const tolerance = num(o.tolerance, 'tolerance');
          const format = checkFormat(o.format);
          const files = readFiles(file);
          const parsed = parseFiles(files, format);
          for (const p of parsed.problems) process.stderr.write(`${p.problem.code}: ${p.problem.message}\n`);
          if (parsed.error) throw new ProblemError(parsed.error);
          const requests: SearchRequest[] = parsed.records.map((r, i) => ({
            query: r.name || String(i + 1),
            peaks: r.peaks,
            mode,
            top,
            mw: mw ?? (mode === 'hybrid' ? undefined : r.mw),
            precursorMz: precursorMz ?? r.precursorMz,
            precursorTolerance: tolerance,
            asOf: o.asOf,
          }));
          const { loadClassifier } = await import('../law/index.js');
          const { SpectraService } = await import('../spectra/service.js');
          const classifier = await loadClassifier();
          let found = false;
          await withStores(async (stores) => {
            const scope = await scopeFor(stores, o.agency);
            const service = new SpectraService(stores.spectra, classifier);
            const { results } = await service.search(scope, o.library, requests);
            for (const r of results) {
              if (r.hits.length) found = true;
              if (json) {
                process.stdout.write(JSON.stringify(r) + '\n');
                continue;
              }
              process.stdout.write(`${r.query}${r.mode === 'hybrid' && r.queryMw ? ` (MW ${r.queryMw})` : ''}\n`);
              if (!r.hits.length) process.stdout.write('  no hit\n');
              for (const [k, h] of r.hits.entries()) {
                const legal = h.legal ? Object.entries(h.legal).map(([j, c]) => `${j} ${c ? 'controlled' : 'not controlled'}`).join(', ') : (h.note ?? '');
                const shift = h.massShift !== undefined ? `  Δ${h.massShift >= 0 ? '+' : ''}${h.massShift}` : '';
                process.stdout.write(`  ${k + 1}. ${h.name}  score ${h.score}  reverse ${h.reverseScore}  p=${h.probability.toFixed(3)}${shift}  [${legal}]\n`);
              }
              if (r.mode === 'hybrid') process.stdout.write(`  ${r.family ? r.family.message : 'No family named: the nearest relatives do not agree on one.'}\n`);
            }
          });
          process.exitCode = found ? 0 : 1;
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          fail(err.problem, json);
        }
      },
    );

  spectra
    .command('list')
    .description('List the spectral libraries of the agency.')
    .option('--agency <id-or-name>', 'the agency (default: the operator agency)')
    .option('--json', 'print JSON')
    .action(async (o: { agency?: string; json?: boolean }) => {
      try {
        await withStores(async (stores) => {
          const libraries = await stores.spectra.listLibraries(await scopeFor(stores, o.agency));
          if (o.json) process.stdout.write(JSON.stringify({ libraries }) + '\n');
          else if (!libraries.length) process.stdout.write('No spectral library yet: narcotrace spectra import FILE --library NAME\n');
          else for (const l of libraries) process.stdout.write(`${l.name}\t${l.spectra} spectra\tversion ${l.version}\t${l.source}\t(${l.format}, updated ${l.updatedAt})\n`);
        });
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        fail(err.problem, o.json === true);
      }
    });
}
