/**
 * Party screening: names across scripts (./names.ts) scored with Jaro-Winkler and edit distance on the
 * distinctive core, and strong identifiers matched exactly. Every hit says which fields matched.
 *
 * Score of a name pair (0–1):
 *   core = max over {in order, word order ignored} of (JaroWinkler + (1 − Levenshtein/longer)) / 2
 *   × business terms: 1 when they agree or one side has none, 0.85 + 0.15·Jaccard otherwise (different trades)
 *   × places: 0.8 when both name a Chinese place and they share none, else 1
 *   × kind: 0.9 when one name has business terms and the other is a person's name
 *   Cores of 4 characters or fewer must be equal (short acronyms match nothing else).
 * A hit is `strong` at score ≥ STRONG (or on any strong identifier), `possible` at ≥ POSSIBLE.
 * The thresholds and the precision/recall measured at them are in docs/validation/party-matching.md.
 */
import { LEGAL_FORMS_ZH, nameKey, osa, pinyinSyllables, type NameKey } from './names.js';
import type { IdentifierType, ListEntry } from './lists/port.js';
import { cccForms, decodeCcc } from './telegraph.js';
import { cantoneseListKey, cantoneseQueryKey } from './cantonese.js';

export const STRONG = 0.93;
export const POSSIBLE = 0.86;
/**
 * A Han-character query that reads like a listed person's name (same pinyin) but is written with other
 * characters than the entry's Chinese Commercial Code scores at most this: a possible match for review,
 * not a strong one (a homophone is often another person; it may also be an input-method slip).
 */
export const CCC_HOMOPHONE_CAP = 0.9;
/**
 * A Han-character query whose Hong Kong (Cantonese) romanisation equals a list name's, syllable for
 * syllable, scores at most this: a possible match, never a strong one (Cantonese has many homophones
 * and the romanisation drops tones and aspiration, so 威 and 伟 are both WAI). A strong identifier
 * still makes the hit strong.
 */
export const CANTONESE_CAP = 0.9;

