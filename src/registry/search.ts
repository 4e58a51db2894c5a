/**
 * Look-up of registry substances by the words people type: names (English and Chinese), pinyin,
 * synonyms and code names, CAS numbers and InChIKeys. Bad queries throw ProblemError with a stable code.
 */
import { pinyin } from 'pinyin-pro';
import { problem, ProblemError } from '../problems.js';
import { casFromDigits, casProblem, looksLikeCas } from './cas.js';
import type { SearchHit, SearchOptions, Substance } from './types.js';

export const MAX_QUERY_CHARS = 256;

const GREEK: Record<string, string> = { α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ω: 'omega' };

/** Case-, punctuation- and whitespace-insensitive form of a name; Greek letters spelled out (α → alpha). */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[αβγδω]/g, (c) => GREEK[c])
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const CJK = /[\u3400-\u9fff]/;

/** Toneless pinyin of a Chinese name, normalised like any other name ("芬太尼" → "fentaini"). */
export function pinyinKey(zh: string): string {
  return normaliseName(pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(''));
}

/** Levenshtein distance, or max + 1 as soon as it is certain to exceed max. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

/** Typos tolerated: none for short names (ANPP and NPP are different substances), 1 up to 8 characters, 2 beyond. */
export function allowedTypos(normalisedQuery: string): number {
  const n = [...normalisedQuery].length;
  if (CJK.test(normalisedQuery)) return n >= 5 ? 1 : 0;
  return n <= 4 ? 0 : n <= 8 ? 1 : 2;
}

interface NameKey {
  key: string;
  matchedBy: 'name' | 'synonym' | 'pinyin';
  substance: Substance;
}

const EXACT_SCORE = { name: 1, synonym: 0.97, pinyin: 0.95 } as const;

export function validateQuery(query: unknown): string {
  if (typeof query !== 'string') throw new ProblemError(problem('INVALID_QUERY', 'The query must be text.'));
  if (query.length > MAX_QUERY_CHARS)
    throw new ProblemError(problem('INVALID_QUERY', `The query is ${query.length.toLocaleString('en')} characters; at most ${MAX_QUERY_CHARS} are accepted.`));
  if (/[\u0000-\u001F\u007F-\u009F\uFFFD]/.test(query))
    throw new ProblemError(problem('INVALID_QUERY', 'The query contains control characters; give a name, CAS number or InChIKey.'));
  const trimmed = query.trim();
  if (!trimmed) throw new ProblemError(problem('INVALID_QUERY', 'The query is empty; give a name, CAS number or InChIKey.'));
  return trimmed;
}

export class SubstanceSearch {
  private readonly keys: NameKey[] = [];
  private readonly byKey = new Map<string, Substance[]>();
  private readonly bySkeleton = new Map<string, Substance[]>();
  private readonly byCas = new Map<string, Substance[]>();
  private readonly bySaltCas = new Map<string, Substance[]>();
  private readonly byParent = new Map<string, Substance[]>();
  private readonly inorganicByFormula = new Map<string, Substance[]>();

  constructor(substances: readonly Substance[]) {
    for (const s of substances) {
      // A substance that no structure represents (form 'none') is found by name and CAS number only.
      if (s.inchikey) {
        push(this.byKey, s.inchikey, s);
        push(this.bySkeleton, s.inchikey.slice(0, 14), s);
      }
      if (s.parentInchikey) push(this.byParent, s.parentInchikey, s);
      if (s.form === 'inorganic') push(this.inorganicByFormula, s.formula, s);
      for (const cas of s.cas) push(this.byCas, cas, s);
      for (const { cas } of s.saltCas ?? []) push(this.bySaltCas, cas, s);
      const add = (text: string, matchedBy: NameKey['matchedBy']) => {
        const key = normaliseName(text);
        if (key && !this.keys.some((k) => k.substance === s && k.key === key)) this.keys.push({ key, matchedBy, substance: s });
      };
      add(s.names.en, 'name');
      if (s.names.zh) add(s.names.zh, 'name');
      add(s.id, 'name');
      for (const syn of s.synonyms) add(syn, 'synonym');
      for (const zh of [s.names.zh, ...s.synonyms].filter((x): x is string => !!x && CJK.test(x))) add(pinyinKey(zh), 'pinyin');
    }
  }

