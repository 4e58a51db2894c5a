/**
 * Party-name normalisation across scripts, for sanctions and denied-party screening.
 *
 * A name (Latin, pinyin with or without tones, or Han characters) becomes a `NameKey`:
 *  - case, width (NFKC), diacritics and pinyin tone marks folded; punctuation dropped;
 *  - legal forms removed (Co., Ltd., Company Limited, LLC, GmbH, 有限公司, 有限责任公司, 股份有限公司, …);
 *  - business terms mapped to one concept on both sides (化工 / chemical, 生物科技 / biotechnology /
 *    biological technology, 医药 / 药业 / 制药 / pharmaceutical, 贸易 / trading, …);
 *  - Han characters transliterated with pinyin-pro, one syllable per character; Latin words that are
 *    a run of pinyin syllables ("Cishun", "Fujing") split into those syllables, so "Shanghai" and
 *    "Shang Hai" and 上海 all give `shang hai`;
 *  - Chinese place names (provinces and large cities) taken out of the name, so a moved place name
 *    ("Cishun Fine Chemical (Shanghai)" vs "Shanghai Cishun Fine Chemical") does not change it.
 * What is left is the distinctive core, compared with Jaro-Winkler and edit distance (./match.ts).
 */
import { pinyin } from 'pinyin-pro';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
export const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

/** Legal forms in Chinese, longest first (a longer form contains a shorter one). */
export const LEGAL_FORMS_ZH = ['股份有限公司', '有限责任公司', '有限公司', '集团有限公司', '分公司', '总公司', '公司', '集团', '股份', '工厂', '厂'];
/** Legal forms and words that carry no identity, as whole Latin tokens. */
export const LEGAL_FORMS_LATIN = new Set([
  'co', 'company', 'companies', 'ltd', 'limited', 'llc', 'inc', 'incorporated', 'corp', 'corporation', 'gmbh', 'ag', 'sa', 'sl', 'srl', 'bv', 'nv',
  'plc', 'pte', 'pty', 'lp', 'llp', 'sarl', 'sas', 'spa', 'oy', 'ab', 'kg', 'ltda', 'sapi', 'cv', 'group', 'holding', 'holdings', 'branch', 'the',
  'province', 'city', 'district', 'prc', 'hk',
]);
/** Multi-word legal forms (as normalised token runs), removed before single tokens. */
const LEGAL_PHRASES = [['s', 'a', 'de', 'c', 'v'], ['sa', 'de', 'cv'], ['s', 'de', 'rl', 'de', 'cv'], ['de', 'cv'], ['s', 'a'], ['co', 'ltd']];

/**
 * Business terms, Chinese and English, mapped to one concept each. Concepts are written `#name` so they
 * never collide with a name's own syllables. Longest Chinese terms first.
 */
export const BUSINESS_TERMS_ZH: readonly [string, string][] = [
  ['精细化工', '#finechemical'], ['精细化学品', '#finechemical'], ['生物科技', '#biotech'], ['生物技术', '#biotech'], ['生物工程', '#biotech'],
  ['医药科技', '#pharma #tech'], ['进出口', '#importexport'], ['新材料', '#newmaterial'], ['化学品', '#chemical'], ['化工', '#chemical'],
  ['化学', '#chemical'], ['医药', '#pharma'], ['药业', '#pharma'], ['制药', '#pharma'], ['药品', '#pharma'], ['商贸', '#trading'], ['贸易', '#trading'],
  ['科技', '#tech'], ['技术', '#tech'], ['机械', '#machinery'], ['国际', '#international'], ['实业', '#industrial'], ['工业', '#industrial'],
  ['发展', '#development'], ['开发', '#development'], ['通用', '#general'], ['电子', '#electronics'], ['物流', '#logistics'], ['货运代理', '#forwarding'],
  ['生物', '#bio'], ['材料', '#material'], ['模具', '#molds'],
];
/** English business terms as token runs → concept. Longest runs first. */
export const BUSINESS_TERMS_EN: readonly [string[], string][] = [
  [['science', 'and', 'technology'], '#tech'], [['sci', 'tech'], '#tech'], [['import', 'and', 'export'], '#importexport'], [['import', 'export'], '#importexport'],
  [['imp', 'exp'], '#importexport'], [['i', 'e'], '#importexport'], [['biological', 'technology'], '#biotech'], [['bio', 'technology'], '#biotech'],
  [['bio', 'tech'], '#biotech'], [['biological', 'tech'], '#biotech'], [['fine', 'chemical'], '#finechemical'], [['fine', 'chemicals'], '#finechemical'],
  [['new', 'material'], '#newmaterial'], [['new', 'materials'], '#newmaterial'], [['freight', 'forwarding'], '#forwarding'],
  [['biotechnology'], '#biotech'], [['biotech'], '#biotech'], [['biotechnologies'], '#biotech'], [['chemical'], '#chemical'], [['chemicals'], '#chemical'],
  [['chem'], '#chemical'], [['chemistry'], '#chemical'], [['pharmaceutical'], '#pharma'], [['pharmaceuticals'], '#pharma'], [['pharma'], '#pharma'],
  [['pharmatech'], '#pharma #tech'], [['pharmtech'], '#pharma #tech'], [['trading'], '#trading'], [['trade'], '#trading'], [['technology'], '#tech'],
  [['technologies'], '#tech'], [['tech'], '#tech'], [['machinery'], '#machinery'], [['machine'], '#machinery'], [['machines'], '#machinery'],
  [['international'], '#international'], [['intl'], '#international'], [['industrial'], '#industrial'], [['industry'], '#industrial'],
  [['industries'], '#industrial'], [['development'], '#development'], [['general'], '#general'], [['electronics'], '#electronics'],
  [['logistics'], '#logistics'], [['biological'], '#bio'], [['bio'], '#bio'], [['material'], '#material'], [['materials'], '#material'], [['molds'], '#molds'],
];

