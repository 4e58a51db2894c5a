/** The result page's document links: one per document the server generates, in both catalogues. */
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS as SERVER_KINDS } from '../../../src/screening/documents.js';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh.json' with { type: 'json' };
import { DOCUMENT_KINDS, documentUrl } from './ScreeningResult.js';

type Tree = { [key: string]: string | Tree };
const has = (tree: Tree, key: string) => {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
};

describe('screening documents on the results page', () => {
  it('links every document the server makes, with its route, format and language', () => {
    expect([...DOCUMENT_KINDS]).toEqual([...SERVER_KINDS]);
    expect(documentUrl(12, 'dea-486', 'html', 'zh')).toBe('/api/screening/12/documents/dea-486?format=html&lang=zh');
    expect(documentUrl(12, 'suspicious-order-report', 'pdf', 'en')).toBe('/api/screening/12/documents/suspicious-order-report?format=pdf&lang=en');
    expect(documentUrl(12, 'end-use-declaration', 'json', 'en')).toBe('/api/screening/12/documents/end-use-declaration?format=json');
  });
  it('names each document in English and Chinese', () => {
    const keys = [...DOCUMENT_KINDS.map((k) => `screening.documents.kinds.${k}`), ...['title', 'help', 'pdf', 'json', 'notStored'].map((k) => `screening.documents.${k}`)];
    expect(keys.filter((k) => !has(en as Tree, k) || !has(zh as Tree, k))).toEqual([]);
  });
});
