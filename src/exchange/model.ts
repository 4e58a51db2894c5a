/**
 * The records the exchange module keeps: incidents (seizures, stopped shipments, diversion attempts)
 * with the EDAS notification fields (EU Reg. 2023/1322 Art. 13), their linked parties, and their
 * samples with the analytical result (the substance as a structure, classified by src/law).
 *
 * Input is written once in zod: the API body, the CLI's JSON file and the records inside an exchange
 * package are validated by these schemas. Free text is bilingual (`{ en?, zh? }`). Pure: no I/O.
 */
import { z } from 'zod';
import { CalendarDate } from '../law/dates.js';
import type { AttachmentInfo } from './attachments.js';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A short text: trimmed, no control characters. */
export const Line = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

/** Free text in either or both languages; stored as given (it is data, never markup or SQL). */
export const BiText = z
  .object({
    en: z.string().max(20_000).refine((s) => !CONTROL.test(s), 'must not contain control characters').optional(),
    zh: z.string().max(20_000).refine((s) => !CONTROL.test(s), 'must not contain control characters').optional(),
  })
  .strict()
  .refine((t) => (t.en ?? '').trim() !== '' || (t.zh ?? '').trim() !== '', 'needs text in English (en) or Chinese (zh)');
export type BiText = z.infer<typeof BiText>;

const Country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. US, CN');

export { CalendarDate };

export const INCIDENT_KINDS = ['seizure', 'stopped-shipment', 'diversion-attempt', 'other'] as const;
export const PARTY_ROLES = ['consignor', 'consignee', 'suspect', 'carrier', 'broker', 'manufacturer', 'other'] as const;
export const METHODS = ['GC-MS', 'NMR', 'FTIR', 'LC-HRMS', 'Raman', 'other'] as const;
export const CONFIDENCE = ['confirmed', 'probable', 'presumptive'] as const;
export const SHARING_SCOPES = ['private', 'agencies', 'all'] as const;
export type SharingScope = (typeof SHARING_SCOPES)[number];

/** A party linked to an incident. `personal` is the suspects' personal data: withheld from others unless released. */
export const PartyInput = z
  .object({
    role: z.enum(PARTY_ROLES),
    kind: z.enum(['person', 'organisation']),
    personal: z
      .object({
        name: Line(300),
        identifiers: z.array(Line(200)).max(20).optional().describe('Passport, company registration, phone, e-mail …'),
        address: Line(1000).optional(),
        nationality: Country.optional(),
        dateOfBirth: CalendarDate.optional(),
      })
      .strict(),
    notes: BiText.optional(),
  })
  .strict();
export type PartyInput = z.infer<typeof PartyInput>;

/** A sample and its analytical result; `structure` (SMILES, molfile, name, CAS …) is classified by src/law. */
export const SampleInput = z
  .object({
    label: Line(200),
    structure: z.string().min(1).max(200_000).describe('The substance identified: SMILES, InChI, molfile, registry name or CAS.'),
    method: z.enum(METHODS),
    confidence: z.enum(CONFIDENCE),
    purityPercent: z.number().min(0).max(100).optional(),
    spectrumRef: Line(500).optional().describe('A link to the spectral library search that identified it (e.g. a spectra search id or URL).'),
    notes: BiText.optional(),
  })
  .strict();
export type SampleInput = z.infer<typeof SampleInput>;

