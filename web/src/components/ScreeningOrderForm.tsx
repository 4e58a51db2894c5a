/**
 * The order form of the screening page: exporter, customer, consignee and intermediaries (names in any
 * script, with a local-script name beside the Latin one), order lines (name, CAS number or structure,
 * quantity, unit, packaging, containers, gross kg), payment (with amount, value in USD and wallet addresses),
 * end use and the buyer's self-stated use (自述用途), route, method of transfer, signatory and documents — the order schema of
 * docs/screening.md. The draft is kept as typed text and turned into the API's order only on submit,
 * so a server error (shown with its code, the named field marked and focused) never loses what was
 * typed. An ORDER.json can be loaded into the form.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import type { Order } from '../../../src/screening/order.js';
import { ErrorBox } from './Status.js';

export const UNITS = ['mg', 'g', 'kg', 't', 'mL', 'L', 'gal'] as const satisfies readonly Order['lines'][number]['unit'][];
export const PAYMENTS = ['bank-transfer', 'letter-of-credit', 'cash', 'crypto', 'third-party', 'other'] as const satisfies readonly NonNullable<Order['payment']>['method'][];
export const ADDRESS_TYPES = ['business', 'residential', 'shared', 'virtual-office', 'po-box'] as const satisfies readonly NonNullable<Order['customer']['addressType']>[];
export const PARTY_KINDS = ['manufacturer', 'distributor', 'pharmacy', 'laboratory', 'freight-forwarder', 'individual', 'other'] as const satisfies readonly NonNullable<Order['customer']['kind']>[];
export const ID_TYPES = ['business-licence', 'uscc', 'national-id', 'passport', 'import-permit', 'purchase-permit', 'dea-registration', 'other'] as const satisfies readonly NonNullable<Order['customer']['identification']>['type'][];
export const TRANSFER_METHODS = ['company-vehicle', 'customer-pickup', 'carrier', 'courier', 'postal', 'other'] as const satisfies readonly NonNullable<Order['transfer']>['method'][];

export interface PartyDraft {
  name: string;
  nameLocal: string;
  country: string;
  address: string;
  addressType: '' | (typeof ADDRESS_TYPES)[number];
  kind: '' | (typeof PARTY_KINDS)[number];
  registration: string;
  email: string;
  website: string;
  phone: string;
  wallets: string;
  importLicence: string;
  ipCountry: string;
  advertisesPrecursors: boolean;
  deaRegistration: string;
  idType: '' | (typeof ID_TYPES)[number];
  idNumber: string;
  idIssuedBy: string;
}
export interface LineDraft {
  name: string;
  cas: string;
  structure: string;
  quantity: string;
  unit: (typeof UNITS)[number];
  packaging: string;
  containers: string;
  grossKg: string;
}
export interface OrderDraft {
  id: string;
  date: string;
  exporter: PartyDraft;
  customer: PartyDraft;
  consignee: PartyDraft | null;
  intermediaries: PartyDraft[];
  lines: LineDraft[];
  payment: '' | (typeof PAYMENTS)[number];
  payer: string;
  amount: string;
  currency: string;
  valueUsd: string;
  walletFrom: string;
  walletTo: string;
  endUse: string;
  selfStatedUse: string;
  transferMethod: '' | (typeof TRANSFER_METHODS)[number];
  carrier: string;
  signatoryName: string;
  signatoryPosition: string;
  signatoryDate: string;
  /** '': not asked; 'given'; 'refused' (endUseStatement false). */
  endUseStatement: '' | 'given' | 'refused';
  transit: string;
  portOfExit: string;
  portOfEntry: string;
  dispatchDate: string;
  exportLicence: string;
  importPermit: string;
  importerGuarantee: boolean;
}

