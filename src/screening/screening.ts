/** One order's screening: products, parties, red flags and the decision. Pure: the caller gives the classifier, the list index and the customer's history. */
import type { Classifier } from '../law/classify.js';
import { type PartyHit, type PartyIndex } from './match.js';
import type { IdentifierType } from './lists/port.js';
import type { Order, Party } from './order.js';
import { screenProduct, type ProductScreening } from './product.js';
import { decide, evaluateRedFlags, type CustomerHistory, type Decision, type RedFlag } from './red-flags.js';

export interface PartyScreening {
  role: 'exporter' | 'customer' | 'consignee' | 'intermediary';
  name: string;
  hits: PartyHit[];
}

export interface ScreeningResult {
  orderId?: string;
  date: string;
  products: ProductScreening[];
  parties: PartyScreening[];
  /** Which list versions the parties were screened against. */
  lists: { list: string; version?: string }[];
  redFlags: RedFlag[];
  score: number;
  decision: Decision;
  reasons: string[];
  dataVersion: string;
}

export function partyIdentifiers(p: Party): { type: IdentifierType; value: string }[] {
  return [
    ...(p.registration ? [{ type: 'registration' as const, value: p.registration }] : []),
    ...(p.email ? [{ type: 'email' as const, value: p.email }] : []),
    ...(p.website ? [{ type: 'website' as const, value: p.website }] : []),
    ...(p.phone ? [{ type: 'phone' as const, value: p.phone }] : []),
    ...(p.wallets ?? []).map((value) => ({ type: 'wallet' as const, value })),
  ];
}

export function screenPartyRecord(index: PartyIndex, p: Party): PartyHit[] {
  const hits = index.screen({ name: p.name, country: p.country, identifiers: partyIdentifiers(p) });
  if (!p.nameLocal) return hits;
  const local = index.screen({ name: p.nameLocal, country: p.country });
  const byId = new Map(hits.map((h) => [`${h.list}:${h.entryId}`, h]));
  for (const h of local) {
    const cur = byId.get(`${h.list}:${h.entryId}`);
    if (!cur || h.score > cur.score) byId.set(`${h.list}:${h.entryId}`, cur ? { ...h, matchedOn: [...new Set([...cur.matchedOn, ...h.matchedOn])], explanation: [...cur.explanation, ...h.explanation], score: Math.max(h.score, cur.score), match: cur.match === 'strong' ? 'strong' : h.match } : h);
  }
  return [...byId.values()].sort((a, b) => b.score - a.score);
}

export function screenOrder(classifier: Classifier, index: PartyIndex, lists: { list: string; version?: string }[], order: Order, history: CustomerHistory, today: string): ScreeningResult {
  const date = order.date ?? today;
  const products = order.lines.map((line, i) => screenProduct(classifier, line, { index: i + 1, exporter: order.exporter.country, importer: order.customer.country, asOf: date }));
  const roles: [PartyScreening['role'], Party][] = [
    ['exporter', order.exporter],
    ['customer', order.customer],
    ...(order.consignee ? [['consignee', order.consignee] as [PartyScreening['role'], Party]] : []),
    ...(order.intermediaries ?? []).map((p) => ['intermediary', p] as [PartyScreening['role'], Party]),
  ];
  const screened = roles.map(([role, party]) => ({ role, party, hits: screenPartyRecord(index, party) }));
  const redFlags = evaluateRedFlags(order, products, screened, history, today);
  const { score, decision, reasons } = decide(redFlags);
  return {
    ...(order.id ? { orderId: order.id } : {}),
    date,
    products: products.map(({ verdict: _verdict, ...rest }) => rest),
    parties: screened.map(({ role, party, hits }) => ({ role, name: party.name, hits })),
    lists,
    redFlags,
    score,
    decision,
    reasons,
    dataVersion: classifier.dataVersion,
  };
}
