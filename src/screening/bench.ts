/**
 * Benchmark: screen 10,000 party names against the full OFAC SDN file with its aliases, on one thread.
 *   npx tsx src/screening/bench.ts [SDN_FILE]   (default ../shared/data/sanctions/ofac-sdn-2024-05-03.csv; skips when absent)
 * Queries: every third an SDN name with a typo, the others synthetic company and person names (Latin and Han).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseSdn } from './lists/ofac-sdn.js';
import { PartyIndex } from './match.js';

const file = process.argv[2] ?? new URL('../../../shared/data/sanctions/ofac-sdn-2024-05-03.csv', import.meta.url).pathname;
if (!existsSync(file)) {
  console.log(`skipped: ${file} is absent`);
  process.exit(0);
}
let t = performance.now();
const parsed = parseSdn(readFileSync(file));
if (!parsed.ok) throw new Error(parsed.problems[0].message);
const parseMs = performance.now() - t;
t = performance.now();
const index = new PartyIndex([{ list: 'OFAC-SDN', entries: parsed.entries }]);
const indexMs = performance.now() - t;
const SYL = ['zhang', 'wang', 'li', 'hua', 'xin', 'kang', 'tai', 'long', 'feng', 'ming', 'de', 'sheng', 'yuan', 'heng', 'da', 'jin'];
const HAN = '张王李华新康泰隆丰明德盛源恒达金';
const TRADES = ['Chemical Co., Ltd.', 'Trading Company', 'Biotechnology Co Ltd', 'Pharmaceutical Technology', '化工有限公司', '贸易有限公司', 'GmbH', 'S.A. de C.V.'];
let seed = 7;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const queries: string[] = [];
for (let i = 0; i < 10_000; i++) {
  if (i % 3 === 0) {
    const e = parsed.entries[rnd(parsed.entries.length)].name;
    const k = rnd(Math.max(1, e.length));
    queries.push(e.slice(0, k) + e.slice(k + 1));
  } else if (i % 3 === 1) queries.push(`${SYL[rnd(16)]}${SYL[rnd(16)]} ${SYL[rnd(16)]} ${TRADES[rnd(4)]}`);
  else queries.push(`${HAN[rnd(16)]}${HAN[rnd(16)]}${HAN[rnd(16)]}${TRADES[4 + rnd(2)]}`);
}
t = performance.now();
let hits = 0;
for (const q of queries) hits += index.screen({ name: q }).length;
const ms = performance.now() - t;
console.log(JSON.stringify({ entries: index.size.entries, names: index.size.names, parseMs: Math.round(parseMs), indexMs: Math.round(indexMs), queries: queries.length, ms: Math.round(ms), perSecond: Math.round((queries.length / ms) * 1000), hits }));
