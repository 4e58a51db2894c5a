/**
 * Field-level redaction: the one place that decides what a reader of another agency sees. Suspects'
 * personal data (each party's `personal`) and operational details (the exact coordinates, the case
 * reference and operational notes, and the attachments: photos and spectra files) stay with the owner
 * unless the owner released them. The API, the
 * UI and exported packages all go through `viewFor`. Pure.
 */
import type { AttachmentInfo } from './attachments.js';
import type { Incident, IncidentContent, Origin, Party, Sample, SharingScope } from './model.js';

/** An incident as stored: whole for a local record; as received (already redacted) for an imported one. */
export interface StoredIncident {
  uid: string;
  ownerAgencyId: number;
  origin: Origin | null;
  sharing: { scope: SharingScope; agencies: number[] };
  release: { personal: boolean; operational: boolean };
  content: IncidentContent & { operational?: IncidentContent['operational'] | null };
  parties: Party[];
  samples: Sample[];
  /** Local records only: packages do not carry attachments (docs/exchange.md). */
  attachments: AttachmentInfo[];
  /** Fields the origin withheld before it reached here (imported records). */
  redactedAtOrigin: string[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export const PERSONAL = 'parties.personal';
export const COORDINATES = 'place.coordinates';
export const OPERATIONAL = 'operational';
/** Photos and spectra files are operational detail: they go with `release.operational`. */
export const ATTACHMENTS = 'attachments';

/** What `viewerAgencyId` sees of `record` (undefined viewer: anyone else, e.g. the recipient of a package). */
export function viewFor(viewerAgencyId: number | undefined, record: StoredIncident): Incident {
  const owner = viewerAgencyId === record.ownerAgencyId;
  const redacted = new Set(record.redactedAtOrigin);
  const { operational, place, ...rest } = record.content;
  let shownPlace = place;
  let shownOperational = operational ?? null;
  let parties = record.parties;
  let attachments = record.attachments;
  if (!owner && !record.release.operational) {
    if (place.coordinates) redacted.add(COORDINATES);
    if (operational) redacted.add(OPERATIONAL);
    if (attachments.length > 0) redacted.add(ATTACHMENTS);
    attachments = [];
    shownPlace = { country: place.country, ...(place.region ? { region: place.region } : {}) };
    shownOperational = null;
  }
  if (!owner && !record.release.personal) {
    if (parties.some((p) => p.personal)) redacted.add(PERSONAL);
    parties = parties.map((p) => ({ ...p, personal: null }));
  }
  return {
    ...rest,
    place: shownPlace,
    operational: shownOperational,
    uid: record.uid,
    ownerAgencyId: record.ownerAgencyId,
    origin: record.origin,
    editable: owner && record.origin === null,
    // Whom else the owner shares with is the owner's business.
    sharing: owner ? record.sharing : { scope: record.sharing.scope, agencies: [] },
    release: record.release,
    redacted: [...redacted].sort(),
    parties,
    samples: record.samples,
    attachments,
    revision: record.revision,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
