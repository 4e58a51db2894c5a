import { describe, expect, it } from 'vitest';
import { ROUTE_MARKERS } from '../../../src/attribution/markers.js';
import { METRICS } from '../../../src/attribution/linkage.js';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh.json' with { type: 'json' };
import { forceLayout, packedLayout } from './AttributionGraph.js';
import { formatLr, verbalScale } from './attribution-scale.js';

type Tree = { [key: string]: string | Tree };
function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

describe('the verbal scale of a likelihood ratio (ENFSI 2015)', () => {
  it.each([
    [0, 'none', 'neither'],
    [0.5, 'weak', 'same'],
    [1, 'weak', 'same'],
    [1.5, 'moderate', 'same'],
    [2.5, 'moderatelyStrong', 'same'],
    [3.5, 'strong', 'same'],
    [5, 'veryStrong', 'same'],
    [6.5, 'extremelyStrong', 'same'],
    [Infinity, 'extremelyStrong', 'same'],
    [-0.3, 'weak', 'different'],
    [-3.2, 'strong', 'different'],
    [-Infinity, 'extremelyStrong', 'different'],
    [NaN, 'none', 'neither'],
  ])('log10 LR %s is %s support for %s', (log10Lr, level, supports) => {
    expect(verbalScale(log10Lr)).toEqual({ level, supports });
  });

  it('writes the LR plainly when moderate and in powers of ten when extreme', () => {
    expect(formatLr(0)).toBe('1.00');
    expect(formatLr(Math.log10(250))).toBe('250');
    expect(formatLr(-1)).toBe('0.10');
    expect(formatLr(5.3)).toBe('2.0 × 10^5');
    expect(formatLr(4.99999)).toBe('1.0 × 10^5');
    expect(formatLr(-4)).toBe('1.0 × 10^-4');
    expect(formatLr(Infinity)).toBe('∞');
  });

  it('has every level, metric, strength and marker sentence in both catalogues', () => {
    const keys = [
      ...['weak', 'moderate', 'moderatelyStrong', 'strong', 'veryStrong', 'extremelyStrong'].map((l) => `attribution.verbal.level.${l}`),
      ...['same', 'different', 'neither'].map((s) => `attribution.verbal.${s}`),
      ...METRICS.map((m) => `attribution.metric.${m}`),
      ...ROUTE_MARKERS.flatMap((m) => [m.messageKey, `attribution.strength.${m.strength}`]),
    ];
    const missing = keys.flatMap((k) => [...(lookup(en as Tree, k) ? [] : [`en:${k}`]), ...(lookup(zh as Tree, k) ? [] : [`zh:${k}`])]);
    expect(missing).toEqual([]);
    // The marker sentences say what the server's statements say.
    expect(lookup(en as Tree, 'attribution.marker.phenethyl4anpp')?.replace('{{cite}}', 'Vandeputte et al. 2021')).toBe('phenethyl-4-ANPP present: reported as a by-product of one-pot routes (Vandeputte et al. 2021).');
  });
});

describe('the link graph layout', () => {
  it('is deterministic, stays on the canvas, and puts linked samples closer than unlinked ones', () => {
    const samples = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'];
    const edges = [
      { a: 'a1', b: 'a2' },
      { a: 'a2', b: 'a3' },
      { a: 'b1', b: 'b2' },
      { a: 'b2', b: 'b3' },
    ];
    const one = forceLayout(samples, edges, 720, 440);
    expect(forceLayout(samples, edges, 720, 440)).toEqual(one);
    for (const p of one.values()) {
      expect(p.x).toBeGreaterThanOrEqual(20);
      expect(p.x).toBeLessThanOrEqual(700);
      expect(p.y).toBeGreaterThanOrEqual(20);
      expect(p.y).toBeLessThanOrEqual(420);
    }
    const dist = (s: string, t: string) => Math.hypot(one.get(s)!.x - one.get(t)!.x, one.get(s)!.y - one.get(t)!.y);
    expect(dist('a1', 'a2')).toBeLessThan(dist('a1', 'b1'));
    expect(dist('b2', 'b3')).toBeLessThan(dist('a3', 'b3'));
  });

  it('lays each cluster out in its own square, side by side within the width', () => {
    const nodes = [...['a1', 'a2', 'a3'].map((sample) => ({ sample, cluster: 1 })), ...['b1', 'b2'].map((sample) => ({ sample, cluster: 2 }))];
    const { positions, height } = packedLayout(nodes, [{ a: 'a1', b: 'a2' }, { a: 'a2', b: 'a3' }, { a: 'b1', b: 'b2' }], 720);
    const xs = (prefix: string) => [...positions].filter(([s]) => s.startsWith(prefix)).map(([, p]) => p.x);
    // The bigger cluster comes first; the squares do not overlap.
    expect(Math.max(...xs('a'))).toBeLessThan(Math.min(...xs('b')));
    for (const p of positions.values()) expect(p.y).toBeLessThanOrEqual(height);
    expect(height).toBeGreaterThanOrEqual(120);
  });
});
