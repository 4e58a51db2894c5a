import { describe, expect, it } from 'vitest';
import { missingReason, sharedFile } from '../src/reference-data.js';
import { SOURCES, validate } from './validate-fentanyl-analogs.js';

const available = SOURCES.every((s) => sharedFile(s.file));
if (!available) console.log(missingReason(SOURCES[0].file));

describe.skipIf(!available)('validation over the fentanyl-analogue reference sets', () => {
  it('classifies every structure without error, and most fall in both classes', async () => {
    const { rows } = await validate();
    expect(rows.length).toBeGreaterThan(350);
    expect(rows.filter((r) => r.error).map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    // Sanity: these sets are fentanyl analogues, so the classes must cover most of them.
    expect(rows.filter((r) => r.us?.status === 'match').length / rows.length).toBeGreaterThan(0.6);
    expect(rows.filter((r) => r.cn?.status === 'match').length / rows.length).toBeGreaterThan(0.8);
  }, 120_000);
});
