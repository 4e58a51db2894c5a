/** Incidents written by the tests: one with every field, personal data and operational details to withhold. */
import { IncidentInput } from '../model.js';
import type { IncidentWrite } from '../store.js';

export const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
export const ACETYLFENTANYL = 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';

export function seizure(overrides: Partial<IncidentInput> = {}): IncidentInput {
  return {
    kind: 'seizure',
    occurredOn: '2026-03-14',
    place: { country: 'US', region: 'California', coordinates: { lat: 32.54, lon: -117.03 } },
    quantity: { amount: 2.4, unit: 'kg' },
    form: 'powder',
    packaging: { en: 'Vacuum-sealed bags inside a pump housing', zh: '泵壳内的真空密封袋' },
    labelling: { en: 'Labelled "industrial pump parts"' },
    route: { origin: 'MX', destination: 'US', transitPoints: ['Tijuana'] },
    edas: {
      riskType: 'new psychoactive substance',
      riskOrigin: { en: 'Illicit manufacture' },
      meansOfExposure: { en: 'Inhalation, injection' },
      toxicology: { en: 'Two non-fatal overdoses reported locally' },
      identificationMethods: ['GC-MS', 'NMR'],
      healthRisks: { en: 'High potency opioid', zh: '高效力阿片类物质' },
      socialRisks: { en: 'Street sales' },
      securityRisks: { en: 'Cross-border trafficking' },
      measuresTaken: { en: 'Shipment seized; importer under investigation' },
    },
    description: { en: 'Fentanyl found in a commercial shipment', zh: '在商业货物中发现芬太尼' },
    operational: { caseReference: 'CASE-2026-0042', notes: { en: 'Controlled delivery planned for 2026-03-20' } },
    parties: [
      { role: 'consignee', kind: 'organisation', personal: { name: 'Acme Pump Imports LLC', identifiers: ['EIN 12-3456789'], address: '1 Harbor Rd, San Diego' } },
      { role: 'suspect', kind: 'person', personal: { name: 'John Roe', nationality: 'US', dateOfBirth: '1980-02-29' }, notes: { en: 'Driver' } },
    ],
    samples: [{ label: 'S-1', structure: FENTANYL, method: 'GC-MS', confidence: 'confirmed', purityPercent: 38 }],
    ...overrides,
  };
}

/** An incident as the store takes it, with a made-up classification (store tests do not classify). */
export function writeOf(input: unknown = seizure()): IncidentWrite {
  const { parties, samples, ...content } = IncidentInput.parse(input);
  return {
    content,
    parties,
    samples: samples.map((s) => ({
      ...s,
      result: { ok: true, smiles: FENTANYL, inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', controlled: { US: true, CN: true }, needsReview: false, errorCode: null, asOf: content.occurredOn, dataVersion: 'test' },
    })),
  };
}

