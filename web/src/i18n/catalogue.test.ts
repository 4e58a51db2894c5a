import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENCY_KINDS, ROLES } from '../api/types.js';
import en from './en.json' with { type: 'json' };
import zh from './zh.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const EN = flatten(en as Tree);
const ZH = flatten(zh as Tree);
const srcDir = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A key i18next can resolve: itself, or its plural forms. */
function resolvable(catalogue: Map<string, string>, key: string): boolean {
  return catalogue.has(key) || catalogue.has(`${key}_other`);
}

describe('UI message catalogues', () => {
  it('have exactly the same keys in English and Chinese', () => {
    expect([...ZH.keys()].sort()).toEqual([...EN.keys()].sort());
  });

  it('have no empty values', () => {
    for (const [lang, cat] of [['en', EN], ['zh', ZH]] as const) {
      const empty = [...cat].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const mismatched = [...EN].filter(([k, v]) => JSON.stringify(vars(v)) !== JSON.stringify(vars(ZH.get(k) ?? ''))).map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('translate the Chinese catalogue (no English sentence copied across)', () => {
    // Identical values are allowed only for names, codes and formats that read the same in both languages.
    const sameOk = new Set(['app.title', 'result.inchikey', 'matchedBy.inchikey', 'jobs.placeholder']);
    const copied = [...EN].filter(([k, v]) => ZH.get(k) === v && !sameOk.has(k) && /[a-z]{3}/.test(v)).map(([k]) => k);
    expect(copied).toEqual([]);
  });

  it('contain every literal key the UI sources pass to t()', () => {
    const missing: string[] = [];
    for (const file of sources(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        if (!resolvable(EN, m[1])) missing.push(`${file.slice(srcDir.length)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('contain every key the UI builds from data (error codes, file problems, roles, states)', () => {
    const dynamic = [
      ...['FILE_TOO_LARGE', 'UNSUPPORTED_FILE', 'EMPTY_FILE'].map((c) => `file.${c}`),
      ...['FILE_TOO_LARGE', 'UNSUPPORTED_LIST_FILE', 'EMPTY_FILE'].map((c) => `jobs.file.${c}`),
      ...ROLES.map((r) => `role.${r}`),
      ...AGENCY_KINDS.map((k) => `agencyKind.${k}`),
      ...['active', 'expired', 'revoked'].map((s) => `tokens.state.${s}`),
      ...['queued', 'running', 'done', 'failed', 'cancelled'].map((s) => `jobs.states.${s}`),
      ...['fentanyl', 'benzylfentanyl', 'ethanol'].map((x) => `examples.${x}`),
      ...['en', 'zh'].map((l) => `lang.${l}`),
      ...['zh', 'other'].map((l) => `language.${l}`),
      ...['match', 'no-match', 'review'].map((x) => `rules.expect.${x}`),
    ];
    expect(dynamic.filter((k) => !EN.has(k))).toEqual([]);
  });
});
