/**
 * The red-flag rule set. Every rule has a stable id keyed to its source, the points it adds to the
 * 0–100 risk score, and whether it alone forces `review` or `block`. The report cites each rule that
 * fired, with the evidence. docs/screening.md lists them.
 */
import type { SharedContact } from './contacts.js';
import type { PartyHit } from './match.js';
import type { Order, Party } from './order.js';
import type { ProductScreening } from './product.js';

export interface RedFlagRule {
  id: string;
  title: string;
  titleZh: string;
  source: string;
  points: number;
  /** The least decision this rule alone leads to. */
  forces?: 'review' | 'block';
}

export const RULES = {
  SANCTIONS_STRONG: { id: 'SANCTIONS-MATCH-STRONG', title: 'A party matches a sanctions or denied-party list entry', titleZh: '当事方与制裁或拒绝交易名单条目高度匹配', source: 'OFAC SDN (31 CFR 501, 598; EO 14059); imported lists', points: 100, forces: 'block' },
  SANCTIONS_POSSIBLE: { id: 'SANCTIONS-MATCH-POSSIBLE', title: 'A party possibly matches a list entry', titleZh: '当事方可能与名单条目匹配', source: 'OFAC SDN; imported lists', points: 30, forces: 'review' },
  DRUG_ITSELF: { id: 'PRODUCT-IS-DRUG', title: 'The product is itself a controlled drug (e.g. a fentanyl-class substance offered "for research")', titleZh: '产品本身是受管制药物（如以“科研”名义出售的芬太尼类物质）', source: '21 U.S.C. 812; 非药用类麻醉药品和精神药品管制品种增补目录; INCB', points: 60, forces: 'block' },
  DESIGNER: { id: 'DESIGNER-PRECURSOR', title: 'Designer precursor: one easy step from a listed precursor, not controlled on both sides', titleZh: '“设计型”前体：与已列管前体仅一步之遥，且未在双方均受管制', source: 'INCB PEN Online Light; FinCEN FIN-2024-A002', points: 35, forces: 'review' },
  LISTED_PRECURSOR: { id: 'LISTED-PRECURSOR', title: 'The product is a listed precursor (export needs licences and a pre-export notification)', titleZh: '产品为列管易制毒化学品（出口需许可和出口前通知）', source: '1988 Convention art. 12(10); 21 CFR 1313; 易制毒化学品管理条例', points: 10 },
  THRESHOLD: { id: 'US-1310.05-EXTRAORDINARY-QUANTITY', title: 'An extraordinary quantity: at least 10× the listing’s threshold, or 3× the customer’s largest earlier order', titleZh: '数量异常：达到阈值的10倍或客户以往最大订单的3倍', source: '21 CFR 1310.05(a)(1); 21 U.S.C. 802(57)', points: 20, forces: 'review' },
  FREQUENCY: { id: 'US-802-57-UNUSUAL-FREQUENCY', title: 'Unusual frequency: 3 or more orders from the customer in the last 30 days', titleZh: '订单频率异常：客户30天内下单3次以上', source: '21 U.S.C. 802(57)', points: 15 },
  NEW_CUSTOMER: { id: 'US-1310.07-GOOD-FAITH-INQUIRY', title: 'New customer for a controlled chemical: make a good-faith inquiry before export', titleZh: '受管制化学品的新客户：出口前须进行善意调查', source: '21 CFR 1310.07', points: 10, forces: 'review' },
  RESIDENTIAL: { id: 'FINCEN-A002-ADDRESS', title: 'A party at a residential, shared or virtual-office address (shell-company sign)', titleZh: '当事方位于住宅、共享或虚拟办公地址（空壳公司迹象）', source: 'FinCEN FIN-2024-A002 (2024-06-20), profile red flags', points: 15 },
  PRC_PHONE: { id: 'FINCEN-A002-PRC-CONTACT', title: 'A counterparty without PRC ties uses a PRC phone number or IP address', titleZh: '与中国无关联的交易方使用中国电话号码或IP地址', source: 'FinCEN FIN-2024-A002', points: 15 },
  ADVERTISED: { id: 'FINCEN-A002-ADVERTISED', title: 'The seller advertises precursors by name, abbreviation or CAS number online', titleZh: '卖方在网上以名称、缩写或CAS号宣传前体', source: 'FinCEN FIN-2024-A002', points: 20 },
  MX_LICENCE: { id: 'FINCEN-A002-MX-NO-LICENCE', title: 'A Mexican importer without a Mexican import licence', titleZh: '墨西哥进口商无墨西哥进口许可', source: 'FinCEN FIN-2024-A002', points: 25, forces: 'review' },
  SHARED_CONTACT: { id: 'FINCEN-A002-SHARED-CONTACT', title: 'Unrelated importers share a phone number, e-mail, address or paying wallet', titleZh: '无关联的进口商共用电话号码、电子邮箱、地址或付款钱包', source: 'FinCEN FIN-2024-A002 (2024-06-20), red flags (unrelated importers sharing contact details)', points: 20, forces: 'review' },
  VC_MANY_TO_ONE: { id: 'FINCEN-A002-VC-MANY-TO-ONE', title: 'Many-to-one virtual-currency payments: the receiving wallet has been paid for orders of several distinct customers', titleZh: '多对一虚拟货币付款：收款钱包已收到多个不同客户的订单付款', source: 'FinCEN FIN-2024-A002 (2024-06-20), transactional red flags (many-to-one or low-value virtual-currency payments to chemical sellers)', points: 15 },
  VC_LOW_VALUE: { id: 'FINCEN-A002-VC-LOW-VALUE', title: 'A low-value virtual-currency payment for a precursor or related chemical', titleZh: '为前体或相关化学品支付小额虚拟货币', source: 'FinCEN FIN-2024-A002 (2024-06-20), transactional red flags (many-to-one or low-value virtual-currency payments to chemical sellers)', points: 10 },
  CRYPTO: { id: 'FINCEN-A002-VIRTUAL-CURRENCY', title: 'Payment in virtual currency', titleZh: '以虚拟货币付款', source: 'FinCEN FIN-2024-A002, transactional red flags; 21 CFR 1310.05(a)(1) (uncommon method of payment)', points: 25 },
  CASH: { id: 'US-1310.05-UNCOMMON-PAYMENT', title: 'Payment in cash or by a third party', titleZh: '以现金或第三方付款', source: '21 CFR 1310.05(a)(1)', points: 20 },
  FORWARDER: { id: 'US-1310.05-UNCOMMON-DELIVERY', title: 'A freight forwarder or PO box as consignee', titleZh: '收货人为货运代理或邮政信箱', source: '21 CFR 1310.05(a)(1); FinCEN FIN-2024-A002', points: 20 },
  END_USE_REFUSED: { id: 'END-USE-REFUSED', title: 'No end-use statement, or the customer refused to give one', titleZh: '未提供或拒绝提供最终用途声明', source: 'EU Reg. 273/2004 art. 4 and Annex III; 易制毒化学品管理条例 (自述用途)', points: 25, forces: 'review' },
  END_USE_MISMATCH: { id: 'END-USE-INCONSISTENT', title: 'The stated end use is inconsistent with the product', titleZh: '声明的最终用途与产品不符', source: '21 CFR 1310.05(a)(1) (other circumstance suggesting diversion)', points: 25, forces: 'review' },
  TRANSIT: { id: 'ROUTE-HIGH-RISK', title: 'Destination or transhipment through a high-risk route for fentanyl precursors', titleZh: '目的地或转运途经芬太尼前体高风险路线', source: 'FinCEN FIN-2024-A002; INCB Precursors Report 2023', points: 15 },
  CN_LICENCE: { id: 'CN-EXPORT-LICENCE', title: 'Export from China of a listed chemical without an export licence, the importing government’s legal-use certificate or an importer guarantee', titleZh: '从中国出口列管化学品，但无出口许可、进口国政府合法用途证明或进口商保证', source: '易制毒化学品进出口管理规定; MOFCOM 2025 licence requirement for exports to the US, Mexico and Canada', points: 25, forces: 'review' },
  UNIDENTIFIED: { id: 'PRODUCT-UNIDENTIFIED', title: 'The product could not be identified', titleZh: '无法识别产品', source: '21 CFR 1310.07 (good-faith inquiry)', points: 15, forces: 'review' },
} as const satisfies Record<string, RedFlagRule>;