/** Provinces, municipalities, SARs and large prefecture-level cities of China: moved or dropped in names. */
export const CN_PLACES_ZH = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东',
  '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门', '武汉', '深圳', '广州', '苏州',
  '南京', '杭州', '成都', '西安', '郑州', '石家庄', '济南', '青岛', '烟台', '邢台', '南昌', '长沙', '合肥', '厦门', '宁波', '无锡', '常州', '大连', '沈阳',
  '哈尔滨', '长春', '太原', '昆明', '东莞', '佛山', '珠海', '温州', '台州', '金华', '嘉兴', '绍兴', '徐州', '南通', '扬州', '盐城', '淮安', '连云港',
  '泰州', '镇江', '潍坊', '淄博', '临沂', '济宁', '保定', '唐山', '廊坊', '沧州', '邯郸', '衡水', '洛阳', '新乡', '宜昌', '襄阳', '荆州', '株洲', '湘潭',
  '南宁', '桂林', '海口', '贵阳', '兰州', '西宁', '银川', '乌鲁木齐', '呼和浩特', '包头', '惠州', '中山', '江门', '汕头', '漳州', '泉州', '福州', '九江',
  '赣州', '芜湖', '蚌埠', '安庆', '仙桃', '天门', '潜江', '金湖', '淮南', '聊城', '德州', '菏泽', '威海', '日照', '东营', '滨州',
];

/** Pinyin syllables, derived from pinyin-pro's own readings of the CJK Unified Ideographs block (never typed by hand). */
let syllables: Set<string> | undefined;
let maxSyllable = 6;
export function pinyinSyllables(): Set<string> {
  if (syllables) return syllables;
  const set = new Set<string>();
  let text = '';
  for (let cp = 0x4e00; cp <= 0x9fa5; cp++) text += String.fromCodePoint(cp);
  for (const s of pinyin(text, { toneType: 'none', type: 'array', v: true })) if (/^[a-z]+$/.test(s)) set.add(s);
  syllables = set;
  maxSyllable = Math.max(...[...set].map((s) => s.length));
  return set;
}

/**
 * Splits a Latin word into pinyin syllables when it is exactly a run of them ("cishun" → ci shun),
 * preferring the fewest syllables; otherwise returns the word whole. Words shorter than 4 letters are kept.
 */
export function splitPinyin(word: string): string[] {
  const set = pinyinSyllables();
  if (word.length < 4 || set.has(word) || !/^[a-z]+$/.test(word)) return [word];
  const n = word.length;
  const best: (string[] | undefined)[] = new Array(n + 1);
  best[0] = [];
  for (let i = 1; i <= n; i++) {
    for (let len = Math.min(maxSyllable, i); len >= 1; len--) {
      const prev = best[i - len];
      const syl = word.slice(i - len, i);
      if (prev && set.has(syl) && (!best[i] || prev.length + 1 < best[i]!.length)) best[i] = [...prev, syl];
    }
  }
  return best[n] ?? [word];
}

let placeKeys: string[][] | undefined;
/** The place names as pinyin syllable runs, longest first. */
function places(): string[][] {
  placeKeys ??= CN_PLACES_ZH.map((p) => pinyin(p, { toneType: 'none', type: 'array', v: true })).sort((a, b) => b.length - a.length);
  return placeKeys;
}

export interface NameKey {
  /** The name as given. */
  raw: string;
  /** Distinctive tokens in order (pinyin syllables or Latin words). */
  core: string[];
  /** Business-term concepts (#chemical, #biotech, …). */
  concepts: string[];
  /** Chinese place names found, as joined pinyin ("shanghai"). */
  places: string[];
  /** core joined in order, and sorted then joined (word order ignored, e.g. family name first or last). */
  joined: string;
  sorted: string;
  /** Whether the name had Han characters. */
  han: boolean;
}

