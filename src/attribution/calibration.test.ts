import { describe, expect, it } from 'vitest';
import { alignProfiles } from './align.js';
import { calibrate, clustersFromSources, cllr, log10LrOf, nonIncreasing, pairsFromSources, rocAuc, thresholdAtFpr } from './calibration.js';
import { evaluateOnSimulation } from './evaluate.js';
import { linkGraph } from './graph.js';
import { applyPretreatment, distance, fitPretreatment } from './linkage.js';
import { simulateProfiles } from './simulate.js';

describe('pretreatments and metrics', () => {
  it('computes each distance', () => {
    const a = [1, 2, 3];
    const b = [2, 4, 6];
    expect(distance('pearson', a, b)).toBeCloseTo(0, 12);
    expect(distance('cosine', a, b)).toBeCloseTo(0, 12);
    expect(distance('pearson', a, [3, 2, 1])).toBeCloseTo(2, 12);
    expect(distance('euclidean', a, b)).toBeCloseTo(Math.sqrt(14), 12);
    expect(distance('manhattan', a, b)).toBe(6);
    expect(distance('canberra', [0, 1, 2], [0, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('normalises to the sum and transforms', () => {
    expect(applyPretreatment({ id: 'N' }, [1, 3])).toEqual([25, 75]);
    expect(applyPretreatment({ id: 'N+root4' }, [0, 16])).toEqual([0, Math.sqrt(10)]);
    expect(applyPretreatment({ id: 'log' }, [9, 99])).toEqual([1, 2]);
    const ns = fitPretreatment('N+S', [
      [1, 1],
      [1, 3],
    ]);
    expect(applyPretreatment(ns, [1, 1])[0]).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('ROC, threshold and likelihood ratio', () => {
  it('computes AUC with ties and the threshold at a false-positive rate', () => {
    expect(rocAuc([1, 2], [3, 4])).toBe(1);
    expect(rocAuc([3, 4], [1, 2])).toBe(0);
    expect(rocAuc([1], [1])).toBe(0.5);
    const unlinked = Array.from({ length: 1000 }, (_, i) => i);
    expect(thresholdAtFpr(unlinked, 0.005)).toBe(5); // distances 0–4 (5 of 1000) are below it
    expect(nonIncreasing([3, 1, 2, 0])).toEqual([3, 1.5, 1.5, 0]);
    expect(cllr([0], [0])).toBeCloseTo(1, 12);
  });
});

describe('calibration on simulated profiles with a known answer', () => {
  const profiles = simulateProfiles({ seed: 11 });
  const sources = profiles.map((p) => p.batch);
  const { variables, matrix } = alignProfiles(profiles);
  const result = calibrate(matrix, variables, pairsFromSources(sources), { clusters: clustersFromSources(sources) });

  it('separates batches with a shared impurity signature', () => {
    expect(result.linkedPairs).toBe(40 * 10);
    expect(result.unlinkedPairs).toBe((200 * 199) / 2 - 400);
    expect(result.candidates).toHaveLength(45);
    expect(result.chosen.auc).toBeGreaterThan(0.99);
    expect(result.tpr.value).toBeGreaterThan(0.9);
    expect(result.fpr.value).toBeLessThanOrEqual(0.005);
    expect(result.fpr.ci[0]).toBeLessThanOrEqual(result.fpr.value);
    expect(result.fpr.ci[1]).toBeGreaterThanOrEqual(result.fpr.value);
    expect(result.cllr).toBeLessThan(0.2);
  });

  it('fits a likelihood ratio that never rises with distance, above 1 for linked and below 1 for unlinked distances', () => {
    const v = result.model.lr.log10Lr;
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeLessThanOrEqual(v[i - 1]);
    const t = result.model.threshold;
    expect(log10LrOf(result.model.lr, t / 10)).toBeGreaterThan(0);
    expect(log10LrOf(result.model.lr, t * 10)).toBeLessThan(0);
    expect(log10LrOf(result.model.lr, 0)).toBeGreaterThanOrEqual(log10LrOf(result.model.lr, t));
  });

  it('holds its false-positive rate on independent data: the achieved FPR lies within the calibration interval', () => {
    for (const seed of [1, 2, 3]) {
      const r = evaluateOnSimulation({ seed, withinBatchCv: 0.3 });
      expect(r.test.fpr).toBeGreaterThanOrEqual(r.calibration.fpr.ci[0]);
      expect(r.test.fpr).toBeLessThanOrEqual(r.calibration.fpr.ci[1]);
      expect(r.test.auc).toBeGreaterThan(0.99);
      expect(r.test.cllr).toBeLessThan(0.2);
    }
  });

  it('finds no link among independent samples: AUC near 0.5 and an uninformative LR', () => {
    const r = evaluateOnSimulation({ sharedSignature: false });
    expect(Math.abs(r.calibration.auc - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(r.test.auc - 0.5)).toBeLessThan(0.06);
    expect(r.test.cllr).toBeGreaterThan(0.9);
  });

  it('degrades with analytical noise, as reported', () => {
    const tprs = [0.05, 0.3, 1].map((cv) => evaluateOnSimulation({ withinBatchCv: cv }).test.tpr);
    expect(tprs[0]).toBeGreaterThanOrEqual(tprs[1]);
    expect(tprs[1]).toBeGreaterThan(tprs[2]);
  });

  it('groups linked samples into clusters that are the true batches', () => {
    const few = simulateProfiles({ seed: 5, batches: 6, withinBatchCv: 0.05 });
    const graph = linkGraph(result.model, few);
    expect(graph.clusters).toHaveLength(6);
    for (const c of graph.clusters) expect(new Set(c.samples.map((s) => s.slice(0, 4))).size).toBe(1);
  });

  it('refuses to calibrate on too few pairs', () => {
    expect(() => calibrate(matrix.slice(0, 4), variables, pairsFromSources(sources.slice(0, 4)))).toThrow(/at least/);
  });
});
