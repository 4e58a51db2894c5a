/**
 * The exchange page's calls to /api/exchange (src/server/routes/exchange.ts). Every call resolves to a
 * value (data or an ApiProblem with its code), as in api/client.ts; the DTOs are the server's own types.
 */
import type { AttachmentInfo } from '../../../src/exchange/attachments.js';
import type { AuditEntry } from '../../../src/exchange/audit.js';
import type { Incident, IncidentSummary, SharingScope } from '../../../src/exchange/model.js';
import type { ImportResult, Partner } from '../../../src/exchange/store.js';
import { apiRequest, type ApiResult } from '../api/client.js';

export type { AttachmentInfo, AuditEntry, Incident, IncidentSummary, ImportResult, Partner, SharingScope };
export type Result<T> = ApiResult<T>;

/** The one API client (web/src/api/client.ts): JSON, the session cookie, errors as values. */
const call = apiRequest;

const map = <A, B>(r: Result<A>, f: (a: A) => B): Result<B> => (r.ok ? { ok: true, value: f(r.value) } : r);

export const listIncidents = async () => map(await call<{ incidents: IncidentSummary[] }>('/api/exchange/incidents?limit=500'), (v) => v.incidents);
export const getIncident = async (uid: string) => map(await call<{ incident: Incident }>(`/api/exchange/incidents/${encodeURIComponent(uid)}`), (v) => v.incident);
export const createIncident = async (input: unknown) => map(await call<{ incident: Incident }>('/api/exchange/incidents', { method: 'POST', body: JSON.stringify(input) }), (v) => v.incident);
export const setSharing = async (uid: string, sharing: { scope: SharingScope; agencies: number[]; release: { personal: boolean; operational: boolean } }) =>
  map(await call<{ incident: Incident }>(`/api/exchange/incidents/${encodeURIComponent(uid)}/sharing`, { method: 'PUT', body: JSON.stringify(sharing) }), (v) => v.incident);
export const listPartners = async () => map(await call<{ agencies: Partner[] }>('/api/exchange/partners'), (v) => v.agencies);
export const listAudit = async () => map(await call<{ entries: AuditEntry[] }>('/api/exchange/audit?limit=200'), (v) => v.entries);
export const importPackage = (pkg: unknown) => call<ImportResult>('/api/exchange/import', { method: 'POST', body: JSON.stringify(pkg) });
export const getKey = () => call<{ keyId: string; publicKey: string; pem: string }>('/api/exchange/key');

/** The package file's text, for download. */
export async function exportPackage(selection: { from?: string; to?: string; incidents?: string[] }): Promise<Result<{ text: string; name: string }>> {
  const r = await call<{ package: { id: string } }>('/api/exchange/export', { method: 'POST', body: JSON.stringify(selection) });
  return map(r, (pkg) => ({ text: `${JSON.stringify(pkg, null, 2)}\n`, name: `narcotrace-package-${pkg.package.id}.json` }));
}

/** Attaches a file (sent as JSON with the bytes in base64; the server checks size and type by content). */
export const uploadAttachment = async (uid: string, body: { filename: string; contentType: string; kind: AttachmentInfo['kind']; sample?: string; data: string }) =>
  map(await call<{ attachment: AttachmentInfo }>(`/api/exchange/incidents/${encodeURIComponent(uid)}/attachments`, { method: 'POST', body: JSON.stringify(body) }), (v) => v.attachment);

/** Where an attachment is downloaded (the session cookie authorises it; the server sends it as a file). */
export const attachmentUrl = (uid: string, id: string) => `/api/exchange/incidents/${encodeURIComponent(uid)}/attachments/${encodeURIComponent(id)}`;
