/** The list adapters on bad input: wrong column count, bad encoding, truncated line, empty fields, a huge name. Nothing partial is returned. */
import { describe, expect, it } from 'vitest';
import { parseListCsv } from './csv.js';
import { parseRemarks, parseSdn } from './ofac-sdn.js';

const enc = (s: string) => new TextEncoder().encode(s);
const GOOD = '1,"ACME CHEMICAL CO., LTD.",-0- ,"ILLICIT-DRUGS-EO14059",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'ACME\'; Email Address x@acme.test."\r\n';

describe('sdn.csv', () => {
  it('reads a record, its alias and e-mail, and a Latin-1 name', () => {
    const latin1 = Uint8Array.from([...GOOD.replace('ACME CHEMICAL', 'GARC\u00cdA CHEMICAL')].map((c) => c.charCodeAt(0)));
    const r = parseSdn(latin1);
    expect(r.ok && r.entries[0]).toMatchObject({ entryId: '1', name: 'GARCÍA CHEMICAL CO., LTD.', programs: ['ILLICIT-DRUGS-EO14059'], names: [{ kind: 'primary' }, { name: 'ACME', kind: 'aka' }], identifiers: [{ type: 'email', value: 'x@acme.test' }] });
  });
  it('reports a wrong column count with its line and imports nothing', () => {
    const r = parseSdn(enc(GOOD + '2,"SHORT",-0- \r\n' + GOOD.replace('1,', '3,')));
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'INVALID_LIST_RECORD', where: { line: 2 } }] });
  });
  it('reports a truncated line (an unclosed quote)', () => {
    const r = parseSdn(enc(GOOD + '2,"TRUNC'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.at(-1)).toMatchObject({ code: 'INVALID_LIST_RECORD', where: { line: 2 } });
  });
  it('refuses a bad encoding (UTF-16, NUL bytes)', () => {
    expect(parseSdn(Uint8Array.from([0xff, 0xfe, 0x31, 0]))).toMatchObject({ ok: false, problems: [{ code: 'INVALID_LIST_ENCODING' }] });
  });
  it('refuses empty names, bad entry numbers and huge names', () => {
    expect(parseSdn(enc(GOOD.replace('"ACME CHEMICAL CO., LTD."', '-0- ')))).toMatchObject({ ok: false, problems: [{ where: { field: 'SDN_Name' } }] });
    expect(parseSdn(enc(GOOD.replace('1,', 'x,')))).toMatchObject({ ok: false, problems: [{ where: { field: 'ent_num' } }] });
    expect(parseSdn(enc(GOOD.replace('ACME CHEMICAL', 'A'.repeat(5000))))).toMatchObject({ ok: false });
    expect(parseSdn(enc(''))).toMatchObject({ ok: false, problems: [{ code: 'EMPTY_INPUT' }] });
  });
  it('reads identifiers out of remarks', () => {
    const r = parseRemarks("Website www.atunchemical.com; Digital Currency Address - XBT 1JPfVv5; Unified Social Credit Code (USCC) 91130104MA09YL9T2W (China); National ID No. 442521195403202412 (China) issued 14 Dec 2006; Chinese Commercial Code 6774 4395 2529; a.k.a. 'HBATUN'.");
    expect(r.identifiers.map((i) => [i.type, i.value])).toEqual([['website', 'www.atunchemical.com'], ['wallet', '1JPfVv5'], ['uscc', '91130104MA09YL9T2W'], ['national-id', '442521195403202412'], ['ccc', '6774 4395 2529']]);
    expect(r.names).toEqual([{ name: 'HBATUN', kind: 'aka' }]);
  });
});

describe('generic CSV list', () => {
  it('reads a header and rows with several values per cell', () => {
    const r = parseListCsv(enc('id,name,aliases,emails,type\nB1,某某化工有限公司,Moumou Chemical|MM Chem,a@b.test;c@d.test,entity\n'));
    expect(r.ok && r.entries[0]).toMatchObject({ entryId: 'B1', names: [{ name: '某某化工有限公司' }, { name: 'Moumou Chemical' }, { name: 'MM Chem' }], identifiers: [{ type: 'email', value: 'a@b.test' }, { type: 'email', value: 'c@d.test' }] });
  });
  it('needs a name column and the header’s column count', () => {
    expect(parseListCsv(enc('id,title\n1,x\n'))).toMatchObject({ ok: false, problems: [{ where: { line: 1 } }] });
    expect(parseListCsv(enc('id,name\n1,x,extra\n'))).toMatchObject({ ok: false, problems: [{ where: { line: 2 } }] });
  });
});
