/** The audit chain on its own: each kind of tampering is found at the first bad entry. */
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS, verifyChain, type AuditEntry } from './audit.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, at: `2026-01-01T00:00:0${seq}.000Z`, action: 'create' as const, actorAgencyId: 1, actorUserId: 2, ownerAgencyId: 1, subject: `incident-${seq}`, detail: { revision: 1 } };
    const hash = entryHash(prev, content);
    out.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head; an empty log is intact', () => {
    const c = chain(4);
    expect(verifyChain(c, { seq: 4, hash: c[3].hash })).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: c[3].hash } });
    expect(verifyChain([], { seq: 0, hash: GENESIS })).toMatchObject({ ok: true, entries: 0 });
  });

  it('finds an edited entry (content, actor or time), even with its hash recomputed', () => {
    for (const change of [{ subject: 'other' }, { actorAgencyId: 9 }, { at: '2027-01-01T00:00:00.000Z' }, { detail: { revision: 2 } }]) {
      const c = chain(4);
      c[1] = { ...c[1], ...change };
      expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: 2, reason: 'edited' });
      // Recomputing the edited entry's hash breaks the link to the next one.
      c[1] = { ...c[1], hash: entryHash(c[1].prevHash, c[1]) };
      expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: 3, reason: 'out-of-order' });
    }
  });

  it('finds a deleted entry, and a renumbered chain after a deletion', () => {
    const c = chain(5);
    expect(verifyChain([...c.slice(0, 2), ...c.slice(3)])).toMatchObject({ ok: false, firstBad: 3, reason: 'missing' });
    const renumbered = [...c.slice(0, 2), ...c.slice(3).map((e) => ({ ...e, seq: e.seq - 1 }))];
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, firstBad: 3 });
  });

  it('finds reordered entries', () => {
    const c = chain(5);
    const swapped = [c[0], { ...c[3], seq: 2 }, c[2], { ...c[1], seq: 4 }, c[4]];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, firstBad: 2, reason: 'out-of-order' });
  });

  it('finds entries cut from the end, against the head', () => {
    const c = chain(5);
    expect(verifyChain(c.slice(0, 3), { seq: 5, hash: c[4].hash })).toMatchObject({ ok: false, firstBad: 4, reason: 'head-mismatch' });
    expect(verifyChain(c.slice(0, 3)).ok).toBe(true);
  });
});