export interface RedFlag {
  rule: string;
  title: string;
  titleZh: string;
  source: string;
  points: number;
  forces?: 'review' | 'block';
  /** What in the order fired it. */
  evidence: string;
}

/** The customer's earlier orders, from the store. */
export interface CustomerHistory {
  orders: { date: string; lines: { inchikey?: string; substance?: string; kg?: number }[] }[];
  /** Other customers' stored orders that share a contact or wallet with this order (store.sharedContacts). */
  shared?: SharedContact[];
}

/**
 * Many-to-one: the receiving wallet was paid for orders of at least this many distinct customers, this one
 * included. Low value: a virtual-currency payment worth less than LOW_VALUE_USD. Both numbers are
 * Narcotrace's choice (FinCEN names the pattern, not a number); docs/screening.md says so.
 */
export const MANY_TO_ONE_CUSTOMERS = 3;
export const LOW_VALUE_USD = 1000;

/** High-risk destinations and transit countries for fentanyl precursors, as named in the cited sources. */
export const HIGH_RISK_ROUTE_COUNTRIES = ['MX', 'GT', 'BZ', 'HN', 'SV', 'PA'] as const;

const LEGITIMATE_PRECURSOR_USE = /pharmac|api\b|active pharmaceutical|drug manufactur|analytic|reference standard|research and development|gmp|制药|原料药|分析|标准品/i;
const IMPLAUSIBLE_USE = /cosmetic|dye|paint|agricultur|pesticid|fertili[sz]|clean|detergent|food|flavou?r|textile|leather|plastic|化妆|染料|农药|清洁|食品|纺织/i;

