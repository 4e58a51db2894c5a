/** What `narcotrace screen` and `narcotrace lists` share: the store, the agency the CLI acts for, and error output. */
import type { AccessScope } from '../identity/access.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import type { Stores } from '../store/open.js';

export async function withStores<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
  const { readServerConfig } = await import('../server/config.js');
  const { openStores } = await import('../store/open.js');
  const read = readServerConfig();
  if (!read.ok) throw new ProblemError(problem('INVALID_OPTION', read.message));
  const stores = await openStores(read.config.store);
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

/** --agency (id or name), else the operator agency (created on a fresh database). */
export async function scopeFor(stores: Stores, agency: string | undefined): Promise<AccessScope> {
  if (agency) {
    const found = /^\d+$/.test(agency) ? await stores.identity.agencyById(Number(agency)) : await stores.identity.agencyByName(agency);
    if (!found) throw new ProblemError(problem('NOT_FOUND', `There is no agency "${agency}".`, { field: 'agency' }));
    return { agencyId: found.id, userId: 0, role: 'admin', operator: found.operator };
  }
  const operator =
    (await stores.identity.agencyByName('Operator')) ??
    (await stores.identity.insertAgency({ name: 'Operator', kind: 'operator', jurisdiction: null, operator: true }, new Date().toISOString()));
  return { agencyId: operator.id, userId: 0, role: 'admin', operator: true };
}

export function fail(p: Problem, json: boolean): void {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: p }) + '\n');
  else process.stderr.write(`${p.code}: ${p.message}${p.where?.line ? ` (line ${p.where.line})` : ''}\n`);
  process.exitCode = 2;
}

export async function run(json: boolean, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ProblemError) fail(err.problem, json);
    else throw err;
  }
}
