/**
 * Party matching: normalisation, transliteration, business terms, identifiers, and the labelled pair
 * set measured against the real SDN file (read from ../shared at test time; skipped when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSdn } from './lists/ofac-sdn.js';
import { jaroWinkler, normaliseIdentifier, PartyIndex, POSSIBLE, STRONG } from './match.js';
import { nameKey, splitPinyin } from './names.js';

const SDN = process.env.NARCOTRACE_SDN ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'sanctions', 'ofac-sdn-2024-05-03.csv');
const pairs = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'party-pairs.json'), 'utf8')).pairs as { query: string; entry: string | null; also?: string[]; kind: string }[];

describe('name keys', () => {
  it('folds case, width, diacritics and tones, and drops legal forms', () => {
    expect(nameKey('ＳＨＡＮＧＨＡＩ  Cishun Fine Chemical Co., Ltd.').core).toEqual(['ci', 'shun']);
    expect(nameKey('Shàng hǎi Cí shùn').core).toEqual(['ci', 'shun']);
    expect(nameKey('Acme GmbH').core).toEqual(['acme']);
    expect(nameKey('Grupo X, S.A. de C.V.').core).toEqual(['grupo', 'x']);
  });
  it('transliterates Han characters and maps legal forms and business terms', () => {
    const k = nameKey('上海慈顺精细化工有限公司');
    expect(k).toMatchObject({ core: ['ci', 'shun'], places: ['shanghai'], concepts: ['#finechemical'], han: true });
    expect(nameKey('武汉硕康生物科技有限公司').concepts).toEqual(nameKey('Wuhan Shuokang Biological Technology Co., Ltd').concepts);
    expect(nameKey('某某医药股份有限公司').concepts).toEqual(nameKey('Moumou Pharmaceutical Co').concepts);
    expect(nameKey('某某进出口贸易有限责任公司').concepts).toEqual(nameKey('Moumou Import and Export Trading LLC').concepts);
  });
  it('splits pinyin written as one word, and leaves other words whole', () => {
    expect(splitPinyin('cishun')).toEqual(['ci', 'shun']);
    expect(splitPinyin('shanghai')).toEqual(['shang', 'hai']);
    expect(splitPinyin('chemical')).toEqual(['chemical']);
  });
  it('takes a moved place name out of the core', () => {
    expect(nameKey('Cishun Fine Chemical (Shanghai) Co.').core).toEqual(nameKey('Shanghai Cishun Fine Chemical Co., Ltd.').core);
  });
  it('copes with a huge name and an empty one', () => {
    expect(nameKey('A'.repeat(1_000_000)).raw.length).toBe(1000);
    expect(nameKey('').joined).toBe('');
    expect(nameKey('Co., Ltd.').joined).toBe('');
  });
  it('scores with Jaro-Winkler', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
  });
  it('normalises identifiers', () => {
    expect(normaliseIdentifier('website', 'https://www.AtunChemical.com/about')).toBe('atunchemical.com');
    expect(normaliseIdentifier('phone', '+86 159-2727-0571')).toBe('8615927270571');
    expect(normaliseIdentifier('uscc', '9131 0115-MA1K41CK14')).toBe('91310115MA1K41CK14');
  });
});

describe.skipIf(!existsSync(SDN))('against the OFAC SDN file', () => {
  if (!existsSync(SDN)) console.log(`skipped: ${SDN} is absent (set NARCOTRACE_SDN)`);
  const parsed = existsSync(SDN) ? parseSdn(readFileSync(SDN)) : undefined;
  const entries = parsed?.ok ? parsed.entries : [];
  const index = new PartyIndex([{ list: 'OFAC-SDN', version: '2024-05-03', entries }]);

  it('reads every record, with aliases and identifiers from the remarks', () => {
    expect(parsed?.ok).toBe(true);
    expect(entries.length).toBe(14965);
    const atun = entries.find((e) => e.entryId === '32313')!;
    expect(atun.names.map((n) => n.name)).toContain('HBATUN');
    expect(atun.identifiers).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'uscc', value: '91130104MA09YL9T2W' }), expect.objectContaining({ type: 'wallet', value: '1JPfVv5cWRLx1js9NWxg46dG2CGbeRz4th' }), expect.objectContaining({ type: 'website', value: 'www.atunchemical.com' })]));
  });

  it('matches strong identifiers exactly', () => {
    for (const [type, value, id] of [['uscc', '91310115MA1K41CK14', '29897'], ['email', '1160437003@QQ.com', '29897'], ['wallet', '3PKiHs4GY4rFg8dpppNVPXGPqMX6K2cBML', '41297'], ['website', 'https://atunchemical.com', '32313'], ['phone', '+86 159 2727 0571', '41297']] as const) {
      const hit = index.screen({ name: 'Unrelated Name Holdings', identifiers: [{ type, value }] })[0];
      expect(hit, `${type} ${value}`).toMatchObject({ entryId: id, match: 'strong' });
      expect(hit.matchedOn).toContain(type);
    }
  });

  it(`reaches recall ≥ 0.95 at precision ≥ 0.98 on ${pairs.length} labelled pairs (possible ≥ ${POSSIBLE}, strong ≥ ${STRONG})`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let crossTotal = 0;
    let crossFound = 0;
    const misses: string[] = [];
    for (const p of pairs) {
      const hits = index.screen({ name: p.query });
      const cross = p.kind === 'han' || p.kind === 'tones' || p.kind === 'spacing';
      if (p.entry) {
        const found = hits.some((h) => h.entryId === p.entry);
        if (cross) crossTotal++;
        if (found) {
          tp++;
          if (cross) crossFound++;
        } else {
          fn++;
          misses.push(`missed ${p.query} → ${p.entry} (${hits.map((h) => `${h.entryId} ${h.score}`).join(', ')})`);
        }
        fp += hits.filter((h) => h.entryId !== p.entry && !p.also?.includes(h.entryId) && h.match === 'strong').length;
      } else {
        fp += hits.length;
        if (hits.length) misses.push(`false hit ${p.query} → ${hits.map((h) => `${h.entryId} ${h.name} ${h.score}`).join(', ')}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`party matching: ${pairs.length} pairs, TP ${tp}, FP ${fp}, FN ${fn}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, cross-script recall ${(crossFound / crossTotal).toFixed(3)} (${crossFound}/${crossTotal})`);
    if (misses.length) console.log(misses.join('\n'));
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(crossFound / crossTotal).toBeGreaterThanOrEqual(0.95);
  });
});
