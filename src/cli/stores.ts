/**
 * The database a CLI command works on (the same as `serve`: DATABASE_URL, NARCOTRACE_DB) and the
 * agency it acts for. Whoever runs the CLI holds the database, so no sign-in is asked; `--agency`
 * names the agency (id or name), otherwise the operator agency (created on a fresh database).
 */
import type { AccessScope } from '../identity/access.js';
import { problem, ProblemError } from '../problems.js';
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