function flag(rule: RedFlagRule, evidence: string): RedFlag {
  return { rule: rule.id, title: rule.title, titleZh: rule.titleZh, source: rule.source, points: rule.points, ...(rule.forces ? { forces: rule.forces } : {}), evidence };
}

function kgOf(quantity: number, unit: string): number | undefined {
  const f: Record<string, number> = { mg: 1e-6, g: 1e-3, kg: 1, t: 1000 };
  return f[unit] !== undefined ? quantity * f[unit] : undefined;
}

export function evaluateRedFlags(order: Order, products: ProductScreening[], parties: { role: string; party: Party; hits: PartyHit[] }[], history: CustomerHistory, today: string): RedFlag[] {
  const flags: RedFlag[] = [];
  for (const p of parties) {
    const strong = p.hits.filter((h) => h.match === 'strong');
    const possible = p.hits.filter((h) => h.match === 'possible');
    if (strong.length) flags.push(flag(RULES.SANCTIONS_STRONG, `${p.role} "${p.party.name}" ~ ${strong.map((h) => `${h.list} ${h.entryId} ${h.name} (${h.score}, ${h.matchedOn.join(', ')})`).join('; ')}`));
    else if (possible.length) flags.push(flag(RULES.SANCTIONS_POSSIBLE, `${p.role} "${p.party.name}" ~ ${possible.map((h) => `${h.list} ${h.entryId} ${h.name} (${h.score})`).join('; ')}`));
  }
  const controlledLines = products.filter((p) => p.jurisdictions.some((j) => j.status === 'controlled'));
  for (const p of products) {
    const label = p.substance?.name ?? p.input.name ?? p.input.cas ?? p.smiles ?? `line ${p.line}`;
    if (!p.identified) flags.push(flag(RULES.UNIDENTIFIED, `line ${p.line}: ${p.problem ?? 'not identified'}`));
    if (p.isDrug.drug) flags.push(flag(RULES.DRUG_ITSELF, `line ${p.line} (${label}): ${p.isDrug.rules.join(', ')}`));
    else if (p.designerGap) flags.push(flag(RULES.DESIGNER, `line ${p.line} (${label}): ${p.designer[0].explanation}`));
    if (p.isPrecursor && !p.isDrug.drug) flags.push(flag(RULES.LISTED_PRECURSOR, `line ${p.line} (${label}): ${p.controlledIn.map((c) => `${c.jurisdiction}: ${c.rules.join(', ')}`).join('; ')}`));
    const line = order.lines[p.line - 1];
    for (const j of p.jurisdictions)
      for (const t of j.thresholds)
        if (t.reached && t.ordered !== undefined && t.ordered >= 10 * t.threshold.quantity)
          flags.push(flag(RULES.THRESHOLD, `line ${p.line} (${label}): ${line.quantity} ${line.unit} is ${Math.floor(t.ordered / t.threshold.quantity)}× the ${t.list} threshold of ${t.threshold.quantity} ${t.threshold.unit}`));
    const kg = kgOf(line.quantity, line.unit);
    const earlier = history.orders.flatMap((o) => o.lines).filter((l) => (p.inchikey && l.inchikey === p.inchikey) || (p.substance && l.substance === p.substance.id));
    const largest = Math.max(0, ...earlier.map((l) => l.kg ?? 0));
    if (kg !== undefined && earlier.length >= 2 && largest > 0 && kg >= 3 * largest) flags.push(flag(RULES.THRESHOLD, `line ${p.line} (${label}): ${kg} kg is ${(kg / largest).toFixed(1)}× the customer’s largest earlier order (${largest} kg; ${earlier.length} earlier orders)`));
  }
  const since = new Date(Date.parse(today) - 30 * 86400_000).toISOString().slice(0, 10);
  const recent = history.orders.filter((o) => o.date >= since).length;
  if (recent >= 2) flags.push(flag(RULES.FREQUENCY, `${recent + 1} orders from the customer since ${since}, this one included`));
  if (!history.orders.length && controlledLines.length) flags.push(flag(RULES.NEW_CUSTOMER, `no earlier order from "${order.customer.name}" is on record`));
  const all = [['exporter', order.exporter], ['customer', order.customer], ...(order.consignee ? [['consignee', order.consignee]] : []), ...(order.intermediaries ?? []).map((p) => ['intermediary', p])] as [string, Party][];
  for (const [role, p] of all) {
    if (p.addressType && p.addressType !== 'business' && p.addressType !== 'po-box') flags.push(flag(RULES.RESIDENTIAL, `${role} "${p.name}" at a ${p.addressType} address`));
    const cnPhone = p.phone && /^\s*(\+|00)?\s*86/.test(p.phone);
    if (role !== 'exporter' && p.country && p.country !== 'CN' && p.country !== 'HK' && (cnPhone || p.ipCountry === 'CN')) flags.push(flag(RULES.PRC_PHONE, `${role} "${p.name}" (${p.country}) uses ${cnPhone ? `the PRC phone number ${p.phone}` : 'a PRC IP address'}`));
    if (p.advertisesPrecursors) flags.push(flag(RULES.ADVERTISED, `${role} "${p.name}" advertises precursors online`));
  }
  if (order.customer.country === 'MX' && !order.customer.importLicence && products.some((p) => p.isPrecursor || p.designer.length || p.isDrug.drug)) flags.push(flag(RULES.MX_LICENCE, `customer "${order.customer.name}" in Mexico gave no import licence`));
  const shared = history.shared ?? [];
  const byCustomer = new Map<string, SharedContact[]>();
  for (const c of shared.filter((c) => c.kind !== 'wallet-to')) byCustomer.set(c.customerKey, [...(byCustomer.get(c.customerKey) ?? []), c]);
  if (byCustomer.size) {
    const what = [...byCustomer.values()].slice(0, 5).map((cs) => `"${cs[0].customerName}" (${[...new Set(cs.map((c) => `${c.kind === 'wallet-from' ? 'paying wallet' : c.kind} ${c.value}`))].join(', ')}; screening ${cs[0].screeningId}, ${cs[0].orderDate})`);
    flags.push(flag(RULES.SHARED_CONTACT, `customer "${order.customer.name}" shares contact details with ${byCustomer.size} other customer${byCustomer.size > 1 ? 's' : ''} on record: ${what.join('; ')}`));
  }
  const method = order.payment?.method;
  if (method === 'crypto') {
    const payers = new Set(shared.filter((c) => c.kind === 'wallet-to').map((c) => c.customerKey));
    if (payers.size + 1 >= MANY_TO_ONE_CUSTOMERS) flags.push(flag(RULES.VC_MANY_TO_ONE, `the receiving wallet ${order.payment?.walletTo} was paid for orders of ${payers.size + 1} distinct customers, this one included`));
    const value = order.payment?.valueUsd;
    if (value !== undefined && value < LOW_VALUE_USD && products.some((p) => p.isPrecursor || p.designer.length || p.isDrug.drug))
      flags.push(flag(RULES.VC_LOW_VALUE, `virtual-currency payment worth USD ${value} (< ${LOW_VALUE_USD})${order.payment?.currency ? ` in ${order.payment.currency}` : ''} for a precursor or related chemical`));
  }
  if (method === 'crypto') flags.push(flag(RULES.CRYPTO, 'payment method: virtual currency'));
  if (method === 'cash' || method === 'third-party') flags.push(flag(RULES.CASH, `payment method: ${method}${order.payment?.payer ? ` (payer ${order.payment.payer})` : ''}`));
  const consignee = order.consignee;
  if (consignee && (consignee.kind === 'freight-forwarder' || consignee.addressType === 'po-box' || /\bp\.?\s?o\.?\s*box\b/i.test(consignee.address ?? '')))
    flags.push(flag(RULES.FORWARDER, `consignee "${consignee.name}" is ${consignee.kind === 'freight-forwarder' ? 'a freight forwarder' : 'a PO box'}`));
  const relevant = products.filter((p) => p.isPrecursor || p.designer.length || p.isDrug.drug);
  if (relevant.length) {
    // The buyer's self-stated use (自述用途) counts as a stated end use when the order gives no other.
    const endUse = order.endUse?.trim() || order.selfStatedUse?.trim();
    if (order.endUseStatement === false || !endUse) flags.push(flag(RULES.END_USE_REFUSED, order.endUseStatement === false ? 'the customer refused an end-use statement' : 'no end use was stated'));
    else if (IMPLAUSIBLE_USE.test(endUse) || !LEGITIMATE_PRECURSOR_USE.test(endUse))
      flags.push(flag(RULES.END_USE_MISMATCH, `stated end use "${endUse.slice(0, 200)}" is not a use of ${relevant.map((p) => p.substance?.name ?? p.input.name ?? `line ${p.line}`).join(', ')} (legitimate: pharmaceutical manufacture under licence, analytical reference)`));
    const route = [order.customer.country, ...(order.route?.transit ?? []), order.consignee?.country].filter(Boolean) as string[];
    const risky = route.filter((c) => (HIGH_RISK_ROUTE_COUNTRIES as readonly string[]).includes(c));
    if (risky.length) flags.push(flag(RULES.TRANSIT, `route through ${[...new Set(risky)].join(', ')}`));
    const cnControlled = relevant.some((p) => p.jurisdictions.some((j) => j.jurisdiction === 'CN' && j.status === 'controlled'));
    if (order.exporter.country === 'CN' && cnControlled && !(order.documents?.exportLicence && (order.documents.importPermit || order.documents.importerGuarantee)))
      flags.push(flag(RULES.CN_LICENCE, `export from China to ${order.customer.country}: ${order.documents?.exportLicence ? '' : 'no export licence; '}${order.documents?.importPermit || order.documents?.importerGuarantee ? '' : 'no import permit or importer guarantee'}`));
  }
  return flags;
}

