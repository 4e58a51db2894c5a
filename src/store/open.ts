/** Opens and migrates the configured database, and builds every module's store on it. */
import { createAttributionStore } from '../attribution/kysely-store.js';
import type { AttributionStore } from '../attribution/store.js';
import { createExchangeStore } from '../exchange/kysely-store.js';
import type { ExchangeStore } from '../exchange/store.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import type { IdentityStore } from '../identity/store.js';
import { createJobStore } from '../jobs/kysely-store.js';
import type { JobStore } from '../jobs/store.js';
import { createHistoryStore } from '../law/kysely-store.js';
import type { HistoryStore } from '../law/store.js';
import { MODULES } from '../modules.js';
import { createReferenceStore } from '../registry/kysely-store.js';
import type { ReferenceStore } from '../registry/store.js';
import { createScreeningStore } from '../screening/kysely-store.js';
import type { ScreeningStore } from '../screening/store.js';
import { createSpectraStore } from '../spectra/kysely-store.js';
import type { SpectraStore } from '../spectra/store.js';
import { createWarningStore } from '../warning/kysely-store.js';
import type { WarningStore } from '../warning/store.js';
import type { StoreConfig } from './config.js';
import { openDatabase } from './database.js';
import type { StoreBackend } from './migrations.js';

export interface Stores {
  readonly backend: StoreBackend;
  readonly reference: ReferenceStore;
  readonly history: HistoryStore;
  readonly identity: IdentityStore;
  readonly jobs: JobStore;
  readonly exchange: ExchangeStore;
  readonly spectra: SpectraStore;
  readonly attribution: AttributionStore;
  readonly screening: ScreeningStore;
  readonly warning: WarningStore;
  close(): Promise<void>;
}

export async function openStores(config: StoreConfig): Promise<Stores> {
  const { db, backend, close } = await openDatabase(config, MODULES);
  return {
    backend,
    reference: createReferenceStore(db),
    history: createHistoryStore(db),
    identity: createIdentityStore(db),
    jobs: createJobStore(db),
    exchange: createExchangeStore(db),
    spectra: createSpectraStore(db),
    attribution: createAttributionStore(db),
    screening: createScreeningStore(db),
    warning: createWarningStore(db),
    close,
  };
}