export const emptyParty = (): PartyDraft => ({ name: '', nameLocal: '', country: '', address: '', addressType: '', kind: '', registration: '', email: '', website: '', phone: '', wallets: '', importLicence: '', ipCountry: '', advertisesPrecursors: false, deaRegistration: '', idType: '', idNumber: '', idIssuedBy: '' });
export const emptyLine = (): LineDraft => ({ name: '', cas: '', structure: '', quantity: '', unit: 'kg', packaging: '', containers: '', grossKg: '' });
export function emptyOrderDraft(): OrderDraft {
  return {
    id: '', date: '', exporter: emptyParty(), customer: emptyParty(), consignee: null, intermediaries: [], lines: [emptyLine()],
    payment: '', payer: '', amount: '', currency: '', valueUsd: '', walletFrom: '', walletTo: '', endUse: '', selfStatedUse: '', transferMethod: '', carrier: '',
    signatoryName: '', signatoryPosition: '', signatoryDate: '', endUseStatement: '', transit: '', portOfExit: '', portOfEntry: '', dispatchDate: '',
    exportLicence: '', importPermit: '', importerGuarantee: false,
  };
}

const line = (v: string) => (v.trim() ? v.trim() : undefined);
const list = (v: string) => v.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
/** A number as typed; a bad one stays NaN (sent as null) so the server names the field rather than the form dropping it. */
const num = (v: string) => (v.trim() ? Number(v.trim().replace(/,/g, '')) : undefined);

function partyOf(p: PartyDraft): unknown {
  return strip({
    name: p.name.trim(),
    nameLocal: line(p.nameLocal),
    country: line(p.country)?.toUpperCase(),
    address: line(p.address),
    addressType: p.addressType || undefined,
    kind: p.kind || undefined,
    registration: line(p.registration),
    email: line(p.email),
    website: line(p.website),
    phone: line(p.phone),
    wallets: list(p.wallets).length ? list(p.wallets) : undefined,
    importLicence: line(p.importLicence),
    ipCountry: line(p.ipCountry)?.toUpperCase(),
    advertisesPrecursors: p.advertisesPrecursors || undefined,
    deaRegistration: line(p.deaRegistration),
    identification: p.idType || line(p.idNumber) ? strip({ type: p.idType || undefined, number: line(p.idNumber), issuedBy: line(p.idIssuedBy) }) : undefined,
  });
}

/** The draft as the API's order (fields left empty are left out). */
export function orderOf(d: OrderDraft): unknown {
  const route = strip({ transit: list(d.transit).length ? list(d.transit).map((c) => c.toUpperCase()) : undefined, portOfExit: line(d.portOfExit), portOfEntry: line(d.portOfEntry), dispatchDate: line(d.dispatchDate) });
  const documents = strip({ exportLicence: line(d.exportLicence), importPermit: line(d.importPermit), importerGuarantee: d.importerGuarantee || undefined });
  return strip({
    id: line(d.id),
    date: line(d.date),
    exporter: partyOf(d.exporter),
    customer: partyOf(d.customer),
    consignee: d.consignee ? partyOf(d.consignee) : undefined,
    intermediaries: d.intermediaries.length ? d.intermediaries.map(partyOf) : undefined,
    lines: d.lines.map((l) => strip({ name: line(l.name), cas: line(l.cas), structure: line(l.structure), quantity: num(l.quantity), unit: l.unit, packaging: line(l.packaging), containers: num(l.containers), grossKg: num(l.grossKg) })),
    payment: d.payment ? strip({ method: d.payment, payer: line(d.payer), amount: num(d.amount), currency: line(d.currency), valueUsd: num(d.valueUsd), walletFrom: line(d.walletFrom), walletTo: line(d.walletTo) }) : undefined,
    endUse: line(d.endUse),
    selfStatedUse: line(d.selfStatedUse),
    transfer: d.transferMethod ? strip({ method: d.transferMethod, carrier: line(d.carrier) }) : undefined,
    signatory: line(d.signatoryName) ? strip({ name: line(d.signatoryName), position: line(d.signatoryPosition), date: line(d.signatoryDate) }) : undefined,
    endUseStatement: d.endUseStatement === '' ? undefined : d.endUseStatement === 'given',
    route: Object.keys(route).length ? route : undefined,
    documents: Object.keys(documents).length ? documents : undefined,
  });
}

