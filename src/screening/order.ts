/**
 * The order a screening reads (the JSON of `narcotrace screen order ORDER.json` and of POST
 * /api/screening/orders). Documented in docs/screening.md.
 */
import { z } from 'zod';

const Text = (max = 500) => z.string().trim().max(max);
const Country = z.string().trim().regex(/^[A-Za-z]{2}$/, 'an ISO 3166 two-letter country code').transform((c) => c.toUpperCase());

export const Party = z
  .object({
    name: Text(1000).min(1),
    nameLocal: Text(1000).optional().describe('The name in its own script, e.g. 上海某某化工有限公司.'),
    country: Country.optional(),
    address: Text(1000).optional(),
    addressType: z.enum(['business', 'residential', 'shared', 'virtual-office', 'po-box']).optional(),
    kind: z.enum(['manufacturer', 'distributor', 'pharmacy', 'laboratory', 'freight-forwarder', 'individual', 'other']).optional(),
    registration: Text(100).optional().describe('Registration number or USCC.'),
    email: Text(320).optional(),
    website: Text(500).optional(),
    phone: Text(50).optional(),
    wallets: z.array(Text(200)).max(20).optional(),
    /** For a Mexican importer: its import licence/permit number (FinCEN FIN-2024-A002). */
    importLicence: Text(200).optional(),
    /** The party advertises precursors by name, abbreviation or CAS number online. */
    advertisesPrecursors: z.boolean().optional(),
    /** IP address country seen for the party's orders, if known. */
    ipCountry: Country.optional(),
    /** DEA registration number, where the party needs one (21 CFR 1310.06(a)(1)). */
    deaRegistration: Text(20).optional(),
    /** The identification the purchaser showed, and its number (21 CFR 1310.06(a)(5); 易制毒化学品管理条例 art. 18, 经办人的身份证明). */
    identification: z
      .object({
        type: z.enum(['business-licence', 'uscc', 'national-id', 'passport', 'import-permit', 'purchase-permit', 'dea-registration', 'other']),
        number: Text(100).min(1),
        issuedBy: Text(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Party = z.infer<typeof Party>;

/** How the goods pass to the buyer (21 CFR 1310.06(a)(4): "company truck, picked up by customer, etc."). */
export const TRANSFER_METHODS = ['company-vehicle', 'customer-pickup', 'carrier', 'courier', 'postal', 'other'] as const;

export const OrderLine = z
  .object({
    name: Text().optional(),
    cas: Text(20).optional(),
    structure: z.string().max(100_000).optional().describe('SMILES, InChI or molfile.'),
    quantity: z.number().positive().max(1e12),
    unit: z.enum(['mg', 'g', 'kg', 't', 'mL', 'L', 'gal']),
    packaging: Text().optional().describe('Form of packaging, e.g. "25 kg HDPE drums".'),
    /** Number of containers (DEA Form 486 "containers"). */
    containers: z.number().int().positive().max(1e6).optional(),
    /** Gross weight in kg, packaging included (DEA Form 486). */
    grossKg: z.number().positive().max(1e12).optional(),
  })
  .strict()
  .refine((l) => l.name || l.cas || l.structure, { message: 'give a name, a CAS number or a structure' });
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = z
  .object({
    id: Text(100).optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    exporter: Party.extend({ country: Country }),
    customer: Party.extend({ country: Country }),
    consignee: Party.optional(),
    intermediaries: z.array(Party).max(20).optional(),
    lines: z.array(OrderLine).min(1).max(200),
    payment: z
      .object({
        method: z.enum(['bank-transfer', 'letter-of-credit', 'cash', 'crypto', 'third-party', 'other']),
        payer: Text().optional(),
        amount: z.number().positive().max(1e12).optional(),
        /** ISO 4217 code or a virtual-currency ticker (USD, CNY, BTC, USDT, …). */
        currency: z.string().trim().regex(/^[A-Za-z0-9]{2,10}$/, 'a currency code or ticker').transform((c) => c.toUpperCase()).optional(),
        /** The payment's value in US dollars when paid (for the low-value test of FINCEN-A002-VC-LOW-VALUE). */
        valueUsd: z.number().nonnegative().max(1e12).optional(),
        /** Virtual currency: the address the payment came from. */
        walletFrom: Text(200).optional(),
        /** Virtual currency: the address the payment went to. */
        walletTo: Text(200).optional(),
      })
      .strict()
      .optional(),
    endUse: Text(2000).optional(),
    /** The buyer's own statement of use, verbatim (自述用途), kept in the sales ledger. */
    selfStatedUse: Text(2000).optional(),
    transfer: z.object({ method: z.enum(TRANSFER_METHODS), carrier: Text().optional() }).strict().optional(),
    /** Who signs the export declaration for the exporter (DEA Form 486). */
    signatory: z.object({ name: Text(200).min(1), position: Text(200).optional(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict().optional(),
    /** false: the customer refused to give an end-use statement. */
    endUseStatement: z.boolean().optional(),
    route: z.object({ transit: z.array(Country).max(20).optional(), portOfExit: Text().optional(), portOfEntry: Text().optional(), dispatchDate: Text(10).optional() }).strict().optional(),
    documents: z.object({ importPermit: Text().optional(), exportLicence: Text().optional(), importerGuarantee: z.boolean().optional() }).strict().optional(),
  })
  .strict();
export type Order = z.infer<typeof Order>;

/** A stable key of the customer, for its order history: registration number, else the folded name and country. */
export function customerKey(customer: Party): string {
  if (customer.registration) return `reg:${customer.registration.toUpperCase().replace(/[\s\-./]/g, '')}`;
  return `name:${customer.country ?? ''}:${customer.name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')}`;
}
