/**
 * `narcotrace admin …`: agencies, users and API tokens, for the operator at the machine (who holds the
 * database already, so no sign-in is asked). Uses the same database as `serve` (DATABASE_URL,
 * NARCOTRACE_DB). Errors print their code and message, exit code 2.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AGENCY_KINDS, ROLES, type AgencyKind, type Role } from '../identity/access.js';
import { ProblemError } from '../problems.js';

async function withIdentity<T>(work: (identity: import('../identity/service.js').IdentityService) => Promise<T>): Promise<T | undefined> {
  const { readServerConfig } = await import('../server/config.js');
  const { openStores } = await import('../store/open.js');
  const { IdentityService } = await import('../identity/service.js');
  const read = readServerConfig();
  if (!read.ok) {
    console.error(`narcotrace admin: ${read.message}`);
    process.exitCode = 2;
    return undefined;
  }
  const stores = await openStores(read.config.store);
  try {
    return await work(new IdentityService(stores.identity));
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    console.error(`narcotrace admin: ${err.problem.code}: ${err.problem.message}`);
    process.exitCode = 2;
    return undefined;
  } finally {
    await stores.close();
  }
}

export function register(program: Command): void {
  const admin = program.command('admin').description('Manage agencies, users and API tokens (same database as `serve`).');

  admin
    .command('create-agency')
    .description('Create an agency (a laboratory, regulator, exporter, international body …).')
    .requiredOption('--name <name>', 'its name, unique')
    .option('--kind <kind>', `one of ${AGENCY_KINDS.filter((k) => k !== 'operator').join(', ')}`, 'laboratory')
    .option('--jurisdiction <id>', 'the jurisdiction whose law it applies, e.g. US, CN')
    .action(async (o: { name: string; kind: string; jurisdiction?: string }) => {
      await withIdentity(async (identity) => {
        const agency = await identity.systemCreateAgency({ name: o.name, kind: o.kind as AgencyKind, jurisdiction: o.jurisdiction ?? null });
        console.log(`Agency ${agency.id} "${agency.name}" (${agency.kind}${agency.jurisdiction ? `, ${agency.jurisdiction}` : ''}) created.`);
      });
    });

  admin
    .command('create-user')
    .description('Create a user in an agency; prints a generated password unless --password is given.')
    .requiredOption('--agency <id-or-name>', 'the agency, by id or name')
    .requiredOption('--username <name>', 'lower-case letters, digits, ".", "_", "-"')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'analyst')
    .option('--display-name <text>', 'the name shown in the UI')
    .option('--password <password>', 'at least 10 characters (default: generated and printed once)')
    .action(async (o: { agency: string; username: string; role: string; displayName?: string; password?: string }) => {
      await withIdentity(async (identity) => {
        const agency = await identity.agencyByIdOrName(o.agency);
        if (!agency) {
          console.error(`narcotrace admin: NOT_FOUND: There is no agency "${o.agency}".`);
          process.exitCode = 2;
          return;
        }
        const password = o.password ?? randomBytes(12).toString('base64url');
        const user = await identity.systemCreateUser({ agencyId: agency.id, username: o.username, displayName: o.displayName, role: o.role as Role, password });
        console.log(`User ${user.id} "${user.username}" (${user.role}) created in "${agency.name}".`);
        if (!o.password) console.log(`Password (shown this once): ${password}`);
      });
    });

  admin
    .command('create-token')
    .description('Create an API token for a user; prints the secret once.')
    .requiredOption('--user <name>', 'the user name')
    .requiredOption('--name <label>', 'what the token is for, e.g. "LIMS import"')
    .option('--expires-days <n>', 'days until it expires (default: never)')
    .action(async (o: { user: string; name: string; expiresDays?: string }) => {
      const days = o.expiresDays === undefined ? undefined : Number(o.expiresDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        console.error('narcotrace admin: INVALID_OPTION: --expires-days takes a whole number of days (1 or more).');
        process.exitCode = 2;
        return;
      }
      await withIdentity(async (identity) => {
        const { token, secret } = await identity.systemCreateToken(o.user, o.name, days);
        console.log(`Token ${token.id} "${token.name}" created${token.expiresAt ? `, expires ${token.expiresAt}` : ''}. Secret (shown this once):`);
        console.log(secret);
      });
    });
}