const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | '' => (allowed as readonly unknown[]).includes(v) ? (v as T) : '';

function draftParty(v: unknown): PartyDraft {
  const p = (v ?? {}) as Record<string, unknown>;
  const id = (p.identification ?? {}) as Record<string, unknown>;
  return {
    name: s(p.name), nameLocal: s(p.nameLocal), country: s(p.country), address: s(p.address),
    addressType: pick(p.addressType, ADDRESS_TYPES), kind: pick(p.kind, PARTY_KINDS),
    registration: s(p.registration), email: s(p.email), website: s(p.website), phone: s(p.phone),
    wallets: Array.isArray(p.wallets) ? p.wallets.map(s).join(', ') : '', importLicence: s(p.importLicence), ipCountry: s(p.ipCountry),
    advertisesPrecursors: p.advertisesPrecursors === true,
    deaRegistration: s(p.deaRegistration), idType: pick(id.type, ID_TYPES), idNumber: s(id.number), idIssuedBy: s(id.issuedBy),
  };
}

/** An order (ORDER.json, or a stored screening's order) as a draft for the form; unknown fields are dropped. */
export function draftOf(v: unknown): OrderDraft {
  const o = (v ?? {}) as Record<string, unknown>;
  const payment = (o.payment ?? {}) as Record<string, unknown>;
  const route = (o.route ?? {}) as Record<string, unknown>;
  const docs = (o.documents ?? {}) as Record<string, unknown>;
  const transfer = (o.transfer ?? {}) as Record<string, unknown>;
  const signatory = (o.signatory ?? {}) as Record<string, unknown>;
  const lines = Array.isArray(o.lines) ? o.lines : [];
  return {
    id: s(o.id), date: s(o.date),
    exporter: draftParty(o.exporter), customer: draftParty(o.customer),
    consignee: o.consignee ? draftParty(o.consignee) : null,
    intermediaries: Array.isArray(o.intermediaries) ? o.intermediaries.map(draftParty) : [],
    lines: lines.length
      ? lines.map((l: Record<string, unknown>) => ({ name: s(l.name), cas: s(l.cas), structure: s(l.structure), quantity: s(l.quantity), unit: pick(l.unit, UNITS) || 'kg', packaging: s(l.packaging), containers: s(l.containers), grossKg: s(l.grossKg) }))
      : [emptyLine()],
    payment: pick(payment.method, PAYMENTS), payer: s(payment.payer), amount: s(payment.amount), currency: s(payment.currency), valueUsd: s(payment.valueUsd), walletFrom: s(payment.walletFrom), walletTo: s(payment.walletTo),
    selfStatedUse: s(o.selfStatedUse), transferMethod: pick(transfer.method, TRANSFER_METHODS), carrier: s(transfer.carrier),
    signatoryName: s(signatory.name), signatoryPosition: s(signatory.position), signatoryDate: s(signatory.date),
    endUse: s(o.endUse), endUseStatement: o.endUseStatement === true ? 'given' : o.endUseStatement === false ? 'refused' : '',
    transit: Array.isArray(route.transit) ? route.transit.map(s).join(', ') : '', portOfExit: s(route.portOfExit), portOfEntry: s(route.portOfEntry), dispatchDate: s(route.dispatchDate),
    exportLicence: s(docs.exportLicence), importPermit: s(docs.importPermit), importerGuarantee: docs.importerGuarantee === true,
  };
}

/** The id of the input for an API field path ("lines.0.quantity" → "scr-lines-0-quantity"). */
export const idOf = (field: string) => `scr-${field.replace(/\./g, '-')}`;

type Invalid = { 'aria-invalid'?: true; 'aria-describedby'?: string };

