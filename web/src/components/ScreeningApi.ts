/**
 * The screening page's calls to /api/screening (src/server/routes/screening.ts). Every call resolves to
 * a value (data or an ApiProblem with its code), as in api/client.ts; the DTOs are the server's own types.
 */
import type { PartyHit } from '../../../src/screening/match.js';
import type { ControlStatus, JurisdictionStatus, ProductScreening, ThresholdCheck } from '../../../src/screening/product.js';
import type { DesignerHit } from '../../../src/screening/designer.js';
import type { Decision, RedFlag } from '../../../src/screening/red-flags.js';
import type { PartyScreening, ScreeningResult } from '../../../src/screening/screening.js';
import type { ListVersion, ReviewDecision, StoredScreening } from '../../../src/screening/store.js';
import { apiRequest, type ApiResult } from '../api/client.js';

export type { ControlStatus, Decision, DesignerHit, JurisdictionStatus, ListVersion, PartyHit, PartyScreening, ProductScreening, RedFlag, ReviewDecision, ScreeningResult, StoredScreening, ThresholdCheck };
export type ScreeningSummary = Omit<StoredScreening, 'order' | 'result' | 'decisions'>;
export type Result<T> = ApiResult<T>;

/** The one API client (web/src/api/client.ts): JSON, the session cookie, errors as values. */
const call = apiRequest;

const map = <A, B>(r: Result<A>, f: (a: A) => B): Result<B> => (r.ok ? { ok: true, value: f(r.value) } : r);
const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export const screenOrder = (order: unknown, store = true) => call<{ id?: number; result: ScreeningResult }>('/api/screening/orders', post({ order, store }));
export const listScreenings = async (limit = 100) => map(await call<{ screenings: ScreeningSummary[] }>(`/api/screening/orders?limit=${limit}`), (v) => v.screenings);
export const getScreening = async (id: number) => map(await call<{ screening: StoredScreening }>(`/api/screening/orders/${encodeURIComponent(String(id))}`), (v) => v.screening);
export const recordDecision = (id: number, decision: Decision, reason: string) => call<{ id: number; decision: Decision }>(`/api/screening/orders/${encodeURIComponent(String(id))}/decision`, post({ decision, reason }));
export const listVersions = async () => map(await call<{ versions: ListVersion[] }>('/api/screening/lists'), (v) => v.versions);
export const importList = async (input: { format: 'ofac-sdn' | 'csv'; contentBase64: string; fileName?: string; list?: string; version?: string }) =>
  map(await call<{ version: ListVersion }>('/api/screening/lists', post(input)), (v) => v.version);
export const screenParty = (name: string, country?: string) => call<{ query: string; hits: PartyHit[]; lists: { list: string; version?: string }[] }>('/api/screening/party', post({ name, ...(country ? { country } : {}) }));

/** A file's bytes in base64 (list files are Latin-1 or UTF-8; the server decides). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
