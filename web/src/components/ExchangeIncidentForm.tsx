/**
 * The incident entry form: every field of an incident (date, place, quantity and form, packaging and
 * labelling, route, the EDAS Art. 13 fields, operational details, linked parties, samples with their
 * structure), bilingual free text side by side (EN / 中文). The draft is kept as typed text and turned
 * into the API's incident only on submit, so a server error (shown with its code, the named field
 * marked and focused) never loses what was typed. Strings go through the catalogue (exchange.form.*).
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import type { IncidentInput } from '../../../src/exchange/model.js';
import { ErrorBox } from './Status.js';

const KINDS = ['seizure', 'stopped-shipment', 'diversion-attempt', 'other'] as const satisfies readonly IncidentInput['kind'][];
const UNITS = ['mg', 'g', 'kg', 't', 'ml', 'l', 'tablets', 'units'] as const;
const ROLES = ['consignor', 'consignee', 'suspect', 'carrier', 'broker', 'manufacturer', 'other'] as const satisfies readonly IncidentInput['parties'][number]['role'][];
const METHODS = ['GC-MS', 'NMR', 'FTIR', 'LC-HRMS', 'Raman', 'other'] as const satisfies readonly IncidentInput['samples'][number]['method'][];
const CONFIDENCE = ['confirmed', 'probable', 'presumptive'] as const satisfies readonly IncidentInput['samples'][number]['confidence'][];
const BI_FIELDS = ['description', 'packaging', 'labelling'] as const;
const EDAS_BI = ['riskOrigin', 'meansOfExposure', 'toxicology', 'healthRisks', 'socialRisks', 'securityRisks', 'measuresTaken'] as const;

type Bi = { en: string; zh: string };
const bi = (): Bi => ({ en: '', zh: '' });

interface PartyDraft {
  role: (typeof ROLES)[number];
  kind: 'person' | 'organisation';
  name: string;
  identifiers: string;
  address: string;
  nationality: string;
  dateOfBirth: string;
  notes: Bi;
}
interface SampleDraft {
  label: string;
  structure: string;
  method: (typeof METHODS)[number];
  confidence: (typeof CONFIDENCE)[number];
  purityPercent: string;
  spectrumRef: string;
}
export interface IncidentDraft {
  kind: (typeof KINDS)[number];
  occurredOn: string;
  country: string;
  region: string;
  lat: string;
  lon: string;
  amount: string;
  unit: (typeof UNITS)[number];
  form: string;
  text: Record<(typeof BI_FIELDS)[number], Bi>;
  routeOrigin: string;
  routeDestination: string;
  transitPoints: string;
  riskType: string;
  edas: Record<(typeof EDAS_BI)[number], Bi>;
  identificationMethods: string[];
  caseReference: string;
  operationalNotes: Bi;
  parties: PartyDraft[];
  samples: SampleDraft[];
}

export function emptyDraft(): IncidentDraft {
  return {
    kind: 'seizure',
    occurredOn: '',
    country: '',
    region: '',
    lat: '',
    lon: '',
    amount: '',
    unit: 'kg',
    form: '',
    text: { description: bi(), packaging: bi(), labelling: bi() },
    routeOrigin: '',
    routeDestination: '',
    transitPoints: '',
    riskType: '',
    edas: Object.fromEntries(EDAS_BI.map((k) => [k, bi()])) as IncidentDraft['edas'],
    identificationMethods: [],
    caseReference: '',
    operationalNotes: bi(),
    parties: [],
    samples: [],
  };
}

const newParty = (): PartyDraft => ({ role: 'suspect', kind: 'person', name: '', identifiers: '', address: '', nationality: '', dateOfBirth: '', notes: bi() });
const newSample = (n: number): SampleDraft => ({ label: `S-${n}`, structure: '', method: 'GC-MS', confidence: 'confirmed', purityPercent: '', spectrumRef: '' });

/** Bilingual text as the API takes it, or undefined when both are empty. */
function biText(v: Bi): { en?: string; zh?: string } | undefined {
  const out: { en?: string; zh?: string } = {};
  if (v.en.trim()) out.en = v.en;
  if (v.zh.trim()) out.zh = v.zh;
  return out.en !== undefined || out.zh !== undefined ? out : undefined;
}
const line = (v: string) => (v.trim() ? v.trim() : undefined);
/** A number as typed; NaN stays NaN so the server names the field rather than the form dropping it. */
const num = (v: string) => (v.trim() ? Number(v.trim()) : undefined);
const list = (v: string) => v.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The draft as the API's incident (fields left empty are left out). */
export function incidentOf(d: IncidentDraft): unknown {
  const lat = num(d.lat);
  const lon = num(d.lon);
  const amount = num(d.amount);
  const edas = strip({ riskType: line(d.riskType), ...Object.fromEntries(EDAS_BI.map((k) => [k, biText(d.edas[k])])), identificationMethods: d.identificationMethods.length ? d.identificationMethods : undefined });
  const route = strip({ origin: line(d.routeOrigin)?.toUpperCase(), destination: line(d.routeDestination)?.toUpperCase(), transitPoints: list(d.transitPoints).length ? list(d.transitPoints) : undefined });
  const operational = strip({ caseReference: line(d.caseReference), notes: biText(d.operationalNotes) });
  return strip({
    kind: d.kind,
    occurredOn: d.occurredOn,
    place: strip({ country: d.country.trim().toUpperCase(), region: line(d.region), coordinates: lat !== undefined || lon !== undefined ? { lat, lon } : undefined }),
    quantity: amount !== undefined ? { amount, unit: d.unit } : undefined,
    form: line(d.form),
    packaging: biText(d.text.packaging),
    labelling: biText(d.text.labelling),
    route: Object.keys(route).length ? route : undefined,
    edas,
    description: biText(d.text.description),
    operational: Object.keys(operational).length ? operational : undefined,
    parties: d.parties.map((p) => ({
      role: p.role,
      kind: p.kind,
      personal: strip({ name: p.name.trim(), identifiers: list(p.identifiers).length ? list(p.identifiers) : undefined, address: line(p.address), nationality: line(p.nationality)?.toUpperCase(), dateOfBirth: line(p.dateOfBirth) }),
      ...(biText(p.notes) ? { notes: biText(p.notes) } : {}),
    })),
    samples: d.samples.map((s) => strip({ label: s.label.trim(), structure: s.structure.trim(), method: s.method, confidence: s.confidence, purityPercent: num(s.purityPercent), spectrumRef: line(s.spectrumRef) })),
  });
}

