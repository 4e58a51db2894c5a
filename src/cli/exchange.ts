/**
 * `narcotrace exchange …`: signed exchange packages and agency keys, for the operator at the machine
 * (same database as `serve`: DATABASE_URL, NARCOTRACE_DB), acting for the agency named by --agency.
 *
 *   exchange export --agency A [--incidents ID,ID] [--from D] [--to D] [--inchikey K] --out FILE
 *   exchange verify FILE            exit 0 only for an intact package from a registered key
 *   exchange import FILE --agency A
 *   exchange key --agency A [--out FILE]         the agency's public key (PEM), made on first use
 *   exchange register-key --agency NAME --key FILE [--kind K] [--jurisdiction J]
 *   exchange keys
 *
 * Exit codes: 0 done; 2 bad usage (option, file, unknown agency); 3 the package was refused (its
 * error code is printed: SIGNATURE_INVALID, UNKNOWN_SENDER_KEY, PACKAGE_MALFORMED …).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ExchangeStore } from '../exchange/store.js';
import { publicKeyPem, readPublicKey } from '../exchange/package.js';
import { ExchangeService } from '../exchange/service.js';
import { AGENCY_KINDS, type AccessScope, type AgencyKind } from '../identity/access.js';
import type { IdentityService } from '../identity/service.js';
import { problem, ProblemError, type Problem } from '../problems.js';

export const EXIT = { ok: 0, usage: 2, refused: 3 } as const;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ExchangeDeps {
  exchange: ExchangeStore;
  identity: IdentityService;
  now?: () => Date;
}

/** Packages are not classified again: the CLI's service never needs the classifier (it would be a programming error). */
const NO_CLASSIFIER = {
  dataVersion: '',
  classify: (): never => {
    throw new Error('the exchange CLI does not classify');
  },
};

const CODES_REFUSED = new Set(['PACKAGE_MALFORMED', 'PACKAGE_VERSION_UNSUPPORTED', 'PACKAGE_SCHEMA_INVALID', 'UNKNOWN_SENDER_KEY', 'SIGNATURE_INVALID', 'RECORD_CONFLICT', 'INPUT_TOO_LARGE']);

function service(deps: ExchangeDeps): ExchangeService {
  return new ExchangeService(deps.exchange, NO_CLASSIFIER, deps.now ? { now: deps.now } : {});
}

function report(io: CliIo, p: Problem, command: string): number {
  io.stderr.write(`narcotrace exchange ${command}: ${p.code}: ${p.message}\n`);
  return CODES_REFUSED.has(p.code) ? EXIT.refused : EXIT.usage;
}

async function guarded(io: CliIo, command: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ProblemError) return report(io, err.problem, command);
    throw err;
  }
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new ProblemError(problem('FILE_NOT_FOUND', `Cannot read ${file}.`));
  }
}

