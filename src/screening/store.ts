/** The screening store port. Every method takes the caller's scope; another agency's records are not found. */
import type { AccessScope } from '../identity/access.js';
import type { ListEntry } from './lists/port.js';
import type { Decision } from './red-flags.js';
import type { ScreeningResult } from './screening.js';
import type { Order } from './order.js';
import type { Contact, SharedContact } from './contacts.js';

export interface ListVersion {
  id: number;
  list: string;
  format: string;
  version: string;
  source: string;
  contentHash: string;
  entries: number;
  /** Entry ids added and removed relative to the previous version of the same list. */
  added: string[];
  removed: string[];
  importedAt: string;
}

export interface StoredScreening {
  id: number;
  customerKey: string;
  customerName: string;
  orderDate: string;
  order: Order;
  result: ScreeningResult;
  score: number;
  decision: Decision;
  createdAt: string;
  decisions: ReviewDecision[];
}

export interface ReviewDecision {
  decision: Decision;
  reason: string;
  reviewer: string;
  decidedAt: string;
}

export interface ScreeningStore {
  importList(scope: AccessScope, input: { list: string; format: string; version: string; source: string; contentHash: string; entries: ListEntry[]; now: string }): Promise<ListVersion>;
  listVersions(scope: AccessScope): Promise<ListVersion[]>;
  /** The newest version of each list, with its entries. */
  currentLists(scope: AccessScope): Promise<{ version: ListVersion; entries: ListEntry[] }[]>;
  saveScreening(scope: AccessScope, input: { customerKey: string; customerName: string; order: Order; result: ScreeningResult; now: string }): Promise<number>;
  screening(scope: AccessScope, id: number): Promise<StoredScreening | undefined>;
  screenings(scope: AccessScope, options?: { limit?: number; customerKey?: string }): Promise<Omit<StoredScreening, 'order' | 'result' | 'decisions'>[]>;
  customerOrders(scope: AccessScope, customerKey: string): Promise<{ date: string; result: ScreeningResult; order: Order }[]>;
  /**
   * Stored orders of other customers (another customer key) whose customer contact or payment wallet
   * equals one of `contacts` (./contacts.ts; saved with each screening). At most 200, newest first.
   */
  sharedContacts(scope: AccessScope, contacts: Contact[], exceptCustomerKey: string): Promise<SharedContact[]>;
  /** Appends a reviewer's decision; false when the screening is not found. */
  decide(scope: AccessScope, id: number, decision: ReviewDecision): Promise<boolean>;
}
