/**
 * Chinese Commercial Code decoding: the shipped Unihan table, the SDN adapter, and Han-character
 * queries matching exactly through the decoded code (fixture rows; real SDN rows when ../shared is there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSdn } from './lists/ofac-sdn.js';
import { CCC_HOMOPHONE_CAP, hanCharacters, PartyIndex, POSSIBLE, STRONG } from './match.js';
import { decodeCcc, parseTelegraphTable, telegraphTable, TELEGRAPH_FILE } from './telegraph.js';

const SDN = process.env.NARCOTRACE_SDN ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'sanctions', 'ofac-sdn-2024-05-03.csv');

/** Two rows in the SDN file's own form (12 columns, -0- for empty); the first as OFAC lists ZHENG Fujing, cut short. */
const FIXTURE = [
  '26236,"ZHENG, Fujing","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 11 Jun 1983; nationality China; Chinese Commercial Code 6774 4395 2529; a.k.a. \'ZHENG, Gordon\'."',
  '90001,"TEST, Person","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Chinese Commercial Code 0001 9999 12."',
].join('\r\n');

describe('the shipped telegraph table', () => {
  it('is the Unihan kMainlandTelegraph / kTaiwanTelegraph data with its source and licence in the header', () => {
    const text = readFileSync(TELEGRAPH_FILE, 'utf8');
    expect(text).toMatch(/^# Source: Unihan_OtherMappings\.txt, Unicode 15\.0\.0/m);
    expect(text).toMatch(/UNICODE-LICENSE\.txt/);
    expect(text).toMatch(/MODIFIED/);
    expect(existsSync(join(import.meta.dirname, '..', '..', 'data', 'screening', 'UNICODE-LICENSE.txt'))).toBe(true);
    const t = telegraphTable();
    expect(t.unicodeVersion).toBe('15.0.0');
    // Counts of the two fields in Unihan 15.0.0 (checked by the generator: one character per code).
    expect(t.mainland.size).toBe(7078);
    expect(t.taiwan.size).toBe(9022);
    expect(t.mainland.get('0001')).toBe('一');
  });

  it('decodes ZHENG Fujing’s code to 郑福景 (traditional 鄭福景)', () => {
    expect(decodeCcc('6774 4395 2529')).toEqual({ codes: ['6774', '4395', '2529'], mainland: '郑福景', taiwan: '鄭福景', unknown: [] });
  });

  it('gives no half names: an unknown or malformed group leaves the name undecoded', () => {
    const table = parseTelegraphTable('# unicode-version: 1\ncode\tmainland\ttaiwan\n0001\t一\t一\n0002\t丁\t\n');
    expect(decodeCcc('0001 0002', table)).toEqual({ codes: ['0001', '0002'], mainland: '一丁', unknown: [] });
    expect(decodeCcc('0001 9999', table)).toEqual({ codes: ['0001', '9999'], unknown: ['9999'] });
    expect(decodeCcc('0001 12', table).unknown).toEqual(['12']);
    expect(decodeCcc('', table)).toEqual({ codes: [], unknown: [] });
    expect(() => parseTelegraphTable('# nothing\n')).toThrow(/no kMainlandTelegraph/);
  });

  it('keeps only the Han characters of a name', () => {
    expect(hanCharacters('ZHENG Fujing 郑 福景')).toBe('郑福景');
    expect(hanCharacters('Ｚｈｅｎｇ')).toBe('');
  });
});

describe('CCC in the SDN adapter and the matcher (fixture rows)', () => {
  const parsed = parseSdn(new TextEncoder().encode(FIXTURE));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const index = new PartyIndex([{ list: 'OFAC-SDN', entries: parsed.entries }]);

  it('reads the code and its decoded name into the identifier', () => {
    expect(parsed.entries[0].identifiers).toContainEqual({ type: 'ccc', value: '6774 4395 2529', label: 'Chinese Commercial Code', decoded: '郑福景 / 鄭福景' });
    expect(parsed.entries[1].identifiers.find((i) => i.type === 'ccc')).toEqual({ type: 'ccc', value: '0001 9999 12', label: 'Chinese Commercial Code' });
  });

  it('matches a Han query exactly through the code, in simplified or traditional characters, and says so', () => {
    for (const q of ['郑福景', '鄭福景', 'Zheng Fujing 郑福景']) {
      const [hit] = index.screen({ name: q });
      expect(hit, q).toMatchObject({ entryId: '26236', score: 1, match: 'strong' });
      expect(hit.matchedOn).toContain('ccc');
      expect(hit.explanation[0]).toMatch(/Chinese Commercial Code 6774 4395 2529/);
    }
  });

  it('caps a homophone (same pinyin, other characters) at a possible match', () => {
    const [hit] = index.screen({ name: '郑富景' });
    expect(hit).toMatchObject({ entryId: '26236', match: 'possible' });
    expect(hit.score).toBeLessThanOrEqual(CCC_HOMOPHONE_CAP);
    expect(hit.score).toBeGreaterThanOrEqual(POSSIBLE);
    expect(hit.matchedOn).not.toContain('ccc');
    expect(hit.explanation.join(' ')).toMatch(/other characters/);
  });

  it('leaves Latin queries as they were', () => {
    const [hit] = index.screen({ name: 'Zheng Fujing' });
    expect(hit).toMatchObject({ entryId: '26236', score: 1, matchedOn: ['name'] });
  });
});

describe.skipIf(!existsSync(SDN))('CCC in the real SDN file', () => {
  if (!existsSync(SDN)) console.log(`skipped: ${SDN} is absent (set NARCOTRACE_SDN)`);
  const parsed = existsSync(SDN) ? parseSdn(readFileSync(SDN)) : undefined;
  const entries = parsed?.ok ? parsed.entries : [];
  const index = new PartyIndex([{ list: 'OFAC-SDN', version: '2024-05-03', entries }]);

  it('decodes every Chinese Commercial Code in the file (12 rows), each to as many characters as codes', () => {
    const ccc = entries.flatMap((e) => e.identifiers.filter((i) => i.type === 'ccc').map((i) => ({ e, i })));
    expect(ccc.length).toBe(12);
    for (const { e, i } of ccc) {
      const d = decodeCcc(i.value);
      expect(d.unknown, e.name).toEqual([]);
      expect([...d.mainland!].length).toBe(d.codes.length);
      // The name is a person's name: the family name's pinyin is the first word of the listed name.
      const [hit] = index.screen({ name: d.mainland! });
      expect(hit, `${e.name} ${d.mainland}`).toMatchObject({ entryId: e.entryId, score: 1, match: 'strong' });
      expect(hit.matchedOn).toContain('ccc');
    }
    expect(entries.find((e) => e.entryId === '26236')!.identifiers.find((i) => i.type === 'ccc')!.decoded).toBe('郑福景 / 鄭福景');
  });

  it(`a homophone of a listed name is possible (≤ ${CCC_HOMOPHONE_CAP}), not strong (≥ ${STRONG})`, () => {
    // ZHANG, Lei (16318) is 张磊 (1728 4320); 张雷 reads the same.
    const hit = index.screen({ name: '张雷' }).find((h) => h.entryId === '16318');
    expect(hit).toMatchObject({ match: 'possible' });
    expect(index.screen({ name: '张磊' }).find((h) => h.entryId === '16318')).toMatchObject({ match: 'strong', score: 1 });
  });
});