/** Folds case, width, diacritics and tone marks; keeps letters, digits and Han; everything else becomes a space. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ü/g, 'v')
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}#\u3400-\u9fff]+/gu, ' ')
    .trim();
}

function replaceRuns(tokens: string[], runs: readonly (readonly [readonly string[], string | null])[]): string[] {
  const out: string[] = [];
  outer: for (let i = 0; i < tokens.length; ) {
    for (const [run, to] of runs) {
      if (run.length && i + run.length <= tokens.length && run.every((t, k) => tokens[i + k] === t)) {
        if (to) out.push(...to.split(' '));
        i += run.length;
        continue outer;
      }
    }
    out.push(tokens[i]);
    i++;
  }
  return out;
}

const MAX_NAME = 1000;

const SINGLE_TERMS = BUSINESS_TERMS_EN.filter(([run]) => run.length === 1 && run[0].length >= 7).map(([run, c]) => [run[0], c] as const);

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
export function osa(a: string, b: string): number {
  const w = b.length + 1;
  let prev2 = new Int32Array(w);
  let prev = new Int32Array(w);
  let cur = new Int32Array(w);
  for (let j = 0; j < w; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j < w; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

let pinyinTermRuns: [string[], string | null][] | undefined;
/** The Chinese business terms and legal forms as pinyin syllable runs, longest first. */
function pinyinTerms(): [string[], string | null][] {
  pinyinTermRuns ??= [
    ...BUSINESS_TERMS_ZH.map(([zh, c]) => [pinyin(zh, { toneType: 'none', type: 'array', v: true }), c] as [string[], string]),
    ...LEGAL_FORMS_ZH.filter((f) => f.length >= 2).map((f) => [pinyin(f, { toneType: 'none', type: 'array', v: true }), null] as [string[], null]),
  ].sort((a, b) => b[0].length - a[0].length);
  return pinyinTermRuns;
}

/**
 * Folded Latin tokens of a text, with legal forms dropped and English business terms mapped to concepts
 * (Han characters are expected to have been transliterated already). Shared by `nameKey` and the
 * Cantonese key (./cantonese.ts); no pinyin splitting here.
 */
export function latinTokens(text: string): { words: string[]; concepts: string[] } {
  let tokens = fold(text).split(' ').filter(Boolean);
  tokens = replaceRuns(tokens, LEGAL_PHRASES.map((p) => [p, null] as const));
  tokens = replaceRuns(tokens, BUSINESS_TERMS_EN.map(([run, c]) => [run, c] as const));
  // A one-letter slip in a long English business term ("machinary") still maps to its concept.
  tokens = tokens.map((t) => (t.length >= 7 && !t.startsWith('#') ? (SINGLE_TERMS.find(([w]) => Math.abs(w.length - t.length) <= 1 && osa(w, t) <= 1)?.[1] ?? t) : t)).flatMap((t) => t.split(' '));
  tokens = tokens.filter((t) => !LEGAL_FORMS_LATIN.has(t) && t !== 'and' && t !== 'of');
  return { words: tokens.filter((t) => !t.startsWith('#')), concepts: [...new Set(tokens.filter((t) => t.startsWith('#')))] };
}

/** The comparison key of a party name (see the top of this file). Names longer than 1,000 characters are cut. */
export function nameKey(name: string): NameKey {
  const raw = name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
  let text = raw.normalize('NFKC');
  const han = HAN.test(text);
  if (han) {
    for (const form of LEGAL_FORMS_ZH) text = text.split(form).join(' ');
    for (const [term, concept] of BUSINESS_TERMS_ZH) text = text.split(term).join(` ${concept} `);
    text = text.replace(HAN_RUN, (run) => ` ${pinyin(run, { toneType: 'none', type: 'array', v: true }).join(' ')} `);
  }
  const latin = latinTokens(text);
  const concepts = latin.concepts;
  let words = latin.words.flatMap((t) => (/\d/.test(t) ? [t] : splitPinyin(t)));
  // Business terms and legal forms written in pinyin ("Jīngxì Huàgōng", "Yǒuxiàn Gōngsī").
  words = replaceRuns(words, pinyinTerms());
  for (const w of words) if (w.startsWith('#')) concepts.push(w);
  concepts.sort();
  words = words.filter((w) => !w.startsWith('#'));
  const found: string[] = [];
  for (const place of places()) {
    for (let i = 0; i + place.length <= words.length; i++) {
      if (place.every((s, k) => words[i + k] === s)) {
        found.push(place.join(''));
        words = [...words.slice(0, i), ...words.slice(i + place.length)];
        i--;
      }
    }
  }
  // A name that is only a place (or only business terms) keeps them as its core.
  const core = words.length ? words : found.length ? found : concepts.map((c) => c.slice(1));
  return { raw, core, concepts: [...new Set(concepts)].sort(), places: [...new Set(found)].sort(), joined: core.join(''), sorted: [...core].sort().join(''), han };
}
