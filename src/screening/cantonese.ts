/**
 * Cantonese romanisation of Han-character party names, Hong Kong Government style, so a Han query
 * (黄满志) can reach a list name romanised in Hong Kong (WONG, Moon Chi), which Mandarin pinyin
 * (huang man zhi) cannot.
 *
 * Readings come from Unihan kCantonese (Jyutping), shipped as data/screening/unihan-cantonese.tsv
 * (scripts/build-unihan-cantonese.ts). Jyutping becomes Hong Kong romanisation through the small table
 * in `jyutpingToHk` (every correspondence, and what it approximates, is listed in docs/screening.md).
 * Hong Kong spellings are not one system (TSANG / CHANG, LEE / LI, CHOW / CHAU, WAH / WA), so both sides
 * are also folded with `hkFold` before they are compared.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUSINESS_TERMS_ZH, CN_PLACES_ZH, HAN_RUN, LEGAL_FORMS_ZH, latinTokens } from './names.js';

export const CANTONESE_FILE = fileURLToPath(new URL('../../data/screening/unihan-cantonese.tsv', import.meta.url));

export interface CantoneseTable {
  unicodeVersion: string;
  /** Character → its Jyutping readings, as Unihan orders them. */
  readings: ReadonlyMap<string, readonly string[]>;
}

export function parseCantoneseTable(text: string): CantoneseTable {
  const readings = new Map<string, string[]>();
  let unicodeVersion = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      unicodeVersion ||= /^# unicode-version: (\S+)/.exec(line)?.[1] ?? '';
      continue;
    }
    const [ch, jp] = line.split('\t');
    if (!ch || !jp || ch === 'char') continue;
    readings.set(ch, jp.split(' '));
  }
  if (!readings.size) throw new Error('The Cantonese table has no kCantonese readings.');
  return { unicodeVersion, readings };
}

let cached: CantoneseTable | undefined;
/** The shipped table, read once. */
export function cantoneseTable(): CantoneseTable {
  cached ??= parseCantoneseTable(readFileSync(CANTONESE_FILE, 'utf8'));
  return cached;
}

/** Jyutping initials, two-letter ones first. */
const INITIALS = ['gw', 'kw', 'ng', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'w', 'z', 'c', 's', 'j'];
/** Initial → Hong Kong spelling. Aspiration is not written (b/p → p, d/t → t, g/k → k); z and c are both ch. */
const HK_INITIAL: Readonly<Record<string, string>> = { b: 'p', d: 't', g: 'k', gw: 'kw', z: 'ch', c: 'ch', j: 'y' };

/**
 * One Jyutping syllable ("zoeng1") in Hong Kong Government romanisation ("cheung"). Tones are dropped;
 * final -k/-p/-t/-m/-n/-ng are kept. Finals: aa → a, ou → o, oe → eu, eoi → ui, eon → un, eot → ut,
 * yu → u (yun → uen, yut → uet; with initial j: yu, yuen, yuet). Returns undefined for a malformed syllable.
 */
export function jyutpingToHk(syllable: string): string | undefined {
  const m = /^([a-z]+?)([1-6])?$/.exec(syllable);
  if (!m) return undefined;
  const s = m[1];
  // Syllabic nasals (吴 ng4, 唔 m4) have no final.
  if (s === 'ng' || s === 'm') return s;
  const initial = INITIALS.find((i) => s.startsWith(i) && s.length > i.length) ?? '';
  let final = s.slice(initial.length);
  if (!/^[aeiouy]/.test(final)) return undefined;
  let init = HK_INITIAL[initial] ?? initial;
  if (final.startsWith('yu')) {
    final = final.slice(1).replace(/^un$/, 'uen').replace(/^ut$/, 'uet');
    if (initial === 'j') init = 'y';
    else if (!initial) init = 'y';
  } else {
    final = final
      .replace(/^aa/, 'a')
      .replace(/^ou$/, 'o')
      .replace(/^eoi$/, 'ui')
      .replace(/^eon$/, 'un')
      .replace(/^eot$/, 'ut')
      .replace(/^oe/, 'eu');
  }
  return init + final;
}

