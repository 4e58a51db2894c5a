/**
 * The audit log: append-only and hash-chained. Each entry's hash is SHA-256 over the previous entry's
 * hash and the entry's own content (canonical JSON, its sequence number included), so editing an
 * entry breaks its hash, deleting one leaves a gap in the sequence and breaks the next link, and
 * reordering breaks the links. `verifyChain` walks the entries in sequence order and names the first
 * bad one. Deleting the newest entries is seen against the stored head (and, against a tamperer who
 * also rewrites the head, only against a head kept elsewhere: `--expect-head`). Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const AUDIT_ACTIONS = ['create', 'update', 'share', 'export', 'import', 'read', 'attach'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string;
  action: AuditAction;
  /** Who acted; user 0 is the operator at the machine (the CLI). */
  actorAgencyId: number;
  actorUserId: number;
  /** The agency that owns the record acted on (for export/import: the exporting/importing agency). */
  ownerAgencyId: number;
  /** The record (an incident uid) or the package id. */
  subject: string;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export function entryHash(prevHash: string, content: AuditContent): string {
  const { seq, at, action, actorAgencyId, actorUserId, ownerAgencyId, subject, detail } = content;
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ seq, at, action, actorAgencyId, actorUserId, ownerAgencyId, subject, detail }))
    .digest('hex');
}

export type ChainCheck =
  | { ok: true; entries: number; head: { seq: number; hash: string } }
  | { ok: false; entries: number; firstBad: number; reason: 'edited' | 'missing' | 'out-of-order' | 'head-mismatch'; message: string };

/**
 * `entries` as read in sequence order. `head`: the last sequence number and hash recorded (the store's
 * head row, or one kept outside the database); a mismatch there means entries after it were removed.
 */
export function verifyChain(entries: readonly AuditEntry[], head?: { seq: number; hash: string }): ChainCheck {
  let prev = GENESIS;
  let expected = 1;
  for (const e of entries) {
    const bad = (reason: 'edited' | 'missing' | 'out-of-order', message: string): ChainCheck => ({ ok: false, entries: entries.length, firstBad: reason === 'missing' ? expected : e.seq, reason, message });
    if (e.seq < expected) return bad('out-of-order', `entry ${e.seq} comes after entry ${expected - 1}`);
    if (e.seq > expected) return bad('missing', `entry ${expected} is missing (the next entry is ${e.seq})`);
    if (e.prevHash !== prev) return bad('out-of-order', `entry ${e.seq} does not follow the entry before it (its previous hash differs)`);
    if (entryHash(prev, e) !== e.hash) return bad('edited', `entry ${e.seq} was changed after it was written (its hash does not match its content)`);
    prev = e.hash;
    expected++;
  }
  const last = { seq: expected - 1, hash: prev };
  if (head && (head.seq !== last.seq || head.hash !== last.hash))
    return { ok: false, entries: entries.length, firstBad: Math.min(head.seq, last.seq) + 1, reason: 'head-mismatch', message: `the log ends at entry ${last.seq} but its head says ${head.seq} (${head.hash.slice(0, 12)}…): entries were removed from the end` };
  return { ok: true, entries: entries.length, head: last };
}
