/** A SQLite database with two agencies (A: "US lab", B: "CN lab") and the exchange and warning services on it, for the warning tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangeService } from '../../exchange/service.js';
import { createExchangeStore } from '../../exchange/kysely-store.js';
import { exchangeMigrations } from '../../exchange/migrations.js';
import type { AccessScope } from '../../identity/access.js';
import { createIdentityStore } from '../../identity/kysely-store.js';
import { identityMigrations } from '../../identity/migrations.js';
import { loadClassifier } from '../../law/index.js';
import { openDatabase } from '../../store/database.js';
import { createWarningStore } from '../kysely-store.js';
import { warningMigrations } from '../migrations.js';
import { WarningService } from '../service.js';

export interface TwoAgencies {
  A: AccessScope;
  B: AccessScope;
  exchange: ExchangeService;
  warning: WarningService;
  close(): Promise<void>;
}

/** `now`: the warning service's clock (default: the real one). */
export async function openTwoAgencies(now?: () => string): Promise<TwoAgencies> {
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-warning-'));
  const classifier = await loadClassifier();
  const database = await openDatabase({ backend: 'sqlite', path: join(dir, 'w.db') }, [
    { name: 'identity', migrations: identityMigrations },
    { name: 'exchange', migrations: exchangeMigrations },
    { name: 'warning', migrations: warningMigrations },
  ]);
  const identity = createIdentityStore(database.db);
  const ids: number[] = [];
  for (const name of ['US lab', 'CN lab']) ids.push((await identity.insertAgency({ name, kind: 'laboratory', jurisdiction: null, operator: false }, '2026-01-01T00:00:00.000Z')).id);
  return {
    A: { agencyId: ids[0], userId: 1, role: 'analyst', operator: false },
    B: { agencyId: ids[1], userId: 2, role: 'analyst', operator: false },
    exchange: new ExchangeService(createExchangeStore(database.db), classifier),
    warning: new WarningService(createWarningStore(database.db), classifier, now),
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
