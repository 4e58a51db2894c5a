/**
 * `narcotrace screen …`: precursor KYC screening.
 *
 *   narcotrace screen party "NAME" [--country CC] [--json]
 *     → {"query": ..., "hits": [{"list": "OFAC-SDN", "entryId": "<ent_num>", "name": "...", "score": 0..1, "match": "strong"|"possible", "matchedOn": [...]}]} sorted by score
 *   narcotrace screen order ORDER.json|ORDERS.csv [--json] [--no-store] [--documents DIR]
 *     --documents DIR writes each order's generated documents (src/screening/documents.ts) to DIR as
 *     <name>-<kind>.json and .html (name: screening-<id> when stored, else the order id or order-<n>).
 *
 * State lives in the store selected by NARCOTRACE_DB / DATABASE_URL. The order schema is in
 * docs/screening.md; a CSV batch has one order line per row (columns in docs/screening.md).
 * Exit codes: 0 clear (or no hit); 1 review, block or a hit; 2 bad input.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { problem, ProblemError } from '../problems.js';
import { parseCsv } from '../screening/lists/port.js';
import { run, scopeFor, withStores } from './screen-cli-shared.js';

/** A CSV batch: one order line per row; rows with the same order_id form one order (columns in docs/screening.md; the optional ones may be left out). */
export function ordersFromCsv(text: string): unknown[] {
  const { records, problem: bad } = parseCsv(text);
  if (bad) throw new ProblemError(bad);
  if (!records.length) throw new ProblemError(problem('EMPTY_INPUT', 'The CSV is empty.'));
  const head = records[0].fields.map((h) => h.trim().toLowerCase());
  const orders = new Map<string, Record<string, unknown> & { lines: unknown[] }>();
  for (const r of records.slice(1)) {
    const get = (k: string) => (head.includes(k) ? r.fields[head.indexOf(k)]?.trim() || undefined : undefined);
    const opt = (key: string, column: string, as: (v: string) => unknown = (v) => v) => (get(column) ? { [key]: as(get(column)!) } : {});
    const id = get('order_id') ?? String(r.line);
    let o = orders.get(id);
    if (!o) {
      o = {
        id,
        ...(get('date') ? { date: get('date') } : {}),
        exporter: { name: get('exporter') ?? '', country: get('exporter_country') ?? '' },
        customer: {
          name: get('customer') ?? '',
          country: get('customer_country') ?? '',
          ...opt('registration', 'customer_registration'),
          ...opt('nameLocal', 'customer_name_local'),
          ...opt('address', 'customer_address'),
          ...opt('phone', 'customer_phone'),
          ...opt('email', 'customer_email'),
          ...opt('deaRegistration', 'customer_dea_registration'),
          ...(get('customer_id_type') || get('customer_id_number')
            ? { identification: { type: get('customer_id_type') ?? '', number: get('customer_id_number') ?? '', ...opt('issuedBy', 'customer_id_issued_by') } }
            : {}),
        },
        ...(get('consignee') ? { consignee: { name: get('consignee'), ...(get('consignee_kind') ? { kind: get('consignee_kind') } : {}) } } : {}),
        ...(get('payment') ? { payment: { method: get('payment'), ...opt('valueUsd', 'payment_value_usd', Number), ...opt('walletFrom', 'payment_wallet_from'), ...opt('walletTo', 'payment_wallet_to') } } : {}),
        ...(get('end_use') ? { endUse: get('end_use') } : {}),
        ...opt('selfStatedUse', 'self_stated_use'),
        ...(get('transfer_method') ? { transfer: { method: get('transfer_method') } } : {}),
        ...(get('signatory_name') ? { signatory: { name: get('signatory_name'), ...opt('position', 'signatory_position'), ...opt('date', 'signatory_date') } } : {}),
        lines: [],
      };
      orders.set(id, o);
    }
    o.lines.push({ ...(get('product') ? { name: get('product') } : {}), ...(get('cas') ? { cas: get('cas') } : {}), ...(get('structure') ? { structure: get('structure') } : {}), quantity: Number(get('quantity')), unit: get('unit') ?? 'kg', ...opt('packaging', 'packaging'), ...opt('containers', 'containers', Number), ...opt('grossKg', 'gross_kg', Number) });
  }
  return [...orders.values()];
}