/** The id of the input for an API field path ("samples.0.structure" → "inc-samples-0-structure"). */
const idOf = (field: string) => `inc-${field.replace(/\./g, '-')}`;

type Invalid = { 'aria-invalid'?: true; 'aria-describedby'?: string };

function Field({ id, label, children, help }: { id: string; label: string; children: ReactNode; help?: string }) {
  return (
    <div className="incident-field">
      <label className="field-label" htmlFor={id}>{label}</label>
      {children}
      {help && <p className="help">{help}</p>}
    </div>
  );
}

/** One free-text field in English and Chinese, side by side. */
function BiInputs({ id, label, value, onChange, rows = 2, invalid }: { id: string; label: string; value: Bi; onChange: (v: Bi) => void; rows?: number; invalid: Invalid }) {
  return (
    <fieldset className="incident-bi">
      <legend>{label}</legend>
      <div>
        <label className="small" htmlFor={`${id}-en`}>EN</label>
        <textarea id={`${id}-en`} lang="en" rows={rows} value={value.en} onChange={(ev) => onChange({ ...value, en: ev.target.value })} {...invalid} />
      </div>
      <div>
        <label className="small" htmlFor={`${id}-zh`}>中文</label>
        <textarea id={`${id}-zh`} lang="zh" rows={rows} value={value.zh} onChange={(ev) => onChange({ ...value, zh: ev.target.value })} {...invalid} />
      </div>
    </fieldset>
  );
}