function Field({ id, label, children, help }: { id: string; label: string; children: ReactNode; help?: string }) {
  const helpId = `${id}-help`;
  return (
    <div className="scr-field">
      <label className="field-label" htmlFor={id}>{label}</label>
      {children}
      {help && <p className="help" id={helpId}>{help}</p>}
    </div>
  );
}

function PartyFields({ path, value, onChange, invalid, requireCountry, legend, onRemove }: { path: string; value: PartyDraft; onChange: (p: PartyDraft) => void; invalid: (f: string) => Invalid; requireCountry: boolean; legend: string; onRemove?: () => void }) {
  const { t } = useTranslation();
  const id = (f: string) => idOf(`${path}.${f}`);
  const text = (f: keyof PartyDraft, label: string, extra: { help?: string; maxLength?: number; required?: boolean } = {}) => {
    const bad = invalid(`${path}.${f}`);
    const describedBy = [extra.help ? `${id(f)}-help` : undefined, bad['aria-describedby']].filter(Boolean).join(' ') || undefined;
    return (
      <Field id={id(f)} label={extra.required ? `${label} *` : label} help={extra.help}>
        <input
          id={id(f)}
          type="text"
          required={extra.required}
          maxLength={extra.maxLength}
          autoComplete="off"
          value={value[f] as string}
          onChange={(e) => onChange({ ...value, [f]: e.target.value })}
          {...bad}
          aria-describedby={describedBy}
        />
      </Field>
    );
  };
  return (
    <fieldset className="scr-party" data-testid={`screening-party-${path.replace(/\./g, '-')}`}>
      <legend>{legend}</legend>
      <div className="scr-grid">
        {text('name', t('screening.party.name'), { required: true, help: t('screening.party.nameHelp') })}
        {text('nameLocal', t('screening.party.nameLocal'), { help: t('screening.party.nameLocalHelp') })}
        {text('country', t('screening.party.country'), { maxLength: 2, required: requireCountry, help: t('screening.party.countryHelp') })}
        <Field id={id('kind')} label={t('screening.party.kind')}>
          <select id={id('kind')} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as PartyDraft['kind'] })} {...invalid(`${path}.kind`)}>
            <option value="">{t('screening.unspecified')}</option>
            {PARTY_KINDS.map((k) => <option key={k} value={k}>{t(`screening.kinds.${k}`)}</option>)}
          </select>
        </Field>
        {text('address', t('screening.party.address'))}
        <Field id={id('addressType')} label={t('screening.party.addressType')}>
          <select id={id('addressType')} value={value.addressType} onChange={(e) => onChange({ ...value, addressType: e.target.value as PartyDraft['addressType'] })} {...invalid(`${path}.addressType`)}>
            <option value="">{t('screening.unspecified')}</option>
            {ADDRESS_TYPES.map((k) => <option key={k} value={k}>{t(`screening.addressTypes.${k}`)}</option>)}
          </select>
        </Field>
        {text('registration', t('screening.party.registration'))}
      </div>
      <details className="scr-more">
        <summary>{t('screening.party.more')}</summary>
        <div className="scr-grid">
          {text('email', t('screening.party.email'))}
          {text('website', t('screening.party.website'))}
          {text('phone', t('screening.party.phone'))}
          {text('wallets', t('screening.party.wallets'), { help: t('screening.listHelp') })}
          {text('importLicence', t('screening.party.importLicence'))}
          {text('ipCountry', t('screening.party.ipCountry'), { maxLength: 2 })}
          {text('deaRegistration', t('screening.party.deaRegistration'))}
          <Field id={id('identification-type')} label={t('screening.party.idType')}>
            <select id={id('identification-type')} value={value.idType} onChange={(e) => onChange({ ...value, idType: e.target.value as PartyDraft['idType'] })} {...invalid(`${path}.identification.type`)}>
              <option value="">{t('screening.unspecified')}</option>
              {ID_TYPES.map((k) => <option key={k} value={k}>{t(`screening.idTypes.${k}`)}</option>)}
            </select>
          </Field>
          {text('idNumber', t('screening.party.idNumber'))}
          {text('idIssuedBy', t('screening.party.idIssuedBy'))}
        </div>
        <label className="check">
          <input type="checkbox" checked={value.advertisesPrecursors} onChange={(e) => onChange({ ...value, advertisesPrecursors: e.target.checked })} /> {t('screening.party.advertises')}
        </label>
      </details>
      {onRemove && (
        <button type="button" className="button-secondary small" onClick={onRemove}>
          {t('screening.remove')}
        </button>
      )}
    </fieldset>
  );
}

