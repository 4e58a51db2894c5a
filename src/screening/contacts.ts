/**
 * The contacts of an order's customer (phone, e-mail, address) and its virtual-currency payment
 * addresses, in a normalised form, so the store can find other customers that share them: FinCEN
 * FIN-2024-A002 names unrelated importers that share phones, e-mails or addresses, and many-to-one
 * virtual-currency payments to chemical sellers, as red flags (./red-flags.ts).
 */
import { normaliseIdentifier } from './match.js';
import { fold } from './names.js';
import type { Order } from './order.js';

export const CONTACT_KINDS = ['phone', 'email', 'address', 'wallet-from', 'wallet-to'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface Contact {
  kind: ContactKind;
  /** Normalised: phone digits, e-mail in lower case, address folded (case, width, punctuation), wallet as written (0x… lower case). */
  value: string;
}

/** A stored order of another customer that shares a contact with this one. */
export interface SharedContact extends Contact {
  customerKey: string;
  customerName: string;
  screeningId: number;
  orderDate: string;
}

/** Shorter values identify nothing (a phone of 6 digits, an address "CN"). */
const MIN_LENGTH: Record<ContactKind, number> = { phone: 7, email: 6, address: 12, 'wallet-from': 20, 'wallet-to': 20 };

export function normaliseContact(kind: ContactKind, raw: string): string {
  switch (kind) {
    case 'phone':
      return normaliseIdentifier('phone', raw);
    case 'email':
      return normaliseIdentifier('email', raw);
    case 'address':
      return fold(raw).replace(/\s+/g, ' ');
    default:
      return normaliseIdentifier('wallet', raw);
  }
}

/** The customer's contacts and the payment's wallet addresses, normalised and de-duplicated. */
export function orderContacts(order: Order): Contact[] {
  const c = order.customer;
  const raw: [ContactKind, string | undefined][] = [
    ['phone', c.phone],
    ['email', c.email],
    ['address', c.address],
    ['wallet-from', order.payment?.walletFrom],
    ...(c.wallets ?? []).map((w) => ['wallet-from', w] as [ContactKind, string]),
    ['wallet-to', order.payment?.walletTo],
  ];
  const seen = new Set<string>();
  const out: Contact[] = [];
  for (const [kind, value] of raw) {
    if (!value?.trim()) continue;
    const v = normaliseContact(kind, value);
    if (v.length < MIN_LENGTH[kind] || seen.has(`${kind}:${v}`)) continue;
    seen.add(`${kind}:${v}`);
    out.push({ kind, value: v });
  }
  return out;
}
