/**
 * The evaluation the issue asks for: calibrate on one simulated set, measure on an independent one
 * (another seed, the same parameters): AUC, TPR and FPR at the calibrated threshold, and Cllr of the
 * score-based LR; repeated over noise levels so the report says where the method holds.
 */
import { alignProfiles, placeProfile } from './align.js';
import { calibrate, cllr, clustersFromSources, log10LrOf, pairDistances, pairsFromSources, rateBelow, rocAuc, type CalibrationOptions, type CalibrationResult } from './calibration.js';
import { simulateProfiles, type SimulationParams } from './simulate.js';

export interface EvaluationRow {
  params: Partial<SimulationParams>;
  chosen: string;
  calibration: Pick<CalibrationResult, 'tpr' | 'fpr' | 'cllr' | 'linkedPairs' | 'unlinkedPairs'> & { auc: number };
  test: { auc: number; tpr: number; fpr: number; cllr: number; linkedPairs: number; unlinkedPairs: number };
}

export function evaluateOnSimulation(params: Partial<SimulationParams>, options: CalibrationOptions = {}): EvaluationRow {
  const train = simulateProfiles({ ...params, seed: params.seed ?? 1 });
  const test = simulateProfiles({ ...params, seed: (params.seed ?? 1) + 1000 });
  const { variables, matrix } = alignProfiles(train);
  const sources = train.map((p) => p.batch);
  const cal = calibrate(matrix, variables, pairsFromSources(sources), { clusters: clustersFromSources(sources), ...options });
  const rows = test.map((p) => placeProfile(p, cal.model.variables));
  const { linked, unlinked } = pairDistances(rows, pairsFromSources(test.map((p) => p.batch)), cal.model.pretreatment, cal.model.metric);
  return {
    params,
    chosen: `${cal.chosen.pretreatment} × ${cal.chosen.metric}`,
    calibration: { auc: cal.chosen.auc, tpr: cal.tpr, fpr: cal.fpr, cllr: cal.cllr, linkedPairs: cal.linkedPairs, unlinkedPairs: cal.unlinkedPairs },
    test: {
      auc: rocAuc(linked, unlinked),
      tpr: rateBelow(linked, cal.model.threshold),
      fpr: rateBelow(unlinked, cal.model.threshold),
      cllr: cllr(
        linked.map((d) => log10LrOf(cal.model.lr, d)),
        unlinked.map((d) => log10LrOf(cal.model.lr, d)),
      ),
      linkedPairs: linked.length,
      unlinkedPairs: unlinked.length,
    },
  };
}