const HAN_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/gu;
/** The Han characters of a name, in order, without anything else (spaces, Latin, punctuation). */
export function hanCharacters(name: string): string {
  return (name.normalize('NFKC').match(HAN_CHAR) ?? []).join('');
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = new Uint8Array(la);
  const mb = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (!mb[j] && a.charCodeAt(i) === b.charCodeAt(j)) {
        ma[i] = mb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

function stringSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  const jw = jaroWinkler(a, b);
  // (jw + edit similarity) / 2 cannot reach a useful score when jw is low: skip the edit distance.
  if (jw < 0.7) return jw / 2;
  return (jw + (1 - osa(a, b) / longer)) / 2;
}

export interface NameScore {
  score: number;
  /** What the score rests on, in words. */
  why: string[];
}

export function scoreNames(q: NameKey, c: NameKey): NameScore {
  const why: string[] = [];
  if (!q.joined || !c.joined) return { score: 0, why };
  let core: number;
  if (q.joined.length <= 4 || c.joined.length <= 4) core = q.sorted === c.sorted ? 1 : 0;
  else core = Math.max(stringSimilarity(q.joined, c.joined), q.sorted === q.joined && c.sorted === c.joined ? 0 : stringSimilarity(q.sorted, c.sorted));
  // Personal names in pinyin (no business terms, at most 4 syllables): each syllable is a character,
  // so a different syllable is a different name (Wang Hongwei is not Wang Hongfei).
  const syl = pinyinSyllables();
  if (!q.concepts.length && !c.concepts.length && q.core.length === c.core.length && q.core.length >= 2 && q.core.length <= 4 && [...q.core, ...c.core].every((s) => syl.has(s))) {
    const a = [...q.core].sort();
    const b = [...c.core].sort();
    const same = a.filter((s, i) => s === b[i]).length;
    if (same < a.length) {
      core = Math.min(core, same / a.length);
      why.push(`personal name: ${a.length - same} of ${a.length} syllables differ`);
    }
  }
  let score = core;
  why.push(`name core "${q.core.join(' ')}" ~ "${c.core.join(' ')}" ${core.toFixed(3)}`);
  if (q.concepts.length && c.concepts.length) {
    const inter = q.concepts.filter((x) => c.concepts.includes(x)).length;
    const jac = inter / new Set([...q.concepts, ...c.concepts]).size;
    if (jac < 1) {
      score *= 0.85 + 0.15 * jac;
      why.push(`business terms differ (${q.concepts.join(' ')} / ${c.concepts.join(' ')})`);
    } else why.push(`business terms agree (${q.concepts.join(' ')})`);
  }
  if (!q.concepts.length !== !c.concepts.length) {
    score *= 0.9;
    why.push('business terms on one side only');
  }
  if (!q.places.length !== !c.places.length) score *= 0.95;
  if (q.places.length && c.places.length) {
    if (!q.places.some((p) => c.places.includes(p))) {
      score *= 0.8;
      why.push(`places differ (${q.places.join(' ')} / ${c.places.join(' ')})`);
    } else why.push(`place agrees (${q.places.filter((p) => c.places.includes(p)).join(' ')})`);
  }
  return { score: Math.round(score * 1000) / 1000, why };
}

// --- Identifiers ---

export const STRONG_IDENTIFIERS: readonly IdentifierType[] = ['registration', 'uscc', 'national-id', 'passport', 'tax-id', 'email', 'website', 'phone', 'wallet'];

/** The form an identifier is compared in: case and separators folded; a website is its host without "www."; a phone its digits. */
export function normaliseIdentifier(type: IdentifierType, value: string): string {
  const v = value.trim();
  switch (type) {
    case 'email':
      return v.toLowerCase();
    case 'website':
      return v.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/[/?#].*$/, '').replace(/\.$/, '');
    case 'phone': {
      const digits = v.replace(/\D/g, '').replace(/^00/, '');
      return digits;
    }
    case 'wallet':
      return /^0x[0-9a-f]+$/i.test(v) ? v.toLowerCase() : v;
    default:
      return v.toUpperCase().replace(/[\s\-./]/g, '');
  }
}

/** Identifier types compared with each other (a registration number may be written as a USCC). */
function idClass(type: IdentifierType): string {
  return type === 'uscc' || type === 'registration' || type === 'tax-id' ? 'reg' : type;
}

// --- The index ---

export interface PartyQuery {
  name: string;
  country?: string;
  identifiers?: { type: IdentifierType; value: string }[];
}

export interface PartyHit {
  list: string;
  entryId: string;
  name: string;
  score: number;
  match: 'strong' | 'possible';
  /** The fields that matched: "name", "alias", "ccc" (Han characters = the decoded Chinese Commercial Code), "cantonese" (Hong Kong romanisation of Han characters), "uscc", "email", … */
  matchedOn: string[];
  /** Why, in words. */
  explanation: string[];
  /** The list name or alias that matched best. */
  matchedName?: string;
  programs: string[];
  listVersion?: string;
}

interface IndexedName {
  entry: number;
  key: NameKey;
  label: string;
}

export interface IndexedList {
  list: string;
  version?: string;
  entries: readonly ListEntry[];
}

const GRAM = 3;
function grams(s: string): Set<string> {
  const out = new Set<string>();
  const padded = `^${s}$`;
  for (let i = 0; i + GRAM <= padded.length; i++) out.add(padded.slice(i, i + GRAM));
  return out;
}

/**
 * An index of one or more lists' names and identifiers. Candidates are found through character
 * trigrams of each name's core (word order ignored), so a query is scored against a few hundred
 * names, not all of them.
 */
export class PartyIndex {
  private readonly names: IndexedName[] = [];
  private readonly entries: { list: IndexedList; entry: ListEntry }[] = [];
  private readonly gramPostings = new Map<string, number[]>();
  private readonly gramCounts: number[] = [];
  private readonly byIdentifier = new Map<string, { entry: number; type: IdentifierType; label?: string }[]>();
  /** Decoded Chinese Commercial Codes: Han form → entries, and entry → its codes and forms. */
  private readonly byHan = new Map<string, { entry: number; code: string; form: string }[]>();
  private readonly cccByEntry = new Map<number, { code: string; forms: string[] }[]>();
  /** Latin list names by their Cantonese key (sorted folded words) → name index and business terms. */
  private readonly byCantonese = new Map<string, { idx: number; concepts: string[] }[]>();

  constructor(lists: readonly IndexedList[]) {
    for (const list of lists) {
      for (const entry of list.entries) {
        const e = this.entries.length;
        this.entries.push({ list, entry });
        for (const n of entry.names) {
          const key = nameKey(n.name);
          if (!key.joined) continue;
          const idx = this.names.length;
          this.names.push({ entry: e, key, label: n.kind === 'primary' ? 'name' : `alias (${n.kind}): ${n.name}` });
          if (!key.han) {
            const ck = cantoneseListKey(n.name);
            if (ck) {
              let p = this.byCantonese.get(ck.sorted);
              if (!p) this.byCantonese.set(ck.sorted, (p = []));
              p.push({ idx, concepts: ck.concepts });
            }
          }
          const gs = grams(key.sorted);
          this.gramCounts.push(gs.size);
          for (const g of gs) {
            let p = this.gramPostings.get(g);
            if (!p) this.gramPostings.set(g, (p = []));
            if (p[p.length - 1] !== idx) p.push(idx);
          }
        }
        for (const id of entry.identifiers) {
          if (id.type === 'ccc') {
            // Decoded here, not only in the SDN adapter, so lists stored before decoding existed match too.
            const forms = cccForms(decodeCcc(id.value));
            if (!forms.length) continue;
            let listed = this.cccByEntry.get(e);
            if (!listed) this.cccByEntry.set(e, (listed = []));
            listed.push({ code: id.value, forms });
            for (const form of forms) {
              let p = this.byHan.get(form);
              if (!p) this.byHan.set(form, (p = []));
              p.push({ entry: e, code: id.value, form });
            }
            continue;
          }
          if (!STRONG_IDENTIFIERS.includes(id.type)) continue;
          const k = `${idClass(id.type)}:${normaliseIdentifier(id.type, id.value)}`;
          let p = this.byIdentifier.get(k);
          if (!p) this.byIdentifier.set(k, (p = []));
          p.push({ entry: e, type: id.type, label: id.label });
        }
      }
    }
    this.counts = new Float32Array(this.names.length);
  }

  private counts: Float32Array;

  get size(): { entries: number; names: number } {
    return { entries: this.entries.length, names: this.names.length };
  }

  /** Hits at or above `POSSIBLE`, best first, at most `limit`. */
  screen(query: PartyQuery, options: { limit?: number; threshold?: number } = {}): PartyHit[] {
    const threshold = options.threshold ?? POSSIBLE;
    const best = new Map<number, { score: number; why: string[]; on: Set<string>; matchedName?: string; idMatch: boolean; ccc?: boolean }>();
    const q = nameKey(query.name);
    if (q.joined) {
      const qg = grams(q.sorted);
      const touched: number[] = [];
      const counts = this.counts;
      for (const g of qg) {
        const p = this.gramPostings.get(g);
        if (!p) continue;
        for (const idx of p) {
          if (counts[idx] === 0) touched.push(idx);
          counts[idx]++;
        }
      }
      // A candidate shares at least 40% of the larger trigram set of the two (typos change few of them).
      for (const idx of touched) {
        const shared = counts[idx];
        counts[idx] = 0;
        if (shared < Math.max(1, Math.floor(Math.max(qg.size, this.gramCounts[idx]) * 0.4))) continue;
        const n = this.names[idx];
        const s = scoreNames(q, n.key);
        if (s.score < threshold) continue;
        const cur = best.get(n.entry);
        if (!cur || s.score > cur.score) best.set(n.entry, { score: s.score, why: s.why, on: new Set([n.label === 'name' ? 'name' : 'alias']), matchedName: this.nameOf(n), idMatch: cur?.idMatch ?? false });
      }
    }
    if (q.han) this.matchCantonese(query.name, threshold, best);
    if (q.han && this.byHan.size) this.matchCcc(query.name, best);
    for (const id of query.identifiers ?? []) {
      if (!id.value?.trim()) continue;
      const k = `${idClass(id.type)}:${normaliseIdentifier(id.type, id.value)}`;
      for (const hit of this.byIdentifier.get(k) ?? []) {
        const cur = best.get(hit.entry) ?? { score: 0, why: [], on: new Set<string>(), idMatch: false };
        cur.on.add(hit.type);
        cur.why.push(`${hit.label ?? hit.type} ${id.value} is on the list entry (exact)`);
        cur.idMatch = true;
        best.set(hit.entry, cur);
      }
    }
    const hits: PartyHit[] = [];
    for (const [e, b] of best) {
      const { list, entry } = this.entries[e];
      const score = b.idMatch ? Math.max(b.score, 0.99) : b.score;
      hits.push({
        list: list.list,
        entryId: entry.entryId,
        name: entry.name,
        score,
        match: b.idMatch || score >= STRONG ? 'strong' : 'possible',
        matchedOn: [...b.on],
        explanation: b.why,
        ...(b.matchedName && b.matchedName !== entry.name ? { matchedName: b.matchedName } : {}),
        programs: entry.programs,
        ...(list.version ? { listVersion: list.version } : {}),
      });
    }
    hits.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
    return hits.slice(0, options.limit ?? 20);
  }

  /**
   * A Han-character query against the entries' decoded Chinese Commercial Codes: the same characters
   * are an exact match (score 1, `matchedOn` "ccc"); a pinyin hit on an entry whose code spells other
   * characters is capped at CCC_HOMOPHONE_CAP.
   */
  private matchCcc(name: string, best: Map<number, { score: number; why: string[]; on: Set<string>; matchedName?: string; idMatch: boolean; ccc?: boolean }>): void {
    const han = hanCharacters(name);
    if (!han) return;
    let stripped = han;
    for (const form of LEGAL_FORMS_ZH) stripped = stripped.split(form).join('');
    for (const key of new Set([han, stripped])) {
      for (const { entry, code, form } of this.byHan.get(key) ?? []) {
        const cur = best.get(entry) ?? { score: 0, why: [], on: new Set<string>(), idMatch: false };
        if (cur.ccc) continue;
        cur.score = 1;
        cur.ccc = true;
        cur.on.add('ccc');
        cur.matchedName = form;
        cur.why.unshift(`Han characters "${key}" are the listed Chinese Commercial Code ${code} (${form}, decoded with Unihan kMainlandTelegraph / kTaiwanTelegraph)`);
        best.set(entry, cur);
      }
    }
    for (const [e, b] of best) {
      const listed = this.cccByEntry.get(e);
      if (b.ccc || !listed) continue;
      b.score = Math.min(b.score, CCC_HOMOPHONE_CAP);
      b.why.push(`the list gives Chinese Commercial Code ${listed.map((l) => `${l.code} = ${l.forms.join(' / ')}`).join('; ')}; "${han}" has other characters with the same reading (a homophone or another person), so at most a possible match`);
    }
  }

  /**
   * A Han-character query against the list names through its Hong Kong romanisation (./cantonese.ts):
   * the same syllables in any order, scored CANTONESE_CAP, lowered like scoreNames when business terms
   * differ or are on one side only; `matchedOn` "cantonese". Kept only when better than the pinyin score.
   */
  private matchCantonese(name: string, threshold: number, best: Map<number, { score: number; why: string[]; on: Set<string>; matchedName?: string; idMatch: boolean; ccc?: boolean }>): void {
    const ck = cantoneseQueryKey(name);
    if (!ck) return;
    for (const { idx, concepts } of this.byCantonese.get(ck.sorted) ?? []) {
      let score = CANTONESE_CAP;
      const why = [`Cantonese (Hong Kong) romanisation "${ck.words.join(' ')}" (Unihan kCantonese) = "${this.names[idx].key.raw}", syllable for syllable; at most a possible match (homophones)`];
      if (ck.concepts.length && concepts.length) {
        const inter = ck.concepts.filter((x) => concepts.includes(x)).length;
        const jac = inter / new Set([...ck.concepts, ...concepts]).size;
        if (jac < 1) {
          score *= 0.85 + 0.15 * jac;
          why.push(`business terms differ (${ck.concepts.join(' ')} / ${concepts.join(' ')})`);
        }
      } else if (!ck.concepts.length !== !concepts.length) {
        score *= 0.9;
        why.push('business terms on one side only');
      }
      score = Math.round(score * 1000) / 1000;
      if (score < threshold) continue;
      const n = this.names[idx];
      const cur = best.get(n.entry);
      if (cur && cur.score >= score) continue;
      best.set(n.entry, { score, why, on: new Set(['cantonese']), matchedName: this.nameOf(n), idMatch: cur?.idMatch ?? false });
    }
  }

  private nameOf(n: IndexedName): string {
    return n.key.raw;
  }
}
