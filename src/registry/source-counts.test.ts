/**
 * The DEA-list accounting that docs/registry.md prints (src/registry/source-counts.ts) agrees with the US
 * completeness test: all 511 rows of the list of 2020-08-20, per schedule, are entries or named gaps. (China's
 * accounting is tested in cn-counts.test.ts.) Skips when ../shared is absent.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingReason, sharedFile } from '../reference-data.js';
import { readDataFiles } from './compile.js';
import { loadRegistry, PROJECT_ROOT } from './registry.js';
import { DEA_LIST, deaListCounts } from './source-counts.js';
import type { Registry } from './types.js';

const dea = sharedFile(DEA_LIST);
if (!dea) console.log(`The DEA list accounting ${missingReason(DEA_LIST)}`);

describe.skipIf(!dea)('DEA list of 2020-08-20: the report\'s accounting', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await loadRegistry({ cacheFile: false });
  });

  it('counts 511 rows over Schedules I-V and accounts for each', () => {
    const sections = deaListCounts(registry, readDataFiles(join(PROJECT_ROOT, 'data', 'lists')), dea!);
    expect(sections.map((s) => s.list)).toEqual(['US-CSA-I', 'US-CSA-II', 'US-CSA-III', 'US-CSA-IV', 'US-CSA-V']);
    expect(sections.reduce((n, s) => n + s.stated, 0)).toBe(511);
    expect(sections.flatMap((s) => s.missing)).toEqual([]);
    for (const s of sections) expect(s.entries + s.gaps, s.list).toBe(s.stated);
  });
});