/** An incident as written by its owner (create, or edit: the whole record). */
export const IncidentInput = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    occurredOn: CalendarDate,
    place: z
      .object({
        country: Country,
        region: Line(200).optional(),
        /** Operational detail: withheld from others unless released. */
        coordinates: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict().optional(),
      })
      .strict(),
    quantity: z.object({ amount: z.number().positive().max(1e12), unit: z.enum(['mg', 'g', 'kg', 't', 'ml', 'l', 'tablets', 'units']) }).strict().optional(),
    form: Line(200).optional().describe('powder, tablets, liquid, blotter …'),
    packaging: BiText.optional(),
    labelling: BiText.optional(),
    route: z
      .object({ origin: Country.optional(), destination: Country.optional(), transitPoints: z.array(Line(200)).max(50).default([]) })
      .strict()
      .optional(),
    /** The EDAS notification fields of EU Reg. 2023/1322 Art. 13 (date and place are `occurredOn` and `place`; analytical data are the samples). */
    edas: z
      .object({
        riskType: Line(200).optional(),
        riskOrigin: BiText.optional(),
        meansOfExposure: BiText.optional(),
        toxicology: BiText.optional(),
        identificationMethods: z.array(z.enum(METHODS)).max(10).optional(),
        healthRisks: BiText.optional(),
        socialRisks: BiText.optional(),
        securityRisks: BiText.optional(),
        measuresTaken: BiText.optional(),
      })
      .strict()
      .default({}),
    description: BiText.optional(),
    /** Operational details: withheld from others unless released. */
    operational: z.object({ caseReference: Line(200).optional(), notes: BiText.optional() }).strict().optional(),
    parties: z.array(PartyInput).max(100).default([]),
    samples: z.array(SampleInput).max(100).default([]),
  })
  .strict();
export type IncidentInput = z.infer<typeof IncidentInput>;

export const SharingInput = z
  .object({
    scope: z.enum(SHARING_SCOPES),
    agencies: z.array(z.number().int().positive()).max(200).default([]).describe('The agencies it is shared with, when scope is "agencies".'),
    release: z
      .object({ personal: z.boolean(), operational: z.boolean() })
      .strict()
      .default({ personal: false, operational: false })
      .describe('Release the parties’ personal data and the operational details to those it is shared with.'),
  })
  .strict()
  .refine((s) => s.scope === 'agencies' || s.agencies.length === 0, { message: 'agencies are named only when scope is "agencies"', path: ['agencies'] });
export type SharingInput = z.infer<typeof SharingInput>;

/** The incident's content as stored (everything but parties and samples, which are rows of their own). */
export type IncidentContent = Omit<IncidentInput, 'parties' | 'samples'>;

/** Per jurisdiction: whether the substance was controlled on `asOf`, as src/law answered. */
export interface SampleResult {
  ok: boolean;
  smiles: string | null;
  inchikey: string | null;
  controlled: Record<string, boolean>;
  needsReview: boolean;
  /** The code when the structure could not be read. */
  errorCode: string | null;
  asOf: string;
  /** The rule and registry versions that produced the verdict (Classifier.dataVersion). */
  dataVersion: string;
}

export interface Sample extends Omit<SampleInput, 'structure'> {
  structure: string;
  result: SampleResult;
}

export interface Party {
  role: PartyInput['role'];
  kind: PartyInput['kind'];
  /** null when withheld from this reader. */
  personal: PartyInput['personal'] | null;
  notes?: BiText;
}

/** Where an imported record came from; null for a local record. */
export interface Origin {
  agency: string;
  keyId: string;
  packageId: string;
}

/** One incident as a reader sees it: redacted unless the reader's agency owns it or the fields are released. */
export interface Incident extends Omit<IncidentContent, 'operational'> {
  uid: string;
  ownerAgencyId: number;
  origin: Origin | null;
  /** Whether the reader may edit it: their agency owns it and it is not imported. */
  editable: boolean;
  sharing: { scope: SharingScope; agencies: number[] };
  release: { personal: boolean; operational: boolean };
  /** The fields withheld from this reader (e.g. "parties.personal", "place.coordinates", "operational"). */
  redacted: string[];
  operational: IncidentContent['operational'] | null;
  parties: Party[];
  samples: Sample[];
  /** Spectra files and photos (what they are; their bytes are fetched on their own). Operational detail: withheld ("attachments") unless released. */
  attachments: AttachmentInfo[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentSummary {
  uid: string;
  kind: IncidentInput['kind'];
  occurredOn: string;
  country: string;
  ownerAgencyId: number;
  originAgency: string | null;
  sharing: SharingScope;
  samples: number;
  /** The InChIKeys of its samples' substances. */
  substances: string[];
  updatedAt: string;
}
