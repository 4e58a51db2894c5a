/**
 * The screening service the doors share: imports lists through the format port, keeps a party index
 * per agency (rebuilt when a list version changes), screens orders against the customer's stored
 * history, and stores each screening and each reviewer's decision.
 */
import { createHash } from 'node:crypto';
import type { AccessScope } from '../identity/access.js';
import type { Classifier } from '../law/classify.js';
import { problem, ProblemError } from '../problems.js';
import { LIST_FORMATS, type ListFormatId } from './lists/index.js';
import { PartyIndex, type PartyHit } from './match.js';
import { orderContacts } from './contacts.js';
import { customerKey, Order } from './order.js';
import type { CustomerHistory, Decision } from './red-flags.js';
import { screenOrder, screenPartyRecord, type ScreeningResult } from './screening.js';
import type { ListVersion, ScreeningStore } from './store.js';

export class ScreeningService {
  private readonly indexes = new Map<number, { key: string; index: PartyIndex; lists: { list: string; version?: string }[] }>();

  constructor(
    private readonly store: ScreeningStore,
    private readonly classifier: Classifier,
  ) {}

  async importList(scope: AccessScope, input: { format: ListFormatId; bytes: Uint8Array; source: string; list?: string; version?: string; now: string }): Promise<ListVersion> {
    const adapter = LIST_FORMATS[input.format];
    if (!adapter) throw new ProblemError(problem('UNSUPPORTED_FORMAT', `No list format "${input.format}".`));
    const parsed = adapter.parse(input.bytes);
    if (!parsed.ok) throw new ProblemError(parsed.problems[0]);
    const list = input.list ?? adapter.defaultList;
    if (!list) throw new ProblemError(problem('INVALID_OPTION', 'Name the list (a generic CSV has no default name).', { field: 'list' }));
    const contentHash = createHash('sha256').update(input.bytes).digest('hex');
    const version = input.version ?? /(\d{4}-\d{2}-\d{2})/.exec(input.source)?.[1] ?? contentHash.slice(0, 12);
    const stored = await this.store.importList(scope, { list, format: input.format, version, source: input.source, contentHash, entries: parsed.entries, now: input.now });
    this.indexes.delete(scope.agencyId);
    return stored;
  }

  async index(scope: AccessScope): Promise<{ index: PartyIndex; lists: { list: string; version?: string }[] }> {
    const versions = await this.store.listVersions(scope);
    const key = versions.map((v) => v.id).join(',');
    const cached = this.indexes.get(scope.agencyId);
    if (cached && cached.key === key) return cached;
    const current = await this.store.currentLists(scope);
    const lists = current.map((c) => ({ list: c.version.list, version: c.version.version }));
    const built = { key, index: new PartyIndex(current.map((c) => ({ list: c.version.list, version: c.version.version, entries: c.entries }))), lists };
    this.indexes.set(scope.agencyId, built);
    return built;
  }

  async screenParty(scope: AccessScope, name: string, options: { country?: string } = {}): Promise<{ query: string; hits: PartyHit[]; lists: { list: string; version?: string }[] }> {
    const { index, lists } = await this.index(scope);
    if (!lists.length) throw new ProblemError(problem('NO_LIST', 'No sanctions list is imported; run `narcotrace lists import ofac-sdn FILE` first.'));
    return { query: name, hits: screenPartyRecord(index, { name, country: options.country }), lists };
  }

  /** Validates, screens and stores an order. */
  async screenOrder(scope: AccessScope, raw: unknown, now: string, options: { store?: boolean } = {}): Promise<{ id?: number; result: ScreeningResult }> {
    const parsed = Order.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProblemError(problem('INVALID_ORDER', `${issue.path.join('.') || 'order'}: ${issue.message}`, { field: issue.path.join('.') }));
    }
    const order = parsed.data;
    const { index, lists } = await this.index(scope);
    const key = customerKey(order.customer);
    const earlier = await this.store.customerOrders(scope, key);
    const history: CustomerHistory = {
      orders: earlier.map((o) => ({
        date: o.date,
        lines: o.result.products.map((p, i) => {
          const l = o.order.lines[i];
          const f: Record<string, number> = { mg: 1e-6, g: 1e-3, kg: 1, t: 1000 };
          return { inchikey: p.inchikey, substance: p.substance?.id, kg: l && f[l.unit] !== undefined ? l.quantity * f[l.unit] : undefined };
        }),
      })),
      shared: await this.store.sharedContacts(scope, orderContacts(order), key),
    };
    const result = screenOrder(this.classifier, index, lists, order, history, now.slice(0, 10));
    if (options.store === false) return { result };
    const id = await this.store.saveScreening(scope, { customerKey: key, customerName: order.customer.name, order, result, now });
    return { id, result };
  }

  async decide(scope: AccessScope, id: number, input: { decision: Decision; reason: string; reviewer: string; now: string }): Promise<void> {
    if (!(await this.store.decide(scope, id, { decision: input.decision, reason: input.reason, reviewer: input.reviewer, decidedAt: input.now }))) {
      throw new ProblemError(problem('SCREENING_NOT_FOUND', `There is no screening ${id}.`, { field: 'id' }));
    }
  }
}
