/**
 * The one place the UI talks to the server. Every call resolves to a value: either the data or an
 * ApiProblem with a stable code, so pages never have to catch.
 */
import type {
  Agency,
  AgencyKind,
  ApiProblem,
  ClassRule,
  Job,
  JurisdictionInfo,
  Me,
  Role,
  RulesResponse,
  SearchHit,
  Substance,
  TokenInfo,
  User,
  Verdict,
} from './types.js';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

/** Client-side codes, for failures that never reached the server's error contract. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const BAD_RESPONSE = 'BAD_RESPONSE';

function isProblem(x: unknown): x is ApiProblem {
  return typeof x === 'object' && x !== null && typeof (x as ApiProblem).code === 'string' && typeof (x as ApiProblem).message === 'string';
}

/**
 * Dispatched on window when the server answers 401 to a request made with a session, i.e. the session
 * ended (expired, signed out in another tab). The auth context (web/src/auth.tsx) re-reads who is
 * asking. Sign-in and password change answer 401 for a wrong password, which is not a lost session.
 */
export const SESSION_LOST = 'narcotrace:session-lost';
const WRONG_PASSWORD_IS_401 = ['/api/auth/login', '/api/auth/password'];

/**
 * Every call to the API goes through here (the modules' page APIs too): JSON in and out, the session
 * cookie, a lost session announced once, and every failure as an ApiProblem value.
 */
export async function apiRequest<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    // The session is an HttpOnly cookie the server sets; same-origin requests carry it.
    const headers = new Headers(init?.headers);
    headers.set('accept', 'application/json');
    if (typeof init?.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    response = await fetch(url, { credentials: 'same-origin', ...init, headers });
  } catch (err) {
    return { ok: false, problem: { code: NETWORK_ERROR, message: err instanceof Error ? err.message : String(err) } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, problem: { code: BAD_RESPONSE, message: `HTTP ${response.status} ${response.statusText}` } };
  }
  if (response.status === 401 && !WRONG_PASSWORD_IS_401.includes(url) && typeof window !== 'undefined') {
    window.dispatchEvent(new Event(SESSION_LOST));
  }
  const maybeError = (body as { ok?: unknown; error?: unknown } | null)?.error;
  if ((body as { ok?: unknown } | null)?.ok === false || !response.ok) {
    if (isProblem(maybeError)) return { ok: false, problem: maybeError };
    if (isProblem(body)) return { ok: false, problem: body };
    return { ok: false, problem: { code: BAD_RESPONSE, message: `HTTP ${response.status} ${response.statusText}` } };
  }
  return { ok: true, value: body as T };
}

/** A mutating request: the server requires a JSON body (an empty object when there is nothing to send). */
function send<T>(url: string, body: unknown = {}, signal?: AbortSignal): Promise<ApiResult<T>> {
  return apiRequest<T>(url, { method: 'POST', body: JSON.stringify(body), signal });
}

export interface ClassifyRequest {
  structure: string;
  asOf?: string;
  jurisdictions?: string[];
}

export function classify(req: ClassifyRequest, signal?: AbortSignal): Promise<ApiResult<Verdict>> {
  return send<Verdict>('/api/classify', req, signal);
}

let jurisdictionsCache: Promise<ApiResult<JurisdictionInfo[]>> | undefined;
/** The jurisdictions the server classifies under, with their names; fetched once per page load (a failure is retried). */
export function getJurisdictions(): Promise<ApiResult<JurisdictionInfo[]>> {
  jurisdictionsCache ??= apiRequest<{ jurisdictions?: JurisdictionInfo[] }>('/api/jurisdictions').then((r): ApiResult<JurisdictionInfo[]> => {
    if (!r.ok) {
      jurisdictionsCache = undefined;
      return r;
    }
    if (!Array.isArray(r.value.jurisdictions)) {
      jurisdictionsCache = undefined;
      return { ok: false, problem: { code: BAD_RESPONSE, message: 'GET /api/jurisdictions: no jurisdictions array' } };
    }
    return { ok: true, value: r.value.jurisdictions };
  });
  return jurisdictionsCache;
}

// --- Sign-in and who is asking ---

export async function getMe(): Promise<ApiResult<Me | null>> {
  const r = await apiRequest<{ user: Me | null }>('/api/auth/me');
  return r.ok ? { ok: true, value: r.value.user ?? null } : r;
}

export async function login(username: string, password: string): Promise<ApiResult<Me>> {
  const r = await send<{ user: Me }>('/api/auth/login', { username, password });
  return r.ok ? { ok: true, value: r.value.user } : r;
}

export function logout(): Promise<ApiResult<{ ok: true }>> {
  return send('/api/auth/logout');
}

export function changePassword(currentPassword: string, newPassword: string): Promise<ApiResult<{ ok: true }>> {
  return send('/api/auth/password', { currentPassword, newPassword });
}

// --- API tokens (one's own) ---

export async function listTokens(): Promise<ApiResult<TokenInfo[]>> {
  const r = await apiRequest<{ tokens: TokenInfo[] }>('/api/tokens');
  return r.ok ? { ok: true, value: r.value.tokens ?? [] } : r;
}

