/**
 * China's 易制毒化学品的分类和品种目录 as first scheduled (易制毒化学品管理条例, 国务院令第445号, in force 2005-11-01):
 * every item is an entry of its category whose nameZh is the schedule's own word (麻黄素, not the chemical name 麻黄碱,
 * which is a synonym), or is named in the category's gaps. The schedule's items were read in its reproduction at
 * yuhejc.cn/xinwenzixun/gongsixinwen/424.html (see data/lists/cn/CN-PRECURSOR-1.2005.yaml).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readDataFiles } from './compile.js';
import { PROJECT_ROOT } from './registry.js';

const SCHEDULE_2005: Record<string, string[]> = {
  'CN-PRECURSOR-1': [
    '1-苯基-2-丙酮', '3,4-亚甲基二氧苯基-2-丙酮', '胡椒醛', '黄樟素', '黄樟油', '异黄樟素', 'N-乙酰邻氨基苯酸', '邻氨基苯甲酸',
    '麦角酸', '麦角胺', '麦角新碱', '麻黄素', '伪麻黄素', '消旋麻黄素', '去甲麻黄素', '甲基麻黄素', '麻黄浸膏', '麻黄浸膏粉',
  ],
  'CN-PRECURSOR-2': ['苯乙酸', '醋酸酐', '三氯甲烷', '乙醚', '哌啶'],
  'CN-PRECURSOR-3': ['甲苯', '丙酮', '甲基乙基酮', '高锰酸钾', '硫酸', '盐酸'],
};

interface Entry {
  id: string;
  nameZh?: string;
  synonyms?: string[];
  effective: string;
}

describe('China precursor schedule of 2005: the schedule\'s own names', () => {
  const parts = readDataFiles(join(PROJECT_ROOT, 'data', 'lists')).parts.filter((p) => /\/CN-PRECURSOR-\d\.2005\.yaml$/.test(p.relative));

  it.each(Object.entries(SCHEDULE_2005))('%s: every item is an entry named as in the schedule, or named in a gap', (list, names) => {
    const docs = parts.filter((p) => p.relative.includes(`/${list}.`)).map((p) => parse(p.text) as { entries: Entry[]; gaps?: string[] });
    const entries = docs.flatMap((d) => d.entries).filter((e) => e.effective === '2005-11-01');
    const gaps = docs.flatMap((d) => d.gaps ?? []).join('\n');
    expect(names.filter((n) => !entries.some((e) => e.nameZh === n) && !gaps.includes(n))).toEqual([]);
  });

  it('ephedrine is 麻黄素 with 麻黄碱 as a synonym', () => {
    const doc = parse(parts.find((p) => p.relative.endsWith('CN-PRECURSOR-1.2005.yaml'))!.text) as { entries: Entry[] };
    expect(doc.entries.find((e) => e.id === 'ephedrine')).toMatchObject({ nameZh: '麻黄素', synonyms: expect.arrayContaining(['麻黄碱']) });
  });
});