  byInchiKey(key: string): Substance[] {
    const k = key.trim().toUpperCase();
    if (k.length === 14) return this.bySkeleton.get(k) ?? [];
    return this.byKey.get(k) ?? [];
  }

  /** Inorganic salts (written with their ions) whose normalised parent, the characteristic ion with a proton, has this InChIKey. */
  byParentInchiKey(key: string): Substance[] {
    return this.byParent.get(key) ?? [];
  }

  /** Substances without carbon whose whole formula (all ions, Structure.inorganic.formula) is this one. */
  byInorganicFormula(formula: string): Substance[] {
    return this.inorganicByFormula.get(formula) ?? [];
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const q = validateQuery(query);
    const limit = options.limit ?? 20;
    const best = new Map<Substance, SearchHit>();
    const offer = (substance: Substance, matchedBy: string, score: number) => {
      const had = best.get(substance);
      if (!had || had.score < score) best.set(substance, { substance, matchedBy, score });
    };

    const upper = q.toUpperCase();
    if (/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/.test(upper)) {
      for (const s of this.byKey.get(upper) ?? []) offer(s, 'inchikey', 1);
      for (const s of this.bySkeleton.get(upper.slice(0, 14)) ?? []) offer(s, 'inchikey-skeleton', 0.9);
      return rank(best, limit);
    }
    if (/^[A-Z]{14}$/.test(q)) {
      for (const s of this.bySkeleton.get(q) ?? []) offer(s, 'inchikey-skeleton', 0.9);
      if (best.size) return rank(best, limit);
    }
    if (/^\d+$/.test(q) || looksLikeCas(q)) {
      const cas = /^\d+$/.test(q) ? casFromDigits(q) : q.replace(/\s+/g, '');
      if (!cas) throw new ProblemError(problem('CAS_FORMAT', `"${q}" is not a CAS number: expected 5–10 digits, written like 437-38-7.`));
      const bad = casProblem(cas);
      if (bad) throw new ProblemError(bad);
      for (const s of this.byCas.get(cas) ?? []) offer(s, 'cas', 1);
      for (const s of this.bySaltCas.get(cas) ?? []) offer(s, 'salt-cas', 0.98);
      return rank(best, limit);
    }

    const nq = normaliseName(q);
    if (!nq) throw new ProblemError(problem('INVALID_QUERY', 'The query has no letters or digits; give a name, CAS number or InChIKey.'));
    const typos = allowedTypos(nq);
    const minPartial = CJK.test(nq) ? 2 : 4;
    for (const { key, matchedBy, substance } of this.keys) {
      if (key === nq) {
        offer(substance, matchedBy, EXACT_SCORE[matchedBy]);
        continue;
      }
      if (typos > 0) {
        const d = boundedEditDistance(nq, key, typos);
        if (d <= typos) {
          offer(substance, 'fuzzy', 0.85 - 0.1 * d);
          continue;
        }
      }
      if (nq.length >= minPartial && key.includes(nq)) offer(substance, 'partial', 0.4 + 0.3 * (nq.length / key.length));
    }
    return rank(best, limit);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Exact hits (name, synonym, pinyin, CAS, InChIKey) win: typo and partial hits are shown only when there is none. */
function rank(best: Map<Substance, SearchHit>, limit: number): SearchHit[] {
  const all = [...best.values()];
  const exact = all.filter((h) => h.score >= 0.9);
  return (exact.length ? exact : all)
    .sort((a, b) => b.score - a.score || a.substance.names.en.localeCompare(b.substance.names.en))
    .slice(0, Math.max(0, limit))
    .map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }));
}
