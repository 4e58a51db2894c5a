/**
 * The message catalogue for the sentences a verdict carries (a finding's `reason`), in English and
 * 中文. Findings keep the English in `reason` (the CLI contract) and add the Chinese as `reasonZh`, so the
 * UI and reports can show the user's language. Placeholders are {name}; both languages use the same ones.
 */
export const REASON_MESSAGES = {
  classApplies: {
    en: 'Related to {parent} by {clauseWord} {clauses}; in effect since {since}.',
    zh: '按条款 {clauses} 属于与{parent}相关的物质；自 {since} 起生效。',
  },
  classAppliesParent: {
    en: 'Falls under the definition; in effect since {since}.',
    zh: '属于该定义所涵盖的物质；自 {since} 起生效。',
  },
  classNotYet: {
    en: 'The class definition was not yet in effect on {asOf}; it took effect on {from}.',
    zh: '该类别定义于 {asOf} 尚未生效；其生效日期为 {from}。',
  },
  classEnded: {
    en: 'The class definition was no longer in effect on {asOf}.',
    zh: '该类别定义于 {asOf} 已不再有效。',
  },
  clauseNotYet: {
    en: 'Clause {clauses} took effect on {dates}, after {asOf}.',
    zh: '条款 {clauses} 于 {dates} 生效，晚于 {asOf}。',
  },
  classReview: {
    en: 'The structure fits the class only under a reading that needs review (see explanation).',
    zh: '该结构仅在需要复核的解释下才符合该类别（见说明）。',
  },
  displacedByListing: {
    en: 'Matches the class definition, but the substance is listed individually: {name} is {status} ({citation}); the individual listing governs.',
    zh: '符合该类别定义，但该物质已被单独列管：{name}属于{status}（{citation}）；以单独列管为准。',
  },
  listedApplies: {
    en: 'Listed in {where}; in effect since {effective}.',
    zh: '列于{where}；自 {effective} 起生效。',
  },
  listedAppliesUntil: {
    en: 'Listed in {where}; in effect since {effective} until {until}.',
    zh: '列于{where}；自 {effective} 起生效，至 {until} 止。',
  },
  listedAppliesYear: {
    en: 'Listed in {where}; in effect since {effective} (the year is documented, the day is not).',
    zh: '列于{where}；自 {effective} 年起生效（仅有年份记录，具体日期不详）。',
  },
  listedWithinYear: {
    en: 'Listed in {where} during {effective}; the exact day it took effect is not recorded, so whether it was in effect on {asOf} needs review.',
    zh: '于 {effective} 年内列入{where}；具体生效日期未有记录，因此 {asOf} 时是否已生效需要复核。',
  },
  listedAppliesBy: {
    en: 'Listed in {where}; in force by {by} at the latest (the date it took effect is not recorded).',
    zh: '列于{where}；最迟自 {by} 起已生效（具体生效日期未有记录）。',
  },
  listedBeforeBy: {
    en: 'Listed in {where} and in force by {by}; the date it took effect is not recorded, so whether it was in effect on {asOf} needs review.',
    zh: '列于{where}，最迟自 {by} 起已生效；具体生效日期未有记录，因此 {asOf} 时是否已生效需要复核。',
  },
  listedNotYet: {
    en: 'Not yet in effect on {asOf}: listed in {where} from {effective}.',
    zh: '{asOf} 时尚未生效：自 {effective} 起列于{where}。',
  },
  listedEnded: {
    en: 'No longer in effect on {asOf}: listed in {where} from {effective} until {until}.',
    zh: '{asOf} 时已不再有效：{effective} 至 {until} 期间列于{where}。',
  },
  stereoInsensitive: {
    en: 'Matched stereo-insensitively (InChIKey first block): the structure is a different stereoisomer of the listed {name}, and the listing {why}.',
    zh: '按立体化学不敏感方式匹配（InChIKey 第一段）：该结构是所列{name}的另一立体异构体，而该列管{why}。',
  },
  stereoCovers: { en: 'covers its stereoisomers', zh: '涵盖其立体异构体' },
  derivativeOf: {
    en: 'An {kind} of {name}: cleaving {bonds} gives {name}, and the listing extends to its {covers}.',
    zh: '属于{name}的{kind}：断开{bonds}即得到{name}，而该列管涵盖其{covers}。',
  },
  stereoSpecificGoverns: {
    en: 'Matches this listing of the skeleton in general, but this stereoisomer is listed itself as {name} in {where}; the specific listing governs.',
    zh: '与该骨架的一般列管相符，但此立体异构体本身已作为{name}列于{where}；以该具体列管为准。',
  },
  listedPastKnown: {
    en: 'Listed in {where}, documented in force until {known}; whether the listing continued after that date is not recorded, so {asOf} needs review.',
    zh: '列于{where}，有据可查的有效期至 {known}；此后是否继续有效未有记录，因此 {asOf} 需要复核。',
  },
  listedOtherSalt: {
    en: 'The input is another salt (or the acid) of the ion of {name}, listed in {where}; the listing names that salt, and whether it reaches this one needs a reading (docs/interpretation.md, I-INORGANIC).',
    zh: '输入为所列{name}（{where}）所含离子的另一种盐（或其酸）；该列管所列为该盐本身，是否涵盖此物质需人工判读（docs/interpretation.md，I-INORGANIC）。',
  },
  listedPreparationsOnly: {
    en: '{where} lists preparations of {name} within a limit ({limits}), not the substance itself; a structure has no concentration, so this listing does not apply to it as such.',
    zh: '{where}列管的是{name}在限量以内（{limits}）的制剂，而非该物质本身；结构式不含浓度信息，因此该列管不适用于该物质本身。',
  },
  listedNotSalt: {
    en: 'The input is a salt, solvate or ionised form of {name}, listed in {where}; that listing does not extend to salts, so it does not reach this form.',
    zh: '输入为{name}的盐、溶剂合物或离子形式；该物质列于{where}，但该列管不涵盖盐类，因此不适用于此形式。',
  },
  positionalIsomer: {
    en: 'Possibly a positional isomer of {name}, listed in {where}, which extends to positional isomers: same formula, ring systems and functional groups. Needs review.',
    zh: '可能是{name}的位置异构体（该物质列于{where}，该列管涵盖其位置异构体）：分子式、环系和官能团相同。需要复核。',
  },
  positionalIsomerNotInForce: {
    en: 'Possibly a positional isomer of {name}, but its listing in {where} was not in effect on {asOf}.',
    zh: '可能是{name}的位置异构体，但其在{where}中的列管于 {asOf} 不在有效期内。',
  },
  displacedDerivative: {
    en: 'Also an {kind} of {parent}, but the structure is listed itself: {name} is {status} ({citation}); its own listing governs.',
    zh: '该结构亦属于{parent}的{kind}，但其本身已被列管：{name}属于{status}（{citation}）；以其本身的列管为准。',
  },
  stereoUnspecified: { en: 'does not name one stereoisomer', zh: '未指定某一立体异构体' },
} as const satisfies Record<string, { en: string; zh: string }>;

export type ReasonKey = keyof typeof REASON_MESSAGES;
export interface Bilingual {
  en: string;
  zh: string;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Renders a catalogue message in both languages. */
export function message(key: ReasonKey, params: Record<string, string | number> = {}): Bilingual {
  const m = REASON_MESSAGES[key];
  return { en: fill(m.en, params), zh: fill(m.zh, params) };
}

/** Joins sentences of both languages (English with a space, Chinese without). */
/** A message whose placeholders take different words in each language (e.g. "ester" / "酯"). */
export function messageIn(key: ReasonKey, en: Record<string, string | number>, zh: Record<string, string | number>): Bilingual {
  return { en: message(key, en).en, zh: message(key, zh).zh };
}

export function join(...parts: Bilingual[]): Bilingual {
  return { en: parts.map((p) => p.en).join(' '), zh: parts.map((p) => p.zh).join('') };
}