/**
 * Folds the spelling variants Hong Kong romanisation allows, applied to both sides before comparing:
 * ts → ch and sh → s at the start (TSANG / CHANG, SHING / SING), tsz / sze → chi / si, final ee / ei → i
 * (LEE / LEI / LI), final ow → au (CHOW / CHAU), oo → u (MOON / MUN), final ah → a (WAH / WA).
 */
export function hkFold(token: string): string {
  if (token === 'tsz') return 'chi';
  if (token === 'sze' || token === 'sz') return 'si';
  return token
    .replace(/^ts/, 'ch')
    .replace(/^sh/, 's')
    .replace(/(ee|ei)$/, 'i')
    .replace(/ow$/, 'au')
    .replace(/oo/g, 'u')
    .replace(/ah$/, 'a');
}

/**
 * A run of Han characters as Hong Kong romanisation, one syllable per character (the first kCantonese
 * reading), or undefined when a character has no reading.
 */
export function cantoneseSyllables(han: string, table: CantoneseTable = cantoneseTable()): string[] | undefined {
  const out: string[] = [];
  for (const ch of han) {
    const r = table.readings.get(ch)?.[0];
    const hk = r ? jyutpingToHk(r) : undefined;
    if (!hk) return undefined;
    out.push(hk);
  }
  return out;
}

export interface CantoneseKey {
  /** Hong Kong-romanised syllables and Latin words, folded with `hkFold`, in order. */
  words: string[];
  /** Business-term concepts (#chemical, …), as in NameKey. */
  concepts: string[];
  /** words sorted and joined with spaces: the lookup key (word order ignored, family name first or last). */
  sorted: string;
}

/** Place words a Hong Kong list name carries that a Han query's dropped place name (香港, 澳门) does not. */
const HK_PLACE_WORDS = new Set(['hong', 'kong', 'hongkong', 'macau', 'macao', 'kowloon']);

function keyOf(words: string[], concepts: string[]): CantoneseKey | undefined {
  const folded = words.filter((w) => !HK_PLACE_WORDS.has(w)).map(hkFold);
  // One syllable is too little to rest a match on (王 alone would meet every WONG).
  if (folded.length < 2) return undefined;
  return { words: folded, concepts: [...concepts].sort(), sorted: [...folded].sort().join(' ') };
}

/**
 * The Cantonese key of a name with Han characters: legal forms dropped, business terms mapped and
 * Chinese place names dropped as in nameKey, then each Han character romanised Hong Kong style.
 * Undefined when the name has no Han characters or a character has no kCantonese reading.
 */
export function cantoneseQueryKey(name: string, table: CantoneseTable = cantoneseTable()): CantoneseKey | undefined {
  let text = (name.length > 1000 ? name.slice(0, 1000) : name).normalize('NFKC');
  if (!new RegExp(HAN_RUN.source).test(text)) return undefined;
  for (const form of LEGAL_FORMS_ZH) text = text.split(form).join(' ');
  for (const [term, concept] of BUSINESS_TERMS_ZH) text = text.split(term).join(` ${concept} `);
  for (const place of CN_PLACES_ZH) text = text.split(place).join(' ');
  let complete = true;
  text = text.replace(HAN_RUN, (run) => {
    const s = cantoneseSyllables(run, table);
    if (!s) complete = false;
    return ` ${s?.join(' ') ?? ''} `;
  });
  if (!complete) return undefined;
  const t = latinTokens(text);
  return keyOf(t.words, t.concepts);
}

/** The Cantonese key of a Latin list name (as written: HK romanisation is not split into pinyin). */
export function cantoneseListKey(name: string): CantoneseKey | undefined {
  const t = latinTokens(name.length > 1000 ? name.slice(0, 1000) : name);
  return keyOf(t.words, t.concepts);
}
