/** The jurisdictions are data (data/jurisdictions.yaml): loaded, validated with file and line, and extensible without code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../problems.js';
import {
  DEFAULT_JURISDICTIONS_FILE,
  isJurisdiction,
  jurisdictionCodeSchema,
  jurisdictionInfos,
  jurisdictionOfId,
  JURISDICTIONS,
  loadJurisdictions,
  parseJurisdictionsFile,
  prefixedIdSchema,
  validateJurisdictionsFile,
} from './jurisdictions.js';
import { listInfoSchema } from './schema.js';

const fixtures = join(import.meta.dirname, '__fixtures__', 'jurisdictions');

describe('data/jurisdictions.yaml', () => {
  it('defines US, CN and UN, in the default order of a verdict', () => {
    expect(JURISDICTIONS).toEqual(['US', 'CN', 'UN']);
  });

  it('names each in English and 中文, with its kind', () => {
    expect(jurisdictionInfos().map(({ id, names, kind }) => ({ id, names, kind }))).toEqual([
      { id: 'US', names: { en: 'United States', zh: '美国' }, kind: 'country' },
      { id: 'CN', names: { en: 'China', zh: '中国' }, kind: 'country' },
      { id: 'UN', names: { en: 'United Nations (international conventions)', zh: '联合国（国际公约）' }, kind: 'international' },
    ]);
  });

  it('isJurisdiction accepts exactly the defined ids', () => {
    expect(JURISDICTIONS.every(isJurisdiction)).toBe(true);
    for (const x of ['EU', 'us', '', 'US-', 'USA']) expect(isJurisdiction(x), x).toBe(false);
  });

  it('jurisdictionOfId gives the prefix before the first hyphen when it is a known jurisdiction', () => {
    expect(jurisdictionOfId('US-CSA-II')).toBe('US');
    expect(jurisdictionOfId('CN-FENTANYL-CLASS')).toBe('CN');
    expect(jurisdictionOfId('UN-1988-I')).toBe('UN');
    for (const x of ['EU-DRUGS', 'US', 'USA-CSA', '-US', '']) expect(jurisdictionOfId(x), x).toBeUndefined();
  });
});

describe('a bad jurisdictions file', () => {
  it('stops loading with INVALID_DATA naming the file, line and field of every problem', () => {
    const file = join(fixtures, 'invalid.yaml');
    const error = (() => {
      try {
        loadJurisdictions(file);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProblemError);
    const { code, message } = (error as ProblemError).problem;
    expect(code).toBe('INVALID_DATA');
    expect(message).toContain(`The jurisdictions in ${file} are invalid (3 problems)`);
    expect(message).toContain(`${file}:4: jurisdictions[0].names.zh:`);
    expect(message).toContain(`${file}:6: jurisdictions[1].id: must be upper-case letters and digits`);
    expect(message).toContain(`${file}:11: jurisdictions[2].kind: must be country or international`);
  });

  it('reports an unknown field, an empty list, a repeated id and broken YAML', () => {
    const issues = (text: string) => validateJurisdictionsFile(text, 'j.yaml').issues.map((i) => `${i.line ?? '-'} ${i.message}`);
    expect(issues('jurisdictions:\n  - id: US\n    names: { en: A, zh: B }\n    kind: country\n    colour: red\n')).toEqual([
      expect.stringMatching(/^2 jurisdictions\[0\]: Unrecognized key: "colour"/),
    ]);
    expect(issues('jurisdictions: []\n')).toEqual([expect.stringMatching(/^1 jurisdictions: must name at least one jurisdiction/)]);
    const twice = 'jurisdictions:\n  - id: US\n    names: { en: A, zh: B }\n    kind: country\n  - id: US\n    names: { en: C, zh: D }\n    kind: country\n';
    expect(issues(twice)).toEqual(['5 jurisdictions[1].id: US is defined twice']);
    expect(issues('jurisdictions: [\n')[0]).toMatch(/YAML:/);
  });

  it('the message of a missing file names the path', () => {
    expect(() => loadJurisdictions(join(fixtures, 'absent.yaml'))).toThrow(/The jurisdictions cannot be read from .*absent\.yaml/);
  });
});

describe('a jurisdiction is a data change', () => {
  const withEu = `${readFileSync(DEFAULT_JURISDICTIONS_FILE, 'utf8')}  - id: EU\n    names: { en: "European Union", zh: "欧洲联盟" }\n    kind: international\n`;

  it('a fourth jurisdiction in the data is accepted by the id and jurisdiction checks', () => {
    const set = parseJurisdictionsFile(withEu, 'test.yaml');
    expect(set.ids).toEqual(['US', 'CN', 'UN', 'EU']);
    expect(set.ofId('EU-DRUGS-I')).toBe('EU');
    expect(prefixedIdSchema(set).safeParse('EU-DRUGS-I').success).toBe(true);
    expect(jurisdictionCodeSchema(set).safeParse('EU').success).toBe(true);
    expect(prefixedIdSchema(set).safeParse('EU-drugs').success).toBe(false);
  });

  it('without it, the same ids are refused with a message that lists the known ones', () => {
    const id = prefixedIdSchema().safeParse('EU-DRUGS-I');
    expect(id.success).toBe(false);
    expect(id.error?.issues[0].message).toBe('must look like US-…, CN-… or UN-…');
    const code = jurisdictionCodeSchema().safeParse('EU');
    expect(code.error?.issues[0].message).toBe('must be a jurisdiction defined in data/jurisdictions.yaml: US, CN or UN');
  });

  it('the list schema uses the loaded set', () => {
    const list = { id: 'EU-DRUGS-I', jurisdiction: 'EU', category: 'drug', title: { en: 'x', original: 'x', language: 'en' }, instrument: 'x', citation: 'x' };
    const result = listInfoSchema.safeParse(list);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['id', 'jurisdiction']);
    expect(listInfoSchema.safeParse({ ...list, id: 'US-DRUGS-I', jurisdiction: 'US' }).success).toBe(true);
  });
});
