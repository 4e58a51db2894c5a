/**
 * Documents generated from a screening (issue #10, "Generated documents"): each as a typed JSON object
 * with the fields the issue names, filled from the order and its screening, and as a printable HTML
 * page (labels in English or Chinese) that the server turns into a PDF with src/warning/pdf.ts.
 *
 *   pre-export-notification  — the content of the 1988 Convention art. 12(10)(a): exporter, importer and
 *                              consignee, substance, quantity, expected point of entry and date of
 *                              dispatch, plus route and transit; the reply deadline is a field (the
 *                              Convention sets none).
 *   dea-486                  — a US export declaration data sheet in the fields of DEA Form 486
 *                              (21 CFR 1313.22): label name and List I name, containers, net and gross kg,
 *                              ports, consignee, intermediate consignees, foreign permit.
 *   suspicious-order-report  — the basis for suspicion, the date the exporter became aware (which starts
 *                              the 15-day clock of 21 CFR 1310.05(a)(1)), the rules that fired, and the SAR
 *                              key term "FENTANYL FIN-2024-A002" where FinCEN's advisory applies.
 *   end-use-declaration      — an end-use (customer) declaration in the EU Reg. 273/2004 Annex III form.
 *   transaction-record       — the record of the transaction that 21 CFR 1310.06(a) and China's
 *                              易制毒化学品管理条例 art. 19 (sales ledger, kept 2 years) require, each field
 *                              with the clause it answers, and the buyer's self-stated use (自述用途).
 *
 * Pure: no I/O, no clock. A value the order does not give is `null` in JSON and a blank to fill in on
 * the printed page; nothing is invented (no form numbers, no legal wording beyond the references above).
 */
import type { Order, Party } from './order.js';
import type { ProductScreening } from './product.js';
import type { ScreeningResult } from './screening.js';
import { escapeHtml } from '../reports/html.js';