export function ScreeningOrderForm({ draft, onChange, onSubmit, mayRun }: { draft: OrderDraft; onChange: (d: OrderDraft) => void; onSubmit: (order: unknown, store: boolean) => Promise<ApiProblem | undefined>; mayRun: boolean }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const [store, setStore] = useState(true);
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const errorId = useId();
  const bad = problem?.where?.field;
  const set = <K extends keyof OrderDraft>(key: K, v: OrderDraft[K]) => onChange({ ...draft, [key]: v });
  const setLine = (i: number, l: Partial<LineDraft>) => onChange({ ...draft, lines: draft.lines.map((x, j) => (j === i ? { ...x, ...l } : x)) });
  const invalid = (field: string): Invalid => (bad && (bad === field || bad.startsWith(`${field}.`)) ? { 'aria-invalid': true, 'aria-describedby': errorId } : {});

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    const p = await onSubmit(orderOf(draft), store);
    setBusy(false);
    setProblem(p);
    const field = p?.where?.field;
    if (field) {
      // Keep everything typed; move to the field the server named (or its nearest enclosing input).
      const parts = field.split('.');
      for (let n = parts.length; n > 0; n--) {
        const el = document.getElementById(idOf(parts.slice(0, n).join('.'))) ?? document.getElementById(`${idOf(parts.slice(0, n).join('.'))}-name`);
        if (el) {
          el.focus();
          break;
        }
      }
    }
  }

  async function loadFile(file: File | undefined) {
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      onChange(draftOf((parsed as { order?: unknown }).order ?? parsed));
      setFileProblem(undefined);
    } catch (err) {
      setFileProblem(t('screening.form.badFile', { message: err instanceof Error ? err.message : String(err) }));
    }
  }

  const lineField = (i: number, f: 'name' | 'cas' | 'packaging' | 'containers' | 'grossKg', label: string) => (
    <Field id={idOf(`lines.${i}.${f}`)} label={label}>
      <input id={idOf(`lines.${i}.${f}`)} type="text" autoComplete="off" value={draft.lines[i][f]} onChange={(e) => setLine(i, { [f]: e.target.value })} {...invalid(`lines.${i}.${f}`)} />
    </Field>
  );

  return (
    <form onSubmit={(ev) => void submit(ev)} className="scr-form" data-testid="screening-form" noValidate aria-describedby={problem ? errorId : undefined}>
      <div className="scr-file">
        <label className="field-label" htmlFor="scr-order-file">{t('screening.form.loadFile')}</label>
        <input id="scr-order-file" type="file" accept=".json,application/json" onChange={(e) => void loadFile(e.target.files?.[0])} />
        <p className="help">{t('screening.form.loadFileHelp')}</p>
        {fileProblem && <p className="note note-error" role="alert">{fileProblem}</p>}
      </div>

      <fieldset>
        <legend>{t('screening.form.order')}</legend>
        <div className="scr-grid">
          <Field id="scr-id" label={t('screening.form.id')}>
            <input id="scr-id" type="text" value={draft.id} onChange={(e) => set('id', e.target.value)} {...invalid('id')} />
          </Field>
          <Field id="scr-date" label={t('screening.form.date')} help={t('screening.form.dateHelp')}>
            <input id="scr-date" type="date" value={draft.date} onChange={(e) => set('date', e.target.value)} {...invalid('date')} />
          </Field>
        </div>
      </fieldset>

      <div className="scr-parties">
        <PartyFields path="exporter" legend={t('screening.roles.exporter')} value={draft.exporter} onChange={(p) => set('exporter', p)} invalid={invalid} requireCountry />
        <PartyFields path="customer" legend={t('screening.roles.customer')} value={draft.customer} onChange={(p) => set('customer', p)} invalid={invalid} requireCountry />
        {draft.consignee && <PartyFields path="consignee" legend={t('screening.roles.consignee')} value={draft.consignee} onChange={(p) => set('consignee', p)} invalid={invalid} requireCountry={false} onRemove={() => set('consignee', null)} />}
        {draft.intermediaries.map((p, i) => (
          <PartyFields
            key={i}
            path={`intermediaries.${i}`}
            legend={t('screening.form.intermediary', { n: i + 1 })}
            value={p}
            onChange={(np) => set('intermediaries', draft.intermediaries.map((x, j) => (j === i ? np : x)))}
            invalid={invalid}
            requireCountry={false}
            onRemove={() => set('intermediaries', draft.intermediaries.filter((_, j) => j !== i))}
          />
        ))}
      </div>
      <div className="input-tools">
        {!draft.consignee && (
          <button type="button" className="button-secondary small" onClick={() => set('consignee', emptyParty())} data-testid="screening-add-consignee">
            {t('screening.form.addConsignee')}
          </button>
        )}
        <button type="button" className="button-secondary small" onClick={() => set('intermediaries', [...draft.intermediaries, emptyParty()])} data-testid="screening-add-intermediary">
          {t('screening.form.addIntermediary')}
        </button>
      </div>

      <fieldset>
        <legend>{t('screening.form.lines')}</legend>
        <p className="help">{t('screening.form.linesHelp')}</p>
        {draft.lines.map((l, i) => (
          <fieldset key={i} className="scr-line" data-testid={`screening-line-${i}`}>
            <legend>{t('screening.form.line', { n: i + 1 })}</legend>
            <div className="scr-grid">
              {lineField(i, 'name', t('screening.line.name'))}
              {lineField(i, 'cas', t('screening.line.cas'))}
              <Field id={idOf(`lines.${i}.quantity`)} label={`${t('screening.line.quantity')} *`}>
                <input id={idOf(`lines.${i}.quantity`)} type="text" inputMode="decimal" required value={l.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} {...invalid(`lines.${i}.quantity`)} />
              </Field>
              <Field id={idOf(`lines.${i}.unit`)} label={t('screening.line.unit')}>
                <select id={idOf(`lines.${i}.unit`)} value={l.unit} onChange={(e) => setLine(i, { unit: e.target.value as LineDraft['unit'] })} {...invalid(`lines.${i}.unit`)}>
                  {UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
                </select>
              </Field>
              {lineField(i, 'packaging', t('screening.line.packaging'))}
              {lineField(i, 'containers', t('screening.line.containers'))}
              {lineField(i, 'grossKg', t('screening.line.grossKg'))}
            </div>
            <Field id={idOf(`lines.${i}.structure`)} label={t('screening.line.structure')} help={t('screening.line.structureHelp')}>
              <textarea id={idOf(`lines.${i}.structure`)} rows={2} spellCheck={false} value={l.structure} onChange={(e) => setLine(i, { structure: e.target.value })} {...invalid(`lines.${i}.structure`)} {...(bad === `lines.${i}` ? { 'aria-invalid': true, 'aria-describedby': errorId } : {})} />
            </Field>
            {draft.lines.length > 1 && (
              <button type="button" className="button-secondary small" onClick={() => set('lines', draft.lines.filter((_, j) => j !== i))}>
                {t('screening.remove')}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" className="button-secondary small" onClick={() => set('lines', [...draft.lines, emptyLine()])} data-testid="screening-add-line">
          {t('screening.form.addLine')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('screening.form.terms')}</legend>
        <div className="scr-grid">
          <Field id="scr-payment-method" label={t('screening.form.payment')}>
            <select id="scr-payment-method" value={draft.payment} onChange={(e) => set('payment', e.target.value as OrderDraft['payment'])} {...invalid('payment')}>
              <option value="">{t('screening.unspecified')}</option>
              {PAYMENTS.map((m) => <option key={m} value={m}>{t(`screening.payments.${m}`)}</option>)}
            </select>
          </Field>
          <Field id="scr-payment-payer" label={t('screening.form.payer')}>
            <input id="scr-payment-payer" type="text" value={draft.payer} onChange={(e) => set('payer', e.target.value)} {...invalid('payment.payer')} />
          </Field>
          <Field id="scr-payment-amount" label={t('screening.form.amount')}>
            <input id="scr-payment-amount" type="text" inputMode="decimal" value={draft.amount} onChange={(e) => set('amount', e.target.value)} {...invalid('payment.amount')} />
          </Field>
          <Field id="scr-payment-currency" label={t('screening.form.currency')}>
            <input id="scr-payment-currency" type="text" maxLength={10} value={draft.currency} onChange={(e) => set('currency', e.target.value)} {...invalid('payment.currency')} />
          </Field>
          <Field id="scr-payment-valueUsd" label={t('screening.form.valueUsd')} help={t('screening.form.valueUsdHelp')}>
            <input id="scr-payment-valueUsd" type="text" inputMode="decimal" value={draft.valueUsd} onChange={(e) => set('valueUsd', e.target.value)} {...invalid('payment.valueUsd')} />
          </Field>
          <Field id="scr-payment-walletFrom" label={t('screening.form.walletFrom')}>
            <input id="scr-payment-walletFrom" type="text" spellCheck={false} value={draft.walletFrom} onChange={(e) => set('walletFrom', e.target.value)} {...invalid('payment.walletFrom')} />
          </Field>
          <Field id="scr-payment-walletTo" label={t('screening.form.walletTo')}>
            <input id="scr-payment-walletTo" type="text" spellCheck={false} value={draft.walletTo} onChange={(e) => set('walletTo', e.target.value)} {...invalid('payment.walletTo')} />
          </Field>
          <Field id="scr-endUseStatement" label={t('screening.form.endUseStatement')}>
            <select id="scr-endUseStatement" value={draft.endUseStatement} onChange={(e) => set('endUseStatement', e.target.value as OrderDraft['endUseStatement'])}>
              <option value="">{t('screening.unspecified')}</option>
              <option value="given">{t('screening.form.statementGiven')}</option>
              <option value="refused">{t('screening.form.statementRefused')}</option>
            </select>
          </Field>
        </div>
        <Field id="scr-endUse" label={t('screening.form.endUse')} help={t('screening.form.endUseHelp')}>
          <textarea id="scr-endUse" className="scr-prose" rows={2} value={draft.endUse} onChange={(e) => set('endUse', e.target.value)} {...invalid('endUse')} />
        </Field>
        <Field id="scr-selfStatedUse" label={t('screening.form.selfStatedUse')} help={t('screening.form.selfStatedUseHelp')}>
          <textarea id="scr-selfStatedUse" className="scr-prose" rows={2} value={draft.selfStatedUse} onChange={(e) => set('selfStatedUse', e.target.value)} {...invalid('selfStatedUse')} />
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('screening.form.delivery')}</legend>
        <div className="scr-grid">
          <Field id="scr-route-transit" label={t('screening.form.transit')} help={t('screening.form.transitHelp')}>
            <input id="scr-route-transit" type="text" value={draft.transit} onChange={(e) => set('transit', e.target.value)} {...invalid('route.transit')} />
          </Field>
          <Field id="scr-route-portOfExit" label={t('screening.form.portOfExit')}>
            <input id="scr-route-portOfExit" type="text" value={draft.portOfExit} onChange={(e) => set('portOfExit', e.target.value)} {...invalid('route.portOfExit')} />
          </Field>
          <Field id="scr-route-portOfEntry" label={t('screening.form.portOfEntry')}>
            <input id="scr-route-portOfEntry" type="text" value={draft.portOfEntry} onChange={(e) => set('portOfEntry', e.target.value)} {...invalid('route.portOfEntry')} />
          </Field>
          <Field id="scr-route-dispatchDate" label={t('screening.form.dispatchDate')}>
            <input id="scr-route-dispatchDate" type="date" value={draft.dispatchDate} onChange={(e) => set('dispatchDate', e.target.value)} {...invalid('route.dispatchDate')} />
          </Field>
          <Field id="scr-documents-exportLicence" label={t('screening.form.exportLicence')}>
            <input id="scr-documents-exportLicence" type="text" value={draft.exportLicence} onChange={(e) => set('exportLicence', e.target.value)} {...invalid('documents.exportLicence')} />
          </Field>
          <Field id="scr-documents-importPermit" label={t('screening.form.importPermit')}>
            <input id="scr-documents-importPermit" type="text" value={draft.importPermit} onChange={(e) => set('importPermit', e.target.value)} {...invalid('documents.importPermit')} />
          </Field>
          <Field id="scr-transfer-method" label={t('screening.form.transferMethod')}>
            <select id="scr-transfer-method" value={draft.transferMethod} onChange={(e) => set('transferMethod', e.target.value as OrderDraft['transferMethod'])} {...invalid('transfer')}>
              <option value="">{t('screening.unspecified')}</option>
              {TRANSFER_METHODS.map((m) => <option key={m} value={m}>{t(`screening.transferMethods.${m}`)}</option>)}
            </select>
          </Field>
          <Field id="scr-transfer-carrier" label={t('screening.form.carrier')}>
            <input id="scr-transfer-carrier" type="text" value={draft.carrier} onChange={(e) => set('carrier', e.target.value)} {...invalid('transfer.carrier')} />
          </Field>
          <Field id="scr-signatory-name" label={t('screening.form.signatoryName')} help={t('screening.form.signatoryHelp')}>
            <input id="scr-signatory-name" type="text" value={draft.signatoryName} onChange={(e) => set('signatoryName', e.target.value)} {...invalid('signatory')} />
          </Field>
          <Field id="scr-signatory-position" label={t('screening.form.signatoryPosition')}>
            <input id="scr-signatory-position" type="text" value={draft.signatoryPosition} onChange={(e) => set('signatoryPosition', e.target.value)} {...invalid('signatory.position')} />
          </Field>
          <Field id="scr-signatory-date" label={t('screening.form.signatoryDate')}>
            <input id="scr-signatory-date" type="date" value={draft.signatoryDate} onChange={(e) => set('signatoryDate', e.target.value)} {...invalid('signatory.date')} />
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.importerGuarantee} onChange={(e) => set('importerGuarantee', e.target.checked)} /> {t('screening.form.importerGuarantee')}
        </label>
      </fieldset>

      {problem && (
        <div id={errorId}>
          <ErrorBox problem={problem} title={t('screening.form.failed')} />
        </div>
      )}
      <div className="options-row">
        <label className="check">
          <input type="checkbox" checked={store} onChange={(e) => setStore(e.target.checked)} data-testid="screening-store" /> {t('screening.form.store')}
        </label>
        <button type="button" className="button-secondary" onClick={() => { onChange(emptyOrderDraft()); setProblem(undefined); }}>
          {t('screening.form.clear')}
        </button>
        <button type="submit" className="button-primary" disabled={busy || !mayRun} data-testid="screening-submit">
          {busy ? t('screening.form.screening') : t('screening.form.submit')}
        </button>
      </div>
      {!mayRun && <p className="muted">{t('screening.form.noRun')}</p>}
    </form>
  );
}