export function register(program: Command): void {
  const screen = program.command('screen').description('Screen parties and orders (precursor know-your-customer).');
  screen
    .command('party')
    .argument('<name>', 'party name (Latin, pinyin or Chinese characters)')
    .option('--country <cc>', 'the party’s country (ISO two-letter code)')
    .option('--agency <agency>', 'agency id or name (default: the operator agency)')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { country?: string; agency?: string; json?: boolean }) => {
      const json = !!opts.json;
      await run(json, () =>
        withStores(async (stores) => {
          const { loadClassifier } = await import('../law/index.js');
          const { ScreeningService } = await import('../screening/service.js');
          const service = new ScreeningService(stores.screening, await loadClassifier());
          const out = await service.screenParty(await scopeFor(stores, opts.agency), name, { country: opts.country });
          const hits = out.hits.map((h) => ({ list: h.list, entryId: h.entryId, name: h.name, score: h.score, match: h.match, matchedOn: h.matchedOn, explanation: h.explanation, ...(h.matchedName ? { matchedName: h.matchedName } : {}) }));
          if (json) process.stdout.write(JSON.stringify({ query: out.query, hits }) + '\n');
          else if (!hits.length) process.stdout.write(`no hit for "${name}" (${out.lists.map((l) => `${l.list} ${l.version}`).join(', ')})\n`);
          else for (const h of hits) process.stdout.write(`${h.score.toFixed(3)}\t${h.match}\t${h.list} ${h.entryId}\t${h.name}\t${h.matchedOn.join(', ')}\t${h.explanation.join('; ')}\n`);
          if (hits.length) process.exitCode = 1;
        }),
      );
    });
  screen
    .command('order')
    .argument('<file>', 'ORDER.json (one order, or an array) or a CSV batch')
    .option('--agency <agency>', 'agency id or name (default: the operator agency)')
    .option('--no-store', 'do not store the screening')
    .option('--documents <dir>', 'write the generated documents (JSON and printable HTML) to this directory')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { agency?: string; store: boolean; json?: boolean; documents?: string }) => {
      const json = !!opts.json;
      await run(json, async () => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new ProblemError(problem('FILE_NOT_FOUND', `${file} does not exist.`));
        }
        let orders: unknown[];
        if (/\.csv$/i.test(file)) orders = ordersFromCsv(text);
        else {
          try {
            const parsed = JSON.parse(text) as unknown;
            orders = Array.isArray(parsed) ? parsed : [parsed];
          } catch (err) {
            throw new ProblemError(problem('INVALID_JSON', `${file}: ${(err as Error).message}`));
          }
        }
        await withStores(async (stores) => {
          const { loadClassifier } = await import('../law/index.js');
          const { ScreeningService } = await import('../screening/service.js');
          const service = new ScreeningService(stores.screening, await loadClassifier());
          const scope = await scopeFor(stores, opts.agency);
          let worst = 0;
          for (const raw of orders) {
            const now = new Date().toISOString();
            const { id, result } = await service.screenOrder(scope, raw, now, { store: opts.store });
            worst = Math.max(worst, result.decision === 'clear' ? 0 : 1);
            let documentsNote = '';
            if (opts.documents) {
              const { buildDocuments, renderDocumentHtml } = await import('../screening/documents.js');
              const { Order } = await import('../screening/order.js');
              const name = id !== undefined ? `screening-${id}` : (result.orderId ?? `order-${orders.indexOf(raw) + 1}`).replace(/[^\w.-]+/g, '_');
              mkdirSync(opts.documents, { recursive: true });
              for (const doc of buildDocuments({ id, order: Order.parse(raw), result, createdAt: now })) {
                writeFileSync(join(opts.documents, `${name}-${doc.kind}.json`), JSON.stringify(doc, null, 2) + '\n');
                writeFileSync(join(opts.documents, `${name}-${doc.kind}.html`), renderDocumentHtml(doc));
              }
              documentsNote = `  documents: ${join(opts.documents, `${name}-<kind>.json|html`)}\n`;
            }
            if (json) {
              process.stdout.write(JSON.stringify({ id, ...result }) + '\n');
              continue;
            }
            process.stdout.write(`order ${result.orderId ?? ''}${id ? ` (screening ${id})` : ''}: ${result.decision.toUpperCase()} — risk ${result.score}/100 (${result.reasons.join('; ')})\n`);
            for (const p of result.products) {
              process.stdout.write(`  line ${p.line}: ${p.substance?.name ?? p.input.name ?? p.smiles ?? '?'}${p.problem ? ` — ${p.problem}` : ''}\n`);
              for (const j of p.jurisdictions) process.stdout.write(`    ${j.role} ${j.country}: ${j.status}${j.controls.length ? ` (${j.controls.map((c) => `${c.rule}${c.clauses.length ? ` ${c.clauses.join(', ')}` : ''}`).join('; ')})` : ''}${j.thresholds.map((t) => ` · ${t.note}`).join('')}\n`);
              for (const d of p.designer) process.stdout.write(`    designer (${d.method}): ${d.explanation}\n`);
            }
            for (const party of result.parties) for (const h of party.hits) process.stdout.write(`  ${party.role} "${party.name}" ~ ${h.list} ${h.entryId} ${h.name} ${h.score} ${h.match} [${h.matchedOn.join(', ')}]\n`);
            for (const f of result.redFlags) process.stdout.write(`  +${f.points}\t${f.rule}\t${f.evidence}\n`);
            process.stdout.write(documentsNote);
          }
          if (worst) process.exitCode = 1;
        });
      });
    });
}
