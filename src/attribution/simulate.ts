/**
 * A documented simulation of impurity profiles with a known answer (no openly licensed fentanyl
 * impurity-profile data set exists; issue #14). Each batch (production source) has a true profile;
 * its samples are that profile with analytical noise, a random injection amount, and peaks below a
 * detection limit lost.
 *
 *   population:   each compound j has a typical log-abundance μ_j ~ N(0, populationSd²)
 *   batch b:      log a_bj = μ_j + betweenBatchSd · ε_bj; the compound is present in the batch with
 *                 probability `presence` (a by-product a route or a cook does not make is absent)
 *   sample s:     area_sj = a_bj · exp(σ_w ε − σ_w²/2) · k_s, σ_w² = ln(1 + withinBatchCv²) (log-normal
 *                 with coefficient of variation `withinBatchCv`), k_s = exp(injectionSd · ε) the amount
 *   detection:    a peak below `detectionLimit` × the sample's total area is reported absent (0)
 *
 * `sharedSignature: false` makes every sample its own batch draw, i.e. samples of a "batch" share
 * nothing: linkage must then do no better than chance (AUC ≈ 0.5).
 */
import type { ImpurityProfile } from './profile.js';
import { seededRng } from './rng.js';

export interface SimulationParams {
  /** Draws the batches and samples. */
  seed: number;
  /** Draws the population (μ): sets with the same population seed are the same drug market. */
  populationSeed: number;
  compounds: number;
  batches: number;
  samplesPerBatch: number;
  populationSd: number;
  betweenBatchSd: number;
  withinBatchCv: number;
  presence: number;
  injectionSd: number;
  detectionLimit: number;
  sharedSignature: boolean;
}

/** Defaults: 26 target compounds (the size of the CHAMP panel), analytical CV 15% (within the 5–20% reported for GC-MS peak areas in profiling work). */
export const DEFAULT_SIMULATION: SimulationParams = {
  seed: 1,
  populationSeed: 7,
  compounds: 26,
  batches: 40,
  samplesPerBatch: 5,
  populationSd: 1.5,
  betweenBatchSd: 0.3,
  withinBatchCv: 0.15,
  presence: 0.85,
  injectionSd: 0.3,
  detectionLimit: 0.002,
  sharedSignature: true,
};

export function simulateProfiles(overrides: Partial<SimulationParams> = {}): ImpurityProfile[] {
  const p = { ...DEFAULT_SIMULATION, ...overrides };
  const pop = seededRng(p.populationSeed);
  const mu = Array.from({ length: p.compounds }, () => p.populationSd * pop.normal());
  const rng = seededRng(p.seed);
  const drawBatch = () => mu.map((m) => (rng.next() < p.presence ? Math.exp(m + p.betweenBatchSd * rng.normal()) : 0));
  const sw = Math.sqrt(Math.log(1 + p.withinBatchCv ** 2));
  const out: ImpurityProfile[] = [];
  for (let b = 0; b < p.batches; b++) {
    const truth = drawBatch();
    for (let s = 0; s < p.samplesPerBatch; s++) {
      const base = p.sharedSignature ? truth : drawBatch();
      const k = Math.exp(p.injectionSd * rng.normal());
      const areas = base.map((a) => (a > 0 ? a * Math.exp(sw * rng.normal() - (sw * sw) / 2) * k * 1000 : 0));
      const total = areas.reduce((x, y) => x + y, 0);
      out.push({
        sample: `B${String(b + 1).padStart(3, '0')}-S${s + 1}`,
        batch: `B${String(b + 1).padStart(3, '0')}`,
        peaks: areas.map((area, j) => ({ compound: `compound ${String(j + 1).padStart(3, '0')}`, area: area >= p.detectionLimit * total ? Number(area.toPrecision(6)) : 0 })),
      });
    }
  }
  return out;
}