export type Decision = 'clear' | 'review' | 'block';

/** Score 0–100 (sum of points, capped) and decision: block at ≥ 70 or a blocking rule; review at ≥ 25 or a reviewing rule; else clear. */
export function decide(flags: RedFlag[]): { score: number; decision: Decision; reasons: string[] } {
  const score = Math.min(100, flags.reduce((s, f) => s + f.points, 0));
  const reasons: string[] = [];
  let decision: Decision = 'clear';
  if (flags.some((f) => f.forces === 'block')) {
    decision = 'block';
    reasons.push(...flags.filter((f) => f.forces === 'block').map((f) => `${f.rule} blocks on its own`));
  }
  if (score >= 70 && decision !== 'block') {
    decision = 'block';
    reasons.push(`score ${score} ≥ 70`);
  }
  if (decision === 'clear') {
    if (flags.some((f) => f.forces === 'review')) {
      decision = 'review';
      reasons.push(...flags.filter((f) => f.forces === 'review').map((f) => `${f.rule} needs review`));
    }
    if (score >= 25) {
      decision = 'review';
      reasons.push(`score ${score} ≥ 25`);
    }
  }
  if (decision === 'clear') reasons.push(score ? `score ${score} < 25 and no rule needs review` : 'no red flag');
  return { score, decision, reasons };
}