export function IncidentForm({ onSubmit }: { onSubmit: (input: unknown) => Promise<ApiProblem | undefined> }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<IncidentDraft>(emptyDraft);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const bad = problem?.where?.field;

  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setParty = (i: number, p: Partial<PartyDraft>) => setDraft((d) => ({ ...d, parties: d.parties.map((x, j) => (j === i ? { ...x, ...p } : x)) }));
  const setSample = (i: number, s: Partial<SampleDraft>) => setDraft((d) => ({ ...d, samples: d.samples.map((x, j) => (j === i ? { ...x, ...s } : x)) }));

  /** Marks the input the server named (aria-invalid) and ties it to the error. */
  const invalid = (field: string): Invalid => (bad && (bad === field || bad.startsWith(`${field}.`)) ? { 'aria-invalid': true, 'aria-describedby': errorId } : {});

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    const p = await onSubmit(incidentOf(draft));
    setBusy(false);
    setProblem(p);
    if (!p) {
      setDraft(emptyDraft());
      return;
    }
    // Keep everything typed; move to the field the server named, if it is on the form.
    const field = p.where?.field;
    if (field) {
      const parts = field.split('.');
      for (let n = parts.length; n > 0; n--) {
        const id = idOf(parts.slice(0, n).join('.'));
        const el = document.getElementById(id) ?? document.getElementById(`${id}-en`);
        if (el) {
          el.focus();
          break;
        }
      }
    }
  }

  return (
    <form onSubmit={(ev) => void submit(ev)} className="incident-form" data-testid="incident-form" noValidate aria-describedby={problem ? errorId : undefined}>
      <p className="help">{t('exchange.form.intro')}</p>
      <fieldset>
        <legend>{t('exchange.form.when')}</legend>
        <div className="incident-grid">
          <Field id="inc-kind" label={t('exchange.kind')}>
            <select id="inc-kind" value={draft.kind} onChange={(ev) => set('kind', ev.target.value as IncidentDraft['kind'])}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`exchange.form.kinds.${k}`)}</option>)}
            </select>
          </Field>
          <Field id="inc-occurredOn" label={`${t('exchange.occurredOn')} *`}>
            <input id="inc-occurredOn" type="date" required value={draft.occurredOn} onChange={(ev) => set('occurredOn', ev.target.value)} {...invalid('occurredOn')} />
          </Field>
          <Field id="inc-place-country" label={`${t('exchange.country')} *`} help={t('exchange.form.countryHelp')}>
            <input id="inc-place-country" required maxLength={2} autoComplete="off" value={draft.country} onChange={(ev) => set('country', ev.target.value)} {...invalid('place.country')} />
          </Field>
          <Field id="inc-place-region" label={t('exchange.form.region')}>
            <input id="inc-place-region" value={draft.region} onChange={(ev) => set('region', ev.target.value)} {...invalid('place.region')} />
          </Field>
          <Field id="inc-place-coordinates" label={t('exchange.form.lat')} help={t('exchange.form.operationalHelp')}>
            <input id="inc-place-coordinates" inputMode="decimal" value={draft.lat} onChange={(ev) => set('lat', ev.target.value)} {...invalid('place.coordinates')} />
          </Field>
          <Field id="inc-place-coordinates-lon" label={t('exchange.form.lon')}>
            <input id="inc-place-coordinates-lon" inputMode="decimal" value={draft.lon} onChange={(ev) => set('lon', ev.target.value)} {...invalid('place.coordinates')} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('exchange.quantity')}</legend>
        <div className="incident-grid">
          <Field id="inc-quantity" label={t('exchange.form.amount')}>
            <input id="inc-quantity" inputMode="decimal" value={draft.amount} onChange={(ev) => set('amount', ev.target.value)} {...invalid('quantity')} />
          </Field>
          <Field id="inc-quantity-unit" label={t('exchange.form.unit')}>
            <select id="inc-quantity-unit" value={draft.unit} onChange={(ev) => set('unit', ev.target.value as IncidentDraft['unit'])}>
              {UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </Field>
          <Field id="inc-form" label={t('exchange.form.form')} help={t('exchange.form.formHelp')}>
            <input id="inc-form" value={draft.form} onChange={(ev) => set('form', ev.target.value)} {...invalid('form')} />
          </Field>
        </div>
        {BI_FIELDS.map((k) => (
          <BiInputs key={k} id={`inc-${k}`} invalid={invalid(k)} label={t(`exchange.form.${k}`)} value={draft.text[k]} rows={k === 'description' ? 3 : 2} onChange={(v) => set('text', { ...draft.text, [k]: v })} />
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('exchange.route')}</legend>
        <div className="incident-grid">
          <Field id="inc-route-origin" label={t('exchange.form.routeOrigin')}>
            <input id="inc-route-origin" maxLength={2} value={draft.routeOrigin} onChange={(ev) => set('routeOrigin', ev.target.value)} {...invalid('route.origin')} />
          </Field>
          <Field id="inc-route-destination" label={t('exchange.form.routeDestination')}>
            <input id="inc-route-destination" maxLength={2} value={draft.routeDestination} onChange={(ev) => set('routeDestination', ev.target.value)} {...invalid('route.destination')} />
          </Field>
          <Field id="inc-route-transitPoints" label={t('exchange.form.transitPoints')} help={t('exchange.form.listHelp')}>
            <input id="inc-route-transitPoints" value={draft.transitPoints} onChange={(ev) => set('transitPoints', ev.target.value)} {...invalid('route.transitPoints')} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('exchange.form.edasTitle')}</legend>
        <p className="help">{t('exchange.form.edasHelp')}</p>
        <Field id="inc-edas-riskType" label={t('exchange.edas.riskType')}>
          <input id="inc-edas-riskType" value={draft.riskType} onChange={(ev) => set('riskType', ev.target.value)} {...invalid('edas.riskType')} />
        </Field>
        {EDAS_BI.map((k) => (
          <BiInputs key={k} id={`inc-edas-${k}`} invalid={invalid(`edas.${k}`)} label={t(`exchange.form.edas.${k}`)} value={draft.edas[k]} onChange={(v) => set('edas', { ...draft.edas, [k]: v })} />
        ))}
        <fieldset className="incident-methods">
          <legend>{t('exchange.form.identificationMethods')}</legend>
          {METHODS.map((m) => (
            <label key={m} className="checkbox">
              <input
                type="checkbox"
                checked={draft.identificationMethods.includes(m)}
                onChange={(ev) => set('identificationMethods', ev.target.checked ? [...draft.identificationMethods, m] : draft.identificationMethods.filter((x) => x !== m))}
              />{' '}
              {m}
            </label>
          ))}
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('exchange.operational')}</legend>
        <p className="help">{t('exchange.form.operationalHelp')}</p>
        <Field id="inc-operational-caseReference" label={t('exchange.form.caseReference')}>
          <input id="inc-operational-caseReference" value={draft.caseReference} onChange={(ev) => set('caseReference', ev.target.value)} {...invalid('operational.caseReference')} />
        </Field>
        <BiInputs id="inc-operational-notes" invalid={invalid('operational.notes')} label={t('exchange.form.operationalNotes')} value={draft.operationalNotes} onChange={(v) => set('operationalNotes', v)} />
      </fieldset>

      <fieldset>
        <legend>{t('exchange.parties')}</legend>
        <p className="help">{t('exchange.form.partiesHelp')}</p>
        {draft.parties.map((p, i) => (
          <fieldset key={i} className="incident-item" data-testid={`incident-party-${i}`}>
            <legend>{t('exchange.form.party', { n: i + 1 })}</legend>
            <div className="incident-grid">
              <Field id={`inc-parties-${i}-role`} label={t('exchange.form.role')}>
                <select id={`inc-parties-${i}-role`} value={p.role} onChange={(ev) => setParty(i, { role: ev.target.value as PartyDraft['role'] })}>
                  {ROLES.map((r) => <option key={r} value={r}>{t(`exchange.form.roles.${r}`)}</option>)}
                </select>
              </Field>
              <Field id={`inc-parties-${i}-kind`} label={t('exchange.form.partyKind')}>
                <select id={`inc-parties-${i}-kind`} value={p.kind} onChange={(ev) => setParty(i, { kind: ev.target.value as PartyDraft['kind'] })}>
                  <option value="person">{t('exchange.form.person')}</option>
                  <option value="organisation">{t('exchange.form.organisation')}</option>
                </select>
              </Field>
              <Field id={`inc-parties-${i}-personal-name`} label={`${t('exchange.form.name')} *`}>
                <input id={`inc-parties-${i}-personal-name`} value={p.name} onChange={(ev) => setParty(i, { name: ev.target.value })} {...invalid(`parties.${i}.personal.name`)} />
              </Field>
              <Field id={`inc-parties-${i}-personal-identifiers`} label={t('exchange.form.identifiers')} help={t('exchange.form.listHelp')}>
                <input id={`inc-parties-${i}-personal-identifiers`} value={p.identifiers} onChange={(ev) => setParty(i, { identifiers: ev.target.value })} {...invalid(`parties.${i}.personal.identifiers`)} />
              </Field>
              <Field id={`inc-parties-${i}-personal-address`} label={t('exchange.form.address')}>
                <input id={`inc-parties-${i}-personal-address`} value={p.address} onChange={(ev) => setParty(i, { address: ev.target.value })} {...invalid(`parties.${i}.personal.address`)} />
              </Field>
              <Field id={`inc-parties-${i}-personal-nationality`} label={t('exchange.form.nationality')}>
                <input id={`inc-parties-${i}-personal-nationality`} maxLength={2} value={p.nationality} onChange={(ev) => setParty(i, { nationality: ev.target.value })} {...invalid(`parties.${i}.personal.nationality`)} />
              </Field>
              <Field id={`inc-parties-${i}-personal-dateOfBirth`} label={t('exchange.form.dateOfBirth')}>
                <input id={`inc-parties-${i}-personal-dateOfBirth`} type="date" value={p.dateOfBirth} onChange={(ev) => setParty(i, { dateOfBirth: ev.target.value })} {...invalid(`parties.${i}.personal.dateOfBirth`)} />
              </Field>
            </div>
            <BiInputs id={`inc-parties-${i}-notes`} invalid={invalid(`parties.${i}.notes`)} label={t('exchange.form.notes')} value={p.notes} onChange={(v) => setParty(i, { notes: v })} />
            <button type="button" className="button-secondary" onClick={() => set('parties', draft.parties.filter((_, j) => j !== i))}>{t('exchange.form.remove')}</button>
          </fieldset>
        ))}
        <button type="button" className="button-secondary" data-testid="incident-add-party" onClick={() => set('parties', [...draft.parties, newParty()])}>{t('exchange.form.addParty')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('exchange.samples')}</legend>
        <p className="help">{t('exchange.form.samplesHelp')}</p>
        {draft.samples.map((s, i) => (
          <fieldset key={i} className="incident-item" data-testid={`incident-sample-${i}`}>
            <legend>{t('exchange.form.sample', { n: i + 1 })}</legend>
            <div className="incident-grid">
              <Field id={`inc-samples-${i}-label`} label={`${t('exchange.form.label')} *`}>
                <input id={`inc-samples-${i}-label`} value={s.label} onChange={(ev) => setSample(i, { label: ev.target.value })} {...invalid(`samples.${i}.label`)} />
              </Field>
              <Field id={`inc-samples-${i}-method`} label={t('exchange.form.method')}>
                <select id={`inc-samples-${i}-method`} value={s.method} onChange={(ev) => setSample(i, { method: ev.target.value as SampleDraft['method'] })}>
                  {METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
                </select>
              </Field>
              <Field id={`inc-samples-${i}-confidence`} label={t('exchange.form.confidence')}>
                <select id={`inc-samples-${i}-confidence`} value={s.confidence} onChange={(ev) => setSample(i, { confidence: ev.target.value as SampleDraft['confidence'] })}>
                  {CONFIDENCE.map((c) => <option key={c} value={c}>{t(`exchange.form.confidences.${c}`)}</option>)}
                </select>
              </Field>
              <Field id={`inc-samples-${i}-purityPercent`} label={t('exchange.form.purity')}>
                <input id={`inc-samples-${i}-purityPercent`} inputMode="decimal" value={s.purityPercent} onChange={(ev) => setSample(i, { purityPercent: ev.target.value })} {...invalid(`samples.${i}.purityPercent`)} />
              </Field>
              <Field id={`inc-samples-${i}-spectrumRef`} label={t('exchange.form.spectrumRef')}>
                <input id={`inc-samples-${i}-spectrumRef`} value={s.spectrumRef} onChange={(ev) => setSample(i, { spectrumRef: ev.target.value })} {...invalid(`samples.${i}.spectrumRef`)} />
              </Field>
            </div>
            <Field id={`inc-samples-${i}-structure`} label={`${t('exchange.form.structure')} *`} help={t('exchange.form.structureHelp')}>
              <textarea id={`inc-samples-${i}-structure`} rows={2} spellCheck={false} className="mono" value={s.structure} onChange={(ev) => setSample(i, { structure: ev.target.value })} {...invalid(`samples.${i}.structure`)} />
            </Field>
            <button type="button" className="button-secondary" onClick={() => set('samples', draft.samples.filter((_, j) => j !== i))}>{t('exchange.form.remove')}</button>
          </fieldset>
        ))}
        <button type="button" className="button-secondary" data-testid="incident-add-sample" onClick={() => set('samples', [...draft.samples, newSample(draft.samples.length + 1)])}>{t('exchange.form.addSample')}</button>
      </fieldset>

      <div id={errorId}>{problem && <ErrorBox problem={problem} />}</div>
      <button type="submit" className="button-primary" data-testid="incident-submit" disabled={busy}>{t('exchange.create')}</button>
    </form>
  );
}
