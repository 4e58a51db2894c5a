/**
 * `narcotrace audit verify`: walks the exchange audit log's hash chain (src/exchange/audit.ts) and
 * reports the first bad entry. Exit 0 when it verifies; 3 when an entry was edited, deleted or
 * reordered, or the log ends before its head; 2 for bad usage. `--expect-head SEQ:HASH` checks against a
 * head kept outside the database (the only way to see a tail cut by someone who also rewrote the head).
 */
import type { Command } from 'commander';
import { verifyChain } from '../exchange/audit.js';
import type { ExchangeStore } from '../exchange/store.js';
import { EXIT, withExchange, type CliIo } from './exchange.js';

export async function auditVerifyCommand(store: Pick<ExchangeStore, 'systemAuditLog'>, o: { expectHead?: string; json?: boolean }, io: CliIo): Promise<number> {
  let expected: { seq: number; hash: string } | undefined;
  if (o.expectHead !== undefined) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(o.expectHead);
    if (!m) {
      io.stderr.write('narcotrace audit verify: INVALID_OPTION: --expect-head takes SEQ:HASH (as printed by a verify that passed).\n');
      return EXIT.usage;
    }
    expected = { seq: Number(m[1]), hash: m[2] };
  }
  const { entries, head } = await store.systemAuditLog();
  let result = verifyChain(entries, head);
  // An outside head may be older than the log: the log must contain it at its sequence number.
  if (result.ok && expected) {
    const at = expected.seq === 0 ? { hash: '0'.repeat(64) } : entries.find((e) => e.seq === expected.seq);
    if (!at || at.hash !== expected.hash)
      result = { ok: false, entries: entries.length, firstBad: Math.min(expected.seq, entries.length + 1), reason: 'head-mismatch', message: `entry ${expected.seq} is not the one whose hash was kept (${expected.hash.slice(0, 12)}…)` };
  }
  if (o.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.ok) {
    io.stderr.write(`narcotrace audit verify: AUDIT_CHAIN_BROKEN: first bad entry ${result.firstBad} (${result.reason}): ${result.message}.\n`);
    return EXIT.refused;
  }
  if (!o.json) io.stdout.write(`OK: ${result.entries} audit entries verify; head ${result.head.seq}:${result.head.hash}\n`);
  return EXIT.ok;
}

export function register(program: Command): void {
  const audit = program.command('audit').description('The exchange audit log (same database as `serve`).');
  audit
    .command('verify')
    .description('Verify the hash chain: exit 0 when intact, else the first bad entry and exit 3.')
    .option('--expect-head <seq:hash>', 'also check against a head kept outside the database')
    .option('--json', 'print the result as JSON')
    .action((o: { expectHead?: string; json?: boolean }) => withExchange((deps) => auditVerifyCommand(deps.exchange, o, { stdout: process.stdout, stderr: process.stderr })));
}
