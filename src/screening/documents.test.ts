/** Generated documents (issue #10): each document's fields from a sample order, escaping, PDF, and the route's agency scoping. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, type Classifier } from '../law/index.js';
import { buildServer } from '../server/server.js';
import { CHROMIUM, htmlToPdf } from '../reports/pdf.js';
import { addYears, buildDocument, buildDocuments, DOCUMENT_KINDS, RECORD_CLAUSES, renderDocumentHtml, SAR_KEY_TERM, type Dea486DataSheet, type EndUseDeclaration, type PreExportNotification, type SuspiciousOrderReport, type TransactionRecord } from './documents.js';
import { PartyIndex } from './match.js';
import { Order } from './order.js';
import { screenOrder, type ScreeningResult } from './screening.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
}, 60_000);

const SAMPLE = {
  id: 'PO-77',
  date: '2026-03-02',
  exporter: { name: 'Acme Chemicals Inc', country: 'US', address: '1 Main St, Newark NJ' },
  customer: { name: 'Quimica Norte SA de CV', country: 'MX', address: 'Av. Reforma 10, CDMX', registration: 'QNO-123' },
  consignee: { name: 'Rapid Freight SA', country: 'MX', address: 'Manzanillo', kind: 'freight-forwarder' },
  intermediaries: [{ name: 'Transit Logistics GT', country: 'GT', address: 'Puerto Quetzal' }],
  lines: [{ name: 'Piperidin-4-one 99%', cas: '41661-47-6', quantity: 25, unit: 'kg', packaging: '5 x 5 kg HDPE drums' }],
  payment: { method: 'crypto' },
  endUse: 'pharmaceutical manufacture (API)',
  route: { transit: ['GT'], portOfExit: 'Port Newark', portOfEntry: 'Manzanillo', dispatchDate: '2026-03-20' },
  documents: { importPermit: 'MX-PERMIT-9' },
};

function sample(over: Record<string, unknown> = {}): { order: Order; result: ScreeningResult } {
  const order = Order.parse({ ...SAMPLE, ...over });
  const result = screenOrder(classifier, new PartyIndex([]), [], order, { orders: [] }, '2026-03-02');
  return { order, result };
}

describe('documents from a screening', () => {
  it('pre-export notification: the content of 1988 Convention art. 12(10)(a), route and transit, reply deadline as a field', () => {
    const doc = buildDocument('pre-export-notification', { id: 5, ...sample() }, { replyDeadline: '2026-03-16' }) as PreExportNotification;
    expect(doc).toMatchObject({
      kind: 'pre-export-notification',
      basis: '1988 Convention art. 12(10)(a)',
      screeningId: 5,
      orderId: 'PO-77',
      exporter: { name: 'Acme Chemicals Inc', address: '1 Main St, Newark NJ', country: 'US' },
      importer: { name: 'Quimica Norte SA de CV', address: 'Av. Reforma 10, CDMX', country: 'MX' },
      consignee: { name: 'Rapid Freight SA', country: 'MX' },
      substances: [{ line: 1, quantity: { quantity: 25, unit: 'kg', kg: 25 } }],
      expectedPointOfEntry: 'Manzanillo',
      expectedDateOfDispatch: '2026-03-20',
      route: { portOfExit: 'Port Newark', portOfEntry: 'Manzanillo', destination: 'MX' },
      transit: ['GT'],
      replyDeadline: '2026-03-16',
    });
    expect(doc.substances[0].substance).toMatch(/piperidon/i);
    expect(doc.substances[0].cas).toContain('41661-47-6');
    expect((buildDocument('pre-export-notification', sample()) as PreExportNotification).replyDeadline).toBeNull();
  });

  it('DEA 486 data sheet: label and List I name, containers, net and gross kg, ports, consignee, intermediate consignees, foreign permit', () => {
    const doc = buildDocument('dea-486', sample()) as Dea486DataSheet;
    expect(doc).toMatchObject({
      basis: 'DEA Form 486 (21 CFR 1313.22)',
      items: [{ line: 1, labelName: 'Piperidin-4-one 99%', containers: '5 x 5 kg HDPE drums', netKg: 25, grossKg: null }],
      portOfExport: 'Port Newark',
      portOfEntry: 'Manzanillo',
      consignee: { name: 'Rapid Freight SA' },
      intermediateConsignees: [{ name: 'Transit Logistics GT', country: 'GT', address: 'Puerto Quetzal' }],
      foreignPermit: 'MX-PERMIT-9',
    });
    expect(doc.items[0].listIName).toMatch(/piperidon/i);
    // 500 g converts to kg; a volume gives no net kg; no consignee → the customer.
    const g = buildDocument('dea-486', sample({ consignee: undefined, lines: [{ name: 'Ethanol', quantity: 500, unit: 'g' }, { name: 'Ethanol', quantity: 2, unit: 'L' }] })) as Dea486DataSheet;
    expect(g.items.map((i) => i.netKg)).toEqual([0.5, null]);
    expect(g.consignee.name).toBe('Quimica Norte SA de CV');
    expect(doc.signatory).toEqual({ name: null, position: null, date: null });
    // Containers, gross kg and the signatory from the order.
    const full = buildDocument('dea-486', sample({ lines: [{ ...SAMPLE.lines[0], packaging: '5 kg HDPE drum', containers: 5, grossKg: 27.5 }], signatory: { name: 'J. Doe', position: 'Compliance officer', date: '2026-03-03' } })) as Dea486DataSheet;
    expect(full.items[0]).toMatchObject({ containers: '5 × 5 kg HDPE drum', netKg: 25, grossKg: 27.5 });
    expect(full.signatory).toEqual({ name: 'J. Doe', position: 'Compliance officer', date: '2026-03-03' });
    expect(renderDocumentHtml(full)).toContain('J. Doe');
  });

  it('transaction record: the fields of 21 CFR 1310.06(a) and the 易制毒 sales ledger, each with its clause, kept 2 years', () => {
    const doc = buildDocument('transaction-record', sample({
      customer: { ...SAMPLE.customer, phone: '+52 55 1234 5678', email: 'compras@qnorte.mx', deaRegistration: 'RQ1234567', identification: { type: 'business-licence', number: 'QNO-123', issuedBy: 'SAT' } },
      lines: [{ ...SAMPLE.lines[0], containers: 5 }],
      transfer: { method: 'carrier', carrier: 'Ocean Line' },
      selfStatedUse: '用于合成原料药中间体',
    })) as TransactionRecord;
    expect(doc).toMatchObject({
      basis: '21 CFR 1310.06(a); 易制毒化学品管理条例 第十八条、第十九条',
      date: '2026-03-02',
      retainUntil: '2028-03-02',
      transfer: { method: 'carrier', carrier: 'Ocean Line' },
      purchaserIdentification: { type: 'business-licence', number: 'QNO-123', issuedBy: 'SAT' },
      selfStatedUse: '用于合成原料药中间体',
      endUse: 'pharmaceutical manufacture (API)',
      items: [{ line: 1, cas: expect.arrayContaining(['41661-47-6']), quantity: { quantity: 25, unit: 'kg' }, packaging: '5 x 5 kg HDPE drums', containers: 5 }],
    });
    expect(doc.parties.map((p) => p.role)).toEqual(['exporter', 'customer', 'consignee', 'intermediary']);
    expect(doc.parties[1]).toMatchObject({ name: 'Quimica Norte SA de CV', address: 'Av. Reforma 10, CDMX', phone: '+52 55 1234 5678', email: 'compras@qnorte.mx', registration: 'QNO-123', deaRegistration: 'RQ1234567' });
    // Every 1310.06(a) paragraph and 易制毒 article 19 are answered by a field.
    const us = doc.clauses.map((c) => c.us ?? '').join(' ');
    for (const para of ['(a)(1)', '(a)(2)', '(a)(3)', '(a)(4)', '(a)(5)']) expect(us).toContain(`1310.06${para}`);
    expect(doc.clauses).toBe(RECORD_CLAUSES);
    expect(doc.clauses.find((c) => c.field === 'selfStatedUse')?.cn).toContain('自述用途');
    expect(doc.clauses.find((c) => c.field === 'retainUntil')?.cn).toContain('保存2年');
    const zh = renderDocumentHtml(doc, 'zh');
    expect(zh).toContain('自述用途');
    expect(zh).toContain('用于合成原料药中间体');
    expect(zh).toContain('2028-03-02');
    // Nothing recorded → null, not invented.
    expect(buildDocument('transaction-record', sample())).toMatchObject({ selfStatedUse: null, transfer: { method: null }, purchaserIdentification: { type: null, number: null } });
  });

  it('adds calendar years (29 February → 28 February)', () => {
    expect(addYears('2026-03-02', 2)).toBe('2028-03-02');
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('suspicious-order report: basis, date aware and the 15-day clock, rules fired, the SAR key term where FinCEN’s advisory applies', () => {
    const src = sample();
    const doc = buildDocument('suspicious-order-report', { ...src, createdAt: '2026-03-02T10:00:00Z' }) as SuspiciousOrderReport;
    expect(doc.awareDate).toBe('2026-03-02');
    expect(doc.writtenReportDue).toBe('2026-03-17');
    expect(doc.rulesFired.map((r) => r.rule)).toEqual(expect.arrayContaining(['FINCEN-A002-VIRTUAL-CURRENCY', 'US-1310.05-UNCOMMON-DELIVERY']));
    expect(doc.rulesFired.length).toBe(src.result.redFlags.length);
    expect(doc.basisForSuspicion.length).toBe(doc.rulesFired.length);
    expect(doc.basisForSuspicion.join('\n')).toContain('virtual currency');
    expect(doc.sarKeyTerm).toBe(SAR_KEY_TERM);
    expect(doc).toMatchObject({ decision: src.result.decision, score: src.result.score, customer: { name: 'Quimica Norte SA de CV' }, products: [{ line: 1, quantity: { kg: 25 } }] });
    expect((buildDocument('suspicious-order-report', src, { awareDate: '2026-12-25' }) as SuspiciousOrderReport).writtenReportDue).toBe('2027-01-09');
    // No FinCEN rule fired → no key term.
    const quiet = sample({ exporter: { name: 'Acme', country: 'US' }, customer: { name: 'Pharma GmbH', country: 'DE' }, consignee: undefined, intermediaries: undefined, payment: { method: 'bank-transfer' }, route: undefined, lines: [{ name: 'ethanol', quantity: 1, unit: 'kg' }] });
    expect(quiet.result.redFlags.some((f) => f.source.includes('FIN-2024-A002'))).toBe(false);
    expect((buildDocument('suspicious-order-report', quiet) as SuspiciousOrderReport).sarKeyTerm).toBeNull();
  });

  it('end-use declaration in the EU Reg. 273/2004 Annex III form: supplier, customer, substance, quantity, intended use, blank signatory', () => {
    const doc = buildDocument('end-use-declaration', sample()) as EndUseDeclaration;
    expect(doc).toMatchObject({
      basis: 'EU Reg. 273/2004 Annex III',
      supplier: { name: 'Acme Chemicals Inc' },
      customer: { name: 'Quimica Norte SA de CV', registration: 'QNO-123' },
      substances: [{ quantity: { quantity: 25, unit: 'kg' } }],
      intendedUse: 'pharmaceutical manufacture (API)',
      signatory: { name: null, position: null, date: null, signature: null },
    });
    expect((buildDocument('end-use-declaration', sample({ endUse: undefined, endUseStatement: false })) as EndUseDeclaration)).toMatchObject({ intendedUse: null, statementGiven: false });
  });

  it('renders each document as a printable page in English and Chinese, with the fields and no script', () => {
    for (const doc of buildDocuments(sample())) {
      for (const lang of ['en', 'zh'] as const) {
        const html = renderDocumentHtml(doc, lang);
        expect(html).toMatch(/^<!doctype html>/);
        expect(html).toContain(`data-document="${doc.kind}"`);
        expect(html).not.toMatch(/<script|<link|src=/i);
        expect(html).toContain('Acme Chemicals Inc');
      }
    }
    const [pen, dea, sor, eud, rec] = DOCUMENT_KINDS.map((k) => renderDocumentHtml(buildDocument(k, sample()), 'en'));
    expect(rec).toContain('Method of transfer');
    expect(pen).toContain('Expected point of entry');
    expect(pen).toContain('Manzanillo');
    expect(dea).toContain('List I name');
    expect(dea).toContain('MX-PERMIT-9');
    expect(sor).toContain(SAR_KEY_TERM);
    expect(sor).toContain('2026-03-17');
    expect(eud).toContain('EU Reg. 273/2004 Annex III');
    expect(renderDocumentHtml(buildDocument('pre-export-notification', sample()), 'zh')).toContain('出口前通知');
  });

  it('escapes user text: a party named <script> stays text', () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=1>';
    const src = sample({ exporter: { name: evil, country: 'US', address: '"><b>' }, customer: { name: evil, country: 'MX' }, consignee: { name: evil }, endUse: evil });
    for (const doc of buildDocuments(src)) {
      const html = renderDocumentHtml(doc);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('"><b>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=1&gt;');
    }
  });

  const noChromium = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)`;
  if (noChromium) console.log(`[documents] PDF test skipped: ${noChromium}`);
  it.skipIf(!!noChromium)('renders a PDF with the server’s Chromium (starts with %PDF)', async () => {
    const pdf = await htmlToPdf(renderDocumentHtml(buildDocument('suspicious-order-report', sample()), 'zh'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);
});

describe('GET /api/screening/:id/documents/:kind', () => {
  let app: FastifyInstance;
  const headers: Record<'own' | 'other', Record<string, string>> = { own: {}, other: {} };
  beforeAll(async () => {
    app = await buildServer({ webRoot: join(import.meta.dirname, '__fixtures__', 'no-web-build-here'), historyFlushMs: 10, rateLimit: { max: 0 } });
    const identity = app.narcotrace.identity;
    await identity.bootstrap();
    for (const who of ['own', 'other'] as const) {
      const agency = await identity.systemCreateAgency({ name: `${who} exporter`, kind: 'laboratory', jurisdiction: 'US' });
      await identity.systemCreateUser({ agencyId: agency.id, username: `${who}.doc`, role: 'analyst', password: `${who} password 12` });
      headers[who] = { authorization: `Bearer ${(await identity.systemCreateToken(`${who}.doc`, 'docs')).secret}` };
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('serves JSON and HTML of one’s own screening; another agency’s is SCREENING_NOT_FOUND; a bad kind is 400', async () => {
    const made = await app.inject({ method: 'POST', url: '/api/screening/orders', payload: { order: { ...SAMPLE, exporter: { ...SAMPLE.exporter, name: '<script>x</script> Co' } } }, headers: headers.own });
    expect(made.statusCode).toBe(200);
    const id = made.json().id as number;
    const json = await app.inject({ method: 'GET', url: `/api/screening/${id}/documents/suspicious-order-report?format=json&aware=2026-03-05`, headers: headers.own });
    expect(json.statusCode).toBe(200);
    expect(json.json().document).toMatchObject({ kind: 'suspicious-order-report', screeningId: id, awareDate: '2026-03-05', writtenReportDue: '2026-03-20', sarKeyTerm: SAR_KEY_TERM });
    const html = await app.inject({ method: 'GET', url: `/api/screening/${id}/documents/dea-486?format=html&lang=zh`, headers: headers.own });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('&lt;script&gt;x&lt;/script&gt; Co');
    expect(html.body).not.toContain('<script');
    const theirs = await app.inject({ method: 'GET', url: `/api/screening/${id}/documents/dea-486?format=json`, headers: headers.other });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ error: { code: 'SCREENING_NOT_FOUND' } });
    expect(theirs.body).not.toContain('Quimica');
    expect((await app.inject({ method: 'GET', url: `/api/screening/${id}/documents/form-99`, headers: headers.own })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/screening/${id}/documents/dea-486` })).statusCode).toBe(401);
  }, 120_000);
});