/** The operator at the machine, acting for an agency (user 0 in the audit log). */
async function scopeFor(deps: ExchangeDeps, ref: string | undefined): Promise<{ scope: AccessScope; name: string }> {
  if (!ref) throw new ProblemError(problem('INVALID_OPTION', '--agency <id-or-name> is required.'));
  const agency = await deps.identity.agencyByIdOrName(ref);
  if (!agency) throw new ProblemError(problem('NOT_FOUND', `There is no agency "${ref}".`));
  return { scope: { agencyId: agency.id, userId: 0, role: 'admin', operator: agency.operator }, name: agency.name };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ExportOptions {
  agency?: string;
  incidents?: string;
  from?: string;
  to?: string;
  inchikey?: string;
  out?: string;
}

export function exportCommand(deps: ExchangeDeps, o: ExportOptions, io: CliIo): Promise<number> {
  return guarded(io, 'export', async () => {
    if (!o.out) throw new ProblemError(problem('INVALID_OPTION', '--out FILE is required.'));
    for (const [name, v] of [['--from', o.from], ['--to', o.to]] as const)
      if (v !== undefined && !DATE.test(v)) throw new ProblemError(problem('INVALID_DATE', `${name} takes a date written YYYY-MM-DD.`));
    const incidents = o.incidents?.split(',').map((s) => s.trim()).filter(Boolean);
    if (!incidents && !o.from && !o.to && !o.inchikey) throw new ProblemError(problem('INVALID_OPTION', 'Select what to export: --incidents, --from/--to or --inchikey.'));
    const { scope, name } = await scopeFor(deps, o.agency);
    const selection = { ...(incidents ? { incidents } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.inchikey ? { inchikey: o.inchikey } : {}) };
    const result = await service(deps).exportPackage(scope, selection, { agency: name, user: 'operator (CLI)' });
    writeFileSync(o.out, result.text);
    io.stdout.write(`Package ${result.packageId}: ${result.incidents} incident(s) from "${name}", signed with key ${result.keyId}, written to ${o.out} (SHA-256 ${result.digest}).\n`);
    return EXIT.ok;
  });
}

export function verifyCommand(deps: ExchangeDeps, file: string, o: { json?: boolean }, io: CliIo): Promise<number> {
  return guarded(io, 'verify', async () => {
    const bytes = readInput(file);
    const check = await service(deps).check(bytes);
    if (!check.ok) {
      if (o.json) io.stdout.write(`${JSON.stringify({ ok: false, error: check.problem })}\n`);
      return report(io, check.problem, 'verify');
    }
    const summary = { packageId: check.body.id, exporter: check.body.exporter, exportedAt: check.body.exportedAt, incidents: check.body.records.incidents.length, keyId: check.keyId, digest: check.digest };
    if (o.json) io.stdout.write(`${JSON.stringify({ ok: true, package: summary })}\n`);
    else io.stdout.write(`OK: package ${summary.packageId} from "${summary.exporter.agency}" (key ${summary.keyId}), exported ${summary.exportedAt}, ${summary.incidents} incident(s); signature and schema verified.\n`);
    return EXIT.ok;
  });
}

export function importCommand(deps: ExchangeDeps, file: string, o: { agency?: string; json?: boolean }, io: CliIo): Promise<number> {
  return guarded(io, 'import', async () => {
    const bytes = readInput(file);
    const { scope, name } = await scopeFor(deps, o.agency);
    const result = await service(deps).importPackage(scope, bytes);
    if (o.json) io.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
    else if (result.replay) io.stdout.write(`Package ${result.packageId} was imported for "${name}" before; nothing changed.\n`);
    else io.stdout.write(`Package ${result.packageId} imported for "${name}": ${result.inserted.length} new, ${result.updated.length} updated, ${result.unchanged.length} unchanged.\n`);
    return EXIT.ok;
  });
}

export function keyCommand(deps: ExchangeDeps, o: { agency?: string; out?: string }, io: CliIo): Promise<number> {
  return guarded(io, 'key', async () => {
    const { scope, name } = await scopeFor(deps, o.agency);
    const key = await service(deps).agencyKey(scope.agencyId);
    const pem = publicKeyPem(key.publicKey);
    if (o.out) {
      writeFileSync(o.out, pem);
      io.stdout.write(`Public key ${key.keyId} of "${name}" written to ${o.out}.\n`);
    } else io.stdout.write(pem);
    return EXIT.ok;
  });
}

export function registerKeyCommand(deps: ExchangeDeps, o: { agency?: string; key?: string; kind?: string; jurisdiction?: string }, io: CliIo): Promise<number> {
  return guarded(io, 'register-key', async () => {
    if (!o.agency || !o.key) throw new ProblemError(problem('INVALID_OPTION', '--agency NAME and --key FILE are required.'));
    const read = readPublicKey(readInput(o.key).toString('utf8'));
    if (!read.ok) throw new ProblemError(read.problem);
    let agency = await deps.identity.agencyByIdOrName(o.agency);
    if (!agency) {
      const kind = (o.kind ?? 'laboratory') as AgencyKind;
      if (!AGENCY_KINDS.includes(kind) || kind === 'operator') throw new ProblemError(problem('INVALID_OPTION', `--kind is one of ${AGENCY_KINDS.filter((k) => k !== 'operator').join(', ')}.`));
      agency = await deps.identity.systemCreateAgency({ name: o.agency, kind, jurisdiction: o.jurisdiction ?? null });
      io.stdout.write(`Agency ${agency.id} "${agency.name}" created.\n`);
    }
    const stamp = (deps.now?.() ?? new Date()).toISOString();
    const outcome = await deps.exchange.systemRegisterPublicKey(agency.id, read.publicKey, read.keyId, stamp);
    io.stdout.write(outcome === 'registered' ? `Key ${read.keyId} registered for "${agency.name}".\n` : `Key ${read.keyId} was registered for "${agency.name}" already.\n`);
    return EXIT.ok;
  });
}

export function keysCommand(deps: ExchangeDeps, io: CliIo): Promise<number> {
  return guarded(io, 'keys', async () => {
    for (const k of await deps.exchange.systemKeys()) {
      const agency = await deps.identity.agencyByIdOrName(String(k.agencyId));
      io.stdout.write(`${k.keyId}  ${k.local ? 'own       ' : 'registered'}  ${agency?.name ?? `agency ${k.agencyId}`}  since ${k.createdAt}\n`);
    }
    return EXIT.ok;
  });
}

/** Opens the configured database for one command (as `narcotrace admin` does) and sets the exit code. */
export async function withExchange(work: (deps: ExchangeDeps) => Promise<number>): Promise<void> {
  const { readServerConfig } = await import('../server/config.js');
  const { openStores } = await import('../store/open.js');
  const { IdentityService } = await import('../identity/service.js');
  const read = readServerConfig();
  if (!read.ok) {
    console.error(`narcotrace: ${read.message}`);
    process.exitCode = EXIT.usage;
    return;
  }
  const stores = await openStores(read.config.store);
  try {
    process.exitCode = await work({ exchange: stores.exchange, identity: new IdentityService(stores.identity) });
  } finally {
    await stores.close();
  }
}

const IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

export function register(program: Command): void {
  const exchange = program.command('exchange').description('Signed exchange packages between agencies, and agency keys (same database as `serve`).');

  exchange
    .command('export')
    .description('Export an agency’s own incidents as a package signed with its Ed25519 key (fields not released are withheld).')
    .requiredOption('--agency <id-or-name>', 'the exporting agency')
    .option('--incidents <ids>', 'incident ids, comma-separated')
    .option('--from <date>', 'occurred on or after YYYY-MM-DD')
    .option('--to <date>', 'occurred on or before YYYY-MM-DD')
    .option('--inchikey <key>', 'incidents with a sample of this substance')
    .requiredOption('--out <file>', 'where to write the package')
    .action((o: ExportOptions) => withExchange((deps) => exportCommand(deps, o, IO)));

  exchange
    .command('verify <file>')
    .description('Check a package: exit 0 only when it is intact, signed by a registered key and valid; else its error code and exit 3.')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { json?: boolean }) => withExchange((deps) => verifyCommand(deps, file, o, IO)));

  exchange
    .command('import <file>')
    .description('Verify and import a package for an agency, all or nothing; importing it again changes nothing.')
    .requiredOption('--agency <id-or-name>', 'the receiving agency')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { agency?: string; json?: boolean }) => withExchange((deps) => importCommand(deps, file, o, IO)));

  exchange
    .command('key')
    .description('Print (or write) an agency’s public key in PEM, to register at partner instances; the key pair is made on first use.')
    .requiredOption('--agency <id-or-name>', 'the agency')
    .option('--out <file>', 'write the PEM here')
    .action((o: { agency?: string; out?: string }) => withExchange((deps) => keyCommand(deps, o, IO)));

  exchange
    .command('register-key')
    .description('Register another agency’s public key (PEM or base64 SPKI); the agency is created here when it does not exist.')
    .requiredOption('--agency <name>', 'the agency the key belongs to')
    .requiredOption('--key <file>', 'its public key')
    .option('--kind <kind>', 'the kind, when the agency is created', 'laboratory')
    .option('--jurisdiction <id>', 'its jurisdiction, when the agency is created')
    .action((o: { agency?: string; key?: string; kind?: string; jurisdiction?: string }) => withExchange((deps) => registerKeyCommand(deps, o, IO)));

  exchange
    .command('keys')
    .description('List the agencies’ keys: own (with a private key here) and registered.')
    .action(() => withExchange((deps) => keysCommand(deps, IO)));
}