export function createToken(req: { name: string; expiresInDays?: number }): Promise<ApiResult<{ token: TokenInfo; secret: string }>> {
  return send('/api/tokens', req);
}

export async function revokeToken(id: number): Promise<ApiResult<TokenInfo>> {
  const r = await send<{ token: TokenInfo }>(`/api/tokens/${encodeURIComponent(String(id))}/revoke`);
  return r.ok ? { ok: true, value: r.value.token } : r;
}

// --- Agencies and users (admins) ---

export async function listAgencies(): Promise<ApiResult<Agency[]>> {
  const r = await apiRequest<{ agencies: Agency[] }>('/api/agencies');
  return r.ok ? { ok: true, value: r.value.agencies ?? [] } : r;
}

export async function createAgency(req: { name: string; kind: AgencyKind; jurisdiction?: string }): Promise<ApiResult<Agency>> {
  const r = await send<{ agency: Agency }>('/api/agencies', req);
  return r.ok ? { ok: true, value: r.value.agency } : r;
}

export async function listUsers(agencyId?: number): Promise<ApiResult<User[]>> {
  const r = await apiRequest<{ users: User[] }>(agencyId === undefined ? '/api/users' : `/api/users?${new URLSearchParams({ agency: String(agencyId) })}`);
  return r.ok ? { ok: true, value: r.value.users ?? [] } : r;
}

export async function createUser(req: { username: string; displayName?: string; role: Role; password: string; agencyId?: number }): Promise<ApiResult<User>> {
  const r = await send<{ user: User }>('/api/users', req);
  return r.ok ? { ok: true, value: r.value.user } : r;
}

// --- Bulk jobs ---

export async function submitClassifyJob(req: { structures: string[]; asOf?: string; jurisdictions?: string[] }): Promise<ApiResult<Job>> {
  const r = await send<{ job: Job }>('/api/jobs/classify', req);
  return r.ok ? { ok: true, value: r.value.job } : r;
}

export async function listJobs(signal?: AbortSignal): Promise<ApiResult<Job[]>> {
  const r = await apiRequest<{ jobs: Job[] }>('/api/jobs', { signal });
  return r.ok ? { ok: true, value: r.value.jobs ?? [] } : r;
}

export async function cancelJob(id: string): Promise<ApiResult<Job>> {
  const r = await send<{ job: Job }>(`/api/jobs/${encodeURIComponent(id)}/cancel`);
  return r.ok ? { ok: true, value: r.value.job } : r;
}

/** Where a finished job's verdicts are (NDJSON, one per input line, in input order; or a CSV or SDF summary); the session cookie authorises the download. */
export function jobResultUrl(id: string, format: 'jsonl' | 'csv' | 'sdf' = 'jsonl'): string {
  return `/api/jobs/${encodeURIComponent(id)}/result${format === 'jsonl' ? '' : `?format=${format}`}`;
}

export interface SearchQuery {
  q?: string;
  jurisdiction?: string;
  list?: string;
  limit?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matches before the limit was applied. */
  total: number;
}

export async function searchSubstances(query: SearchQuery, signal?: AbortSignal): Promise<ApiResult<SearchResult>> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, String(v));
  const r = await apiRequest<{ hits?: SearchHit[]; results?: SearchHit[]; total?: number }>(`/api/substances?${params}`, { signal });
  if (!r.ok) return r;
  // The API answers { q, total, hits }; `results` is accepted from older servers.
  const hits = r.value.hits ?? r.value.results ?? [];
  return { ok: true, value: { hits, total: r.value.total ?? hits.length } };
}

export function getSubstance(id: string, signal?: AbortSignal): Promise<ApiResult<Substance>> {
  return apiRequest(`/api/substances/${encodeURIComponent(id)}`, { signal });
}

let rulesCache: Promise<ApiResult<RulesResponse>> | undefined;
/** Rules and list metadata change only with a data release, so one fetch per page load is enough. */
export function getRules(): Promise<ApiResult<RulesResponse>> {
  rulesCache ??= apiRequest<RulesResponse>('/api/rules').then((r) => {
    if (!r.ok) rulesCache = undefined;
    return r;
  });
  return rulesCache;
}

export function findRule(rules: readonly ClassRule[], id: string): ClassRule | undefined {
  return rules.find((r) => r.id === id);
}

export interface DepictOptions {
  /** Unmodified core atoms (one colour). */
  core?: number[];
  /** Atoms of the modifications a clause allows (another colour). */
  modified?: number[];
  /** Atoms to highlight in the server's single highlight colour. */
  highlight?: number[];
  width?: number;
  height?: number;
}

/** URL of the server-drawn SVG of a SMILES (RDKit), optionally with highlighted atoms. */
export function depictUrl(smiles: string, options: DepictOptions = {}): string {
  const params = new URLSearchParams({ smiles });
  const set = (name: string, atoms?: number[]) => atoms?.length && params.set(name, atoms.join(','));
  set('core', options.core);
  set('modified', options.modified);
  set('highlight', options.highlight);
  if (options.width) params.set('width', String(options.width));
  if (options.height) params.set('height', String(options.height));
  return `/api/depict?${params}`;
}
