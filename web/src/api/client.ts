/**
 * The one place the UI talks to the server. Every call resolves to a value: either the data or an
 * ApiProblem with a stable code, so pages never have to catch.
 */
import type { ApiProblem, ClassRule, Jurisdiction, RulesResponse, SearchHit, Substance, Verdict } from './types.js';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

/** Client-side codes, for failures that never reached the server's error contract. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const BAD_RESPONSE = 'BAD_RESPONSE';

function isProblem(x: unknown): x is ApiProblem {
  return typeof x === 'object' && x !== null && typeof (x as ApiProblem).code === 'string' && typeof (x as ApiProblem).message === 'string';
}

async function request<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch (err) {
    return { ok: false, problem: { code: NETWORK_ERROR, message: err instanceof Error ? err.message : String(err) } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, problem: { code: BAD_RESPONSE, message: `HTTP ${response.status} ${response.statusText}` } };
  }
  const maybeError = (body as { ok?: unknown; error?: unknown } | null)?.error;
  if ((body as { ok?: unknown } | null)?.ok === false || !response.ok) {
    if (isProblem(maybeError)) return { ok: false, problem: maybeError };
    if (isProblem(body)) return { ok: false, problem: body };
    return { ok: false, problem: { code: BAD_RESPONSE, message: `HTTP ${response.status} ${response.statusText}` } };
  }
  return { ok: true, value: body as T };
}

export interface ClassifyRequest {
  structure: string;
  asOf?: string;
  jurisdictions?: Jurisdiction[];
}

export function classify(req: ClassifyRequest, signal?: AbortSignal): Promise<ApiResult<Verdict>> {
  return request<Verdict>('/api/classify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req),
    signal,
  });
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
  const r = await request<{ hits?: SearchHit[]; results?: SearchHit[]; total?: number }>(`/api/substances?${params}`, { signal });
  if (!r.ok) return r;
  // The API answers { q, total, hits }; `results` is accepted from older servers.
  const hits = r.value.hits ?? r.value.results ?? [];
  return { ok: true, value: { hits, total: r.value.total ?? hits.length } };
}

export function getSubstance(id: string, signal?: AbortSignal): Promise<ApiResult<Substance>> {
  return request(`/api/substances/${encodeURIComponent(id)}`, { signal });
}

let rulesCache: Promise<ApiResult<RulesResponse>> | undefined;
/** Rules and list metadata change only with a data release, so one fetch per page load is enough. */
export function getRules(): Promise<ApiResult<RulesResponse>> {
  rulesCache ??= request<RulesResponse>('/api/rules').then((r) => {
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