export const DOCUMENT_KINDS = ['pre-export-notification', 'dea-486', 'suspicious-order-report', 'end-use-declaration', 'transaction-record'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type DocumentLang = 'en' | 'zh';

/** The screening a document is made from (a stored screening, or one just run). */
export interface DocumentSource {
  /** The stored screening's id, when stored. */
  id?: number;
  order: Order;
  result: ScreeningResult;
  /** When the screening was made (ISO); the default date the exporter became aware. */
  createdAt?: string;
}

export interface DocumentOptions {
  /** Suspicious-order report: the date (YYYY-MM-DD) the exporter became aware; default the screening's date. */
  awareDate?: string;
  /** Pre-export notification: the reply deadline (YYYY-MM-DD) the exporting authority sets, if any. */
  replyDeadline?: string;
}

export interface DocParty {
  name: string;
  nameLocal: string | null;
  address: string | null;
  country: string | null;
}

export interface DocQuantity {
  quantity: number;
  unit: string;
  /** The quantity in kg, when the unit is a mass. */
  kg: number | null;
}

interface DocumentBase {
  screeningId: number | null;
  orderId: string | null;
  orderDate: string;
  /** The legal reference the document's content follows, as the issue names it. */
  basis: string;
}

export interface PreExportNotification extends DocumentBase {
  kind: 'pre-export-notification';
  exporter: DocParty;
  importer: DocParty;
  /** The consignee, when the order names one. */
  consignee: DocParty | null;
  substances: { line: number; substance: string; cas: string[]; quantity: DocQuantity }[];
  expectedPointOfEntry: string | null;
  expectedDateOfDispatch: string | null;
  route: { portOfExit: string | null; portOfEntry: string | null; destination: string };
  transit: string[];
  /** The Convention sets no reply deadline; the exporting authority may. */
  replyDeadline: string | null;
}

export interface Dea486DataSheet extends DocumentBase {
  kind: 'dea-486';
  exporter: DocParty;
  items: { line: number; labelName: string; listIName: string | null; containers: string | null; netKg: number | null; grossKg: number | null }[];
  portOfExport: string | null;
  portOfEntry: string | null;
  consignee: DocParty;
  intermediateConsignees: DocParty[];
  foreignPermit: string | null;
  /** Who signs for the exporter (order `signatory`); null fields are blanks to fill in. */
  signatory: { name: string | null; position: string | null; date: string | null };
}

/** A party as the transaction record keeps it (21 CFR 1310.06(a)(1): name, address, contact, DEA registration). */
export interface RecordParty extends DocParty {
  role: 'exporter' | 'customer' | 'consignee' | 'intermediary';
  phone: string | null;
  email: string | null;
  registration: string | null;
  deaRegistration: string | null;
}

export interface TransactionRecord extends DocumentBase {
  kind: 'transaction-record';
  parties: RecordParty[];
  /** The date of the transaction (the order date). */
  date: string;
  items: { line: number; chemical: string; cas: string[]; quantity: DocQuantity; packaging: string | null; containers: number | null }[];
  transfer: { method: string | null; carrier: string | null };
  purchaserIdentification: { type: string | null; number: string | null; issuedBy: string | null };
  /** The buyer's own statement of use (自述用途), verbatim; null when none was recorded. */
  selfStatedUse: string | null;
  /** The end use given on the order (may be the exporter's summary). */
  endUse: string | null;
  /** date + 2 years: how long the ledger entry is kept (易制毒化学品管理条例 art. 19). */
  retainUntil: string;
  /** Which field answers which clause. */
  clauses: { field: string; us: string | null; cn: string | null }[];
}

export interface SuspiciousOrderReport extends DocumentBase {
  kind: 'suspicious-order-report';
  exporter: DocParty;
  customer: DocParty;
  products: { line: number; product: string; quantity: DocQuantity }[];
  decision: ScreeningResult['decision'];
  score: number;
  /** Why the order is suspicious: each fired rule's evidence. */
  basisForSuspicion: string[];
  /** The date the exporter became aware; it starts the 15-day clock. */
  awareDate: string;
  /** awareDate + 15 calendar days (the written report, 21 CFR 1310.05(a)(1)). */
  writtenReportDue: string;
  rulesFired: { rule: string; title: string; titleZh: string; source: string; points: number; evidence: string }[];
  /** "FENTANYL FIN-2024-A002" when a fired rule cites FinCEN's advisory, else null. */
  sarKeyTerm: string | null;
}

export interface EndUseDeclaration extends DocumentBase {
  kind: 'end-use-declaration';
  supplier: DocParty;
  customer: DocParty & { registration: string | null };
  substances: { line: number; substance: string; cas: string[]; quantity: DocQuantity }[];
  intendedUse: string | null;
  /** false when the customer refused an end-use statement; null when not recorded. */
  statementGiven: boolean | null;
  /** Left blank for the customer to fill in and sign. */
  signatory: { name: null; position: null; date: null; signature: null };
}

export type ScreeningDocument = PreExportNotification | Dea486DataSheet | SuspiciousOrderReport | EndUseDeclaration | TransactionRecord;

/**
 * The transaction record's fields and the clauses they answer. US: 21 CFR 1310.06(a)(1)–(5). CN:
 * 易制毒化学品管理条例 art. 19 (销售台账: 品种、数量、日期、购买方; kept 2 years) and art. 18 (经办人的身份证明,
 * for category 1); 自述用途 from the guidance on non-pharmaceutical precursor chemicals, item (九)
 * (record the buyer's detailed address, contact details and self-stated use; keep 2 years).
 */
export const RECORD_CLAUSES: TransactionRecord['clauses'] = [
  { field: 'parties', us: '21 CFR 1310.06(a)(1) name, address, contact information, DEA registration number of each party', cn: '易制毒化学品管理条例 第十九条 购买方; guidance on non-pharmaceutical precursor chemicals, item (九): 详细地址、联系方式' },
  { field: 'date', us: '21 CFR 1310.06(a)(2) date of the regulated transaction', cn: '第十九条 日期' },
  { field: 'items', us: '21 CFR 1310.06(a)(3) quantity, chemical name, form of packaging', cn: '第十九条 品种、数量' },
  { field: 'transfer', us: '21 CFR 1310.06(a)(4) method of transfer', cn: null },
  { field: 'purchaserIdentification', us: '21 CFR 1310.06(a)(5) type of identification used by the purchaser and its number', cn: '第十八条 经办人的身份证明 (第一类)' },
  { field: 'selfStatedUse', us: null, cn: 'guidance on non-pharmaceutical precursor chemicals, item (九): 自述用途' },
  { field: 'retainUntil', us: null, cn: '第十九条 销售台账和证明材料复印件应当保存2年备查' },
];

export const SAR_KEY_TERM = 'FENTANYL FIN-2024-A002';

const BASIS: Record<DocumentKind, string> = {
  'pre-export-notification': '1988 Convention art. 12(10)(a)',
  'dea-486': 'DEA Form 486 (21 CFR 1313.22)',
  'suspicious-order-report': '21 CFR 1310.05(a)(1); FinCEN FIN-2024-A002',
  'end-use-declaration': 'EU Reg. 273/2004 Annex III',
  'transaction-record': '21 CFR 1310.06(a); 易制毒化学品管理条例 第十八条、第十九条',
};

const KG: Record<string, number> = { mg: 1e-6, g: 1e-3, kg: 1, t: 1000 };
const round = (n: number) => Math.round(n * 1e6) / 1e6;

function party(p: Party): DocParty {
  return { name: p.name, nameLocal: p.nameLocal ?? null, address: p.address ?? null, country: p.country ?? null };
}

function quantity(order: Order, line: number): DocQuantity {
  const l = order.lines[line - 1];
  return { quantity: l.quantity, unit: l.unit, kg: KG[l.unit] !== undefined ? round(l.quantity * KG[l.unit]) : null };
}

function productName(p: ProductScreening | undefined, order: Order, line: number): string {
  const l = order.lines[line - 1];
  return p?.substance?.name ?? l.name ?? l.cas ?? p?.smiles ?? l.structure ?? `line ${line}`;
}

/** The US List I name: the registry name of a product a US precursor control applies to. */
function listIName(p: ProductScreening | undefined): string | null {
  if (!p?.substance) return null;
  const us = p.jurisdictions.some((j) => j.country === 'US' && j.controls.some((c) => c.category === 'precursor')) || p.controlledIn.some((c) => c.jurisdiction === 'US' && c.rules.some((r) => /LIST-I\b/.test(r)));
  return us ? p.substance.name : null;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** The same calendar day `years` later (29 February → 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function recordParty(role: RecordParty['role'], p: Party): RecordParty {
  return { role, ...party(p), phone: p.phone ?? null, email: p.email ?? null, registration: p.registration ?? null, deaRegistration: p.deaRegistration ?? null };
}

function lines(src: DocumentSource) {
  return src.order.lines.map((_, i) => {
    const p = src.result.products.find((x) => x.line === i + 1);
    return { line: i + 1, substance: productName(p, src.order, i + 1), cas: p?.substance?.cas ?? (src.order.lines[i].cas ? [src.order.lines[i].cas!] : []), quantity: quantity(src.order, i + 1) };
  });
}

export function buildDocument(kind: DocumentKind, src: DocumentSource, options: DocumentOptions = {}): ScreeningDocument {
  const { order, result } = src;
  const base: DocumentBase = { screeningId: src.id ?? null, orderId: order.id ?? result.orderId ?? null, orderDate: result.date, basis: BASIS[kind] };
  switch (kind) {
    case 'pre-export-notification':
      return {
        kind,
        ...base,
        exporter: party(order.exporter),
        importer: party(order.customer),
        consignee: order.consignee ? party(order.consignee) : null,
        substances: lines(src),
        expectedPointOfEntry: order.route?.portOfEntry ?? null,
        expectedDateOfDispatch: order.route?.dispatchDate ?? null,
        route: { portOfExit: order.route?.portOfExit ?? null, portOfEntry: order.route?.portOfEntry ?? null, destination: order.consignee?.country ?? order.customer.country },
        transit: order.route?.transit ?? [],
        replyDeadline: options.replyDeadline ?? null,
      };
    case 'dea-486':
      return {
        kind,
        ...base,
        exporter: party(order.exporter),
        items: order.lines.map((l, i) => {
          const p = result.products.find((x) => x.line === i + 1);
          const containers = l.containers !== undefined ? `${l.containers}${l.packaging ? ` × ${l.packaging}` : ''}` : (l.packaging ?? null);
          return { line: i + 1, labelName: l.name ?? productName(p, order, i + 1), listIName: listIName(p), containers, netKg: quantity(order, i + 1).kg, grossKg: l.grossKg ?? null };
        }),
        portOfExport: order.route?.portOfExit ?? null,
        portOfEntry: order.route?.portOfEntry ?? null,
        consignee: party(order.consignee ?? order.customer),
        intermediateConsignees: (order.intermediaries ?? []).map(party),
        foreignPermit: order.documents?.importPermit ?? null,
        signatory: { name: order.signatory?.name ?? null, position: order.signatory?.position ?? null, date: order.signatory?.date ?? null },
      };
    case 'transaction-record':
      return {
        kind,
        ...base,
        parties: [
          recordParty('exporter', order.exporter),
          recordParty('customer', order.customer),
          ...(order.consignee ? [recordParty('consignee', order.consignee)] : []),
          ...(order.intermediaries ?? []).map((p) => recordParty('intermediary', p)),
        ],
        date: result.date,
        items: lines(src).map((l) => ({ line: l.line, chemical: l.substance, cas: l.cas, quantity: l.quantity, packaging: order.lines[l.line - 1].packaging ?? null, containers: order.lines[l.line - 1].containers ?? null })),
        transfer: { method: order.transfer?.method ?? null, carrier: order.transfer?.carrier ?? null },
        purchaserIdentification: { type: order.customer.identification?.type ?? null, number: order.customer.identification?.number ?? null, issuedBy: order.customer.identification?.issuedBy ?? null },
        selfStatedUse: order.selfStatedUse?.trim() || null,
        endUse: order.endUse?.trim() || null,
        retainUntil: addYears(result.date, 2),
        clauses: RECORD_CLAUSES,
      };
    case 'suspicious-order-report': {
      const aware = options.awareDate ?? (src.createdAt ?? result.date).slice(0, 10);
      return {
        kind,
        ...base,
        exporter: party(order.exporter),
        customer: party(order.customer),
        products: lines(src).map((l) => ({ line: l.line, product: l.substance, quantity: l.quantity })),
        decision: result.decision,
        score: result.score,
        basisForSuspicion: result.redFlags.map((f) => `${f.title}: ${f.evidence}`),
        awareDate: aware,
        writtenReportDue: addDays(aware, 15),
        rulesFired: result.redFlags.map((f) => ({ rule: f.rule, title: f.title, titleZh: f.titleZh, source: f.source, points: f.points, evidence: f.evidence })),
        sarKeyTerm: result.redFlags.some((f) => f.source.includes('FIN-2024-A002')) ? SAR_KEY_TERM : null,
      };
    }
    case 'end-use-declaration':
      return {
        kind,
        ...base,
        supplier: party(order.exporter),
        customer: { ...party(order.customer), registration: order.customer.registration ?? null },
        substances: lines(src),
        intendedUse: order.endUse?.trim() || null,
        statementGiven: order.endUseStatement ?? null,
        signatory: { name: null, position: null, date: null, signature: null },
      };
  }
}

export function buildDocuments(src: DocumentSource, options: DocumentOptions = {}): ScreeningDocument[] {
  return DOCUMENT_KINDS.map((k) => buildDocument(k, src, options));
}

// ---- HTML ---------------------------------------------------------------------------------------

export { escapeHtml };

/** Labels in both languages; the page shows the chosen one. */
const L = {
  'pre-export-notification': ['Pre-export notification', '出口前通知'],
  'dea-486': ['US export declaration data sheet (DEA Form 486 fields)', '美国出口申报数据表（DEA 486 表字段）'],
  'suspicious-order-report': ['Suspicious-order report', '可疑订单报告'],
  'end-use-declaration': ['End-use (customer) declaration', '最终用途（客户）声明'],
  basis: ['Legal reference', '法律依据'],
  screening: ['Screening', '筛查'],
  order: ['Order', '订单'],
  orderDate: ['Order date', '订单日期'],
  exporter: ['Exporter', '出口商'],
  importer: ['Importer', '进口商'],
  consignee: ['Consignee', '收货人'],
  supplier: ['Supplier', '供应商'],
  customer: ['Customer', '客户'],
  name: ['Name', '名称'],
  nameLocal: ['Name (local script)', '名称（本地文字）'],
  address: ['Address', '地址'],
  country: ['Country', '国家/地区'],
  registration: ['Registration number', '注册号'],
  line: ['Line', '行'],
  substance: ['Substance', '物质'],
  cas: ['CAS number', 'CAS号'],
  quantity: ['Quantity', '数量'],
  kg: ['kg', '千克'],
  expectedPointOfEntry: ['Expected point of entry', '预计入境地点'],
  expectedDateOfDispatch: ['Expected date of dispatch', '预计发货日期'],
  portOfExit: ['Port of exit', '出境口岸'],
  portOfEntry: ['Port of entry', '入境口岸'],
  destination: ['Destination', '目的地'],
  transit: ['Transit', '过境'],
  route: ['Route', '路线'],
  replyDeadline: ['Reply deadline', '答复期限'],
  replyDeadlineHelp: ['The Convention sets no reply deadline.', '公约未规定答复期限。'],
  labelName: ['Label name', '标签名称'],
  listIName: ['List I name', 'List I 名称'],
  containers: ['Containers', '容器'],
  netKg: ['Net kg', '净重（千克）'],
  grossKg: ['Gross kg', '毛重（千克）'],
  portOfExport: ['Port of export', '出口口岸'],
  intermediateConsignees: ['Intermediate consignees', '中间收货人'],
  foreignPermit: ['Foreign permit', '外国许可证'],
  product: ['Product', '产品'],
  decision: ['Decision', '决定'],
  score: ['Risk score', '风险评分'],
  basisForSuspicion: ['Basis for suspicion', '可疑依据'],
  awareDate: ['Date the exporter became aware (starts the 15-day clock)', '出口商知悉日期（15日期限起算）'],
  writtenReportDue: ['Written report due (15 calendar days)', '书面报告截止日（15个日历日）'],
  rulesFired: ['Rules that fired', '触发的规则'],
  rule: ['Rule', '规则'],
  source: ['Source', '来源'],
  evidence: ['Evidence', '证据'],
  points: ['Points', '分值'],
  sarKeyTerm: ['SAR key term', 'SAR关键词'],
  intendedUse: ['Intended use', '预期用途'],
  statementGiven: ['End-use statement given', '是否提供最终用途声明'],
  refused: ['refused by the customer', '客户拒绝提供'],
  yes: ['yes', '是'],
  signatory: ['Signatory', '签署人'],
  position: ['Position', '职务'],
  date: ['Date', '日期'],
  signature: ['Signature', '签名'],
  none: ['none', '无'],
  'transaction-record': ['Transaction record (sales ledger)', '交易记录（销售台账）'],
  parties: ['Parties', '交易各方'],
  intermediary: ['Intermediary', '中间人'],
  role: ['Role', '角色'],
  phone: ['Phone', '电话'],
  email: ['E-mail', '电子邮箱'],
  deaRegistration: ['DEA registration', 'DEA注册号'],
  chemical: ['Chemical', '化学品'],
  packaging: ['Form of packaging', '包装形式'],
  transferMethod: ['Method of transfer', '交付方式'],
  carrier: ['Carrier', '承运人'],
  purchaserIdentification: ['Purchaser identification', '购买方身份证明'],
  idType: ['Type', '类型'],
  idNumber: ['Number', '号码'],
  issuedBy: ['Issued by', '签发机关'],
  selfStatedUse: ['Self-stated use (verbatim)', '自述用途'],
  endUse: ['End use on the order', '订单所载最终用途'],
  retainUntil: ['Keep this record until', '本记录保存至'],
  clauses: ['Field and clause', '字段与条款'],
  field: ['Field', '字段'],
  us: ['US', '美国'],
  cn: ['China', '中国'],
} as const satisfies Record<string, readonly [string, string]>;
type LabelKey = keyof typeof L;

export function documentTitle(kind: DocumentKind, lang: DocumentLang = 'en'): string {
  return L[kind][lang === 'zh' ? 1 : 0];
}

const CSS = `body{font:11pt/1.4 "Noto Sans","Noto Sans CJK SC",sans-serif;color:#111;margin:0}
h1{font-size:16pt;margin:0 0 4pt}h2{font-size:12pt;margin:12pt 0 4pt;border-bottom:1px solid #999}
.meta{color:#444;font-size:9pt;margin-bottom:8pt}table{border-collapse:collapse;width:100%;margin:4pt 0}
th,td{border:1px solid #999;padding:3pt 5pt;text-align:left;vertical-align:top}th{background:#eee;width:32%;font-weight:600}
table.rows th{width:auto}td.blank{height:16pt}.help{color:#555;font-size:9pt}.key{font-weight:700;letter-spacing:.05em}
@media print{h2{break-after:avoid}tr{break-inside:avoid}}`;

/** The document as a self-contained printable page (no script, no external resource); every value is escaped. */
export function renderDocumentHtml(doc: ScreeningDocument, lang: DocumentLang = 'en'): string {
  const l = (k: LabelKey) => escapeHtml(L[k][lang === 'zh' ? 1 : 0]);
  const v = (x: string | number | boolean | null | undefined) => (x === null || x === undefined || x === '' ? '<td class="blank"></td>' : `<td>${escapeHtml(x)}</td>`);
  const row = (k: LabelKey, x: string | number | boolean | null | undefined) => `<tr><th>${l(k)}</th>${v(x)}</tr>`;
  const fields = (rows: string[]) => `<table>${rows.join('')}</table>`;
  const partyRows = (p: DocParty | null) => [row('name', p?.name), ...(p?.nameLocal ? [row('nameLocal', p.nameLocal)] : []), row('address', p?.address), row('country', p?.country)];
  const partyBlock = (k: LabelKey, p: DocParty | null, extra: string[] = []) => `<h2>${l(k)}</h2>${fields([...partyRows(p), ...extra])}`;
  const qty = (q: DocQuantity) => `${q.quantity} ${q.unit}${q.kg !== null && q.unit !== 'kg' ? ` (${q.kg} kg)` : ''}`;
  const table = (head: LabelKey[], rows: (string | number | boolean | null)[][]) =>
    `<table class="rows"><thead><tr>${head.map((h) => `<th>${l(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(v).join('')}</tr>`).join('')}</tbody></table>`;
  const substances = (s: PreExportNotification['substances']) => table(['line', 'substance', 'cas', 'quantity'], s.map((x) => [x.line, x.substance, x.cas.join(', ') || null, qty(x.quantity)]));

  let body: string;
  switch (doc.kind) {
    case 'pre-export-notification':
      body = [
        partyBlock('exporter', doc.exporter),
        partyBlock('importer', doc.importer),
        partyBlock('consignee', doc.consignee),
        `<h2>${l('substance')}</h2>${substances(doc.substances)}`,
        `<h2>${l('route')}</h2>`,
        fields([row('expectedPointOfEntry', doc.expectedPointOfEntry), row('expectedDateOfDispatch', doc.expectedDateOfDispatch), row('portOfExit', doc.route.portOfExit), row('destination', doc.route.destination), row('transit', doc.transit.join(', ') || null), row('replyDeadline', doc.replyDeadline)]),
        `<p class="help">${l('replyDeadlineHelp')}</p>`,
      ].join('');
      break;
    case 'dea-486':
      body = [
        partyBlock('exporter', doc.exporter),
        `<h2>${l('substance')}</h2>`,
        table(['line', 'labelName', 'listIName', 'containers', 'netKg', 'grossKg'], doc.items.map((i) => [i.line, i.labelName, i.listIName, i.containers, i.netKg, i.grossKg])),
        `<h2>${l('route')}</h2>`,
        fields([row('portOfExport', doc.portOfExport), row('portOfEntry', doc.portOfEntry), row('foreignPermit', doc.foreignPermit)]),
        partyBlock('consignee', doc.consignee),
        `<h2>${l('intermediateConsignees')}</h2>`,
        doc.intermediateConsignees.length ? table(['name', 'address', 'country'], doc.intermediateConsignees.map((p) => [p.name, p.address, p.country])) : `<p>${l('none')}</p>`,
        `<h2>${l('signatory')}</h2>`,
        fields([row('name', doc.signatory.name), row('position', doc.signatory.position), row('date', doc.signatory.date), row('signature', null)]),
      ].join('');
      break;
    case 'transaction-record':
      body = [
        fields([row('date', doc.date), row('retainUntil', doc.retainUntil)]),
        `<h2>${l('parties')}</h2>`,
        table(['role', 'name', 'address', 'country', 'phone', 'email', 'registration', 'deaRegistration'], doc.parties.map((p) => [L[p.role][lang === 'zh' ? 1 : 0], p.nameLocal ? `${p.name} (${p.nameLocal})` : p.name, p.address, p.country, p.phone, p.email, p.registration, p.deaRegistration])),
        `<h2>${l('chemical')}</h2>`,
        table(['line', 'chemical', 'cas', 'quantity', 'packaging', 'containers'], doc.items.map((i) => [i.line, i.chemical, i.cas.join(', ') || null, qty(i.quantity), i.packaging, i.containers])),
        `<h2>${l('transferMethod')}</h2>`,
        fields([row('transferMethod', doc.transfer.method), row('carrier', doc.transfer.carrier)]),
        `<h2>${l('purchaserIdentification')}</h2>`,
        fields([row('idType', doc.purchaserIdentification.type), row('idNumber', doc.purchaserIdentification.number), row('issuedBy', doc.purchaserIdentification.issuedBy)]),
        `<h2>${l('selfStatedUse')}</h2>`,
        fields([row('selfStatedUse', doc.selfStatedUse), row('endUse', doc.endUse)]),
        `<h2>${l('clauses')}</h2>`,
        table(['field', 'us', 'cn'], doc.clauses.map((c) => [c.field, c.us, c.cn])),
      ].join('');
      break;
    case 'suspicious-order-report':
      body = [
        doc.sarKeyTerm ? fields([`<tr><th>${l('sarKeyTerm')}</th><td class="key" data-sar-key-term>${escapeHtml(doc.sarKeyTerm)}</td></tr>`]) : '',
        fields([row('awareDate', doc.awareDate), row('writtenReportDue', doc.writtenReportDue), row('decision', doc.decision), row('score', `${doc.score} / 100`)]),
        partyBlock('exporter', doc.exporter),
        partyBlock('customer', doc.customer),
        `<h2>${l('product')}</h2>`,
        table(['line', 'product', 'quantity'], doc.products.map((p) => [p.line, p.product, qty(p.quantity)])),
        `<h2>${l('basisForSuspicion')}</h2>`,
        doc.basisForSuspicion.length ? `<ul>${doc.basisForSuspicion.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>` : `<p>${l('none')}</p>`,
        `<h2>${l('rulesFired')}</h2>`,
        table(['rule', 'source', 'evidence', 'points'], doc.rulesFired.map((r) => [`${r.rule} — ${lang === 'zh' ? r.titleZh : r.title}`, r.source, r.evidence, r.points])),
      ].join('');
      break;
    case 'end-use-declaration':
      body = [
        partyBlock('supplier', doc.supplier),
        partyBlock('customer', doc.customer, [row('registration', doc.customer.registration)]),
        `<h2>${l('substance')}</h2>${substances(doc.substances)}`,
        `<h2>${l('intendedUse')}</h2>`,
        fields([row('intendedUse', doc.intendedUse), row('statementGiven', doc.statementGiven === false ? L.refused[lang === 'zh' ? 1 : 0] : doc.statementGiven ? L.yes[lang === 'zh' ? 1 : 0] : null)]),
        `<h2>${l('signatory')}</h2>`,
        fields([row('name', null), row('position', null), row('date', null), row('signature', null)]),
      ].join('');
      break;
  }
  const title = l(doc.kind);
  const meta = [`${l('basis')}: ${escapeHtml(doc.basis)}`, doc.orderId ? `${l('order')}: ${escapeHtml(doc.orderId)}` : '', `${l('orderDate')}: ${escapeHtml(doc.orderDate)}`, doc.screeningId !== null ? `${l('screening')} #${escapeHtml(doc.screeningId)}` : ''].filter(Boolean).join(' · ');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style></head><body data-document="${escapeHtml(doc.kind)}"><h1>${title}</h1><p class="meta">${meta}</p>${body}</body></html>`;
}
