/**
 * What the doors (CLI, API) do with profiles, in one place: calibrate on an agency's profiles with
 * known sources, and query links. Pure: takes profiles, returns results (stores are the caller's).
 */
import { alignProfiles } from './align.js';
import { calibrate, clustersFromSources, MIN_LINKED, MIN_UNLINKED, pairsFromSources, type CalibrationOptions, type CalibrationResult } from './calibration.js';
import { panelById, type TargetPanel } from './panels.js';
import { problem, ProblemError } from '../problems.js';
import type { ImpurityProfile } from './profile.js';

export interface CalibrateRequest extends CalibrationOptions {
  /** A built-in panel id, or a user panel; default: every compound and unknown peak in the profiles. */
  panel?: string | TargetPanel;
  riTolerance?: number;
  /** Keep variables present in at least this share of samples (default 0). */
  minPresence?: number;
}

/** Calibrates on the profiles that have a known source (`batch`): same source = linked. */
export function calibrateProfiles(profiles: readonly ImpurityProfile[], request: CalibrateRequest = {}): CalibrationResult {
  const known = profiles.filter((p) => p.batch !== undefined);
  const panel = typeof request.panel === 'string' ? panelById(request.panel) : request.panel;
  if (panel && !panel.compounds)
    throw new ProblemError(problem('INVALID_PANEL', `Panel "${panel.id}" has no compound list here: supply its compounds from ${panel.source.citation.split(':')[0]} as a user panel.`, { field: 'panel' }));
  const { variables, matrix } = alignProfiles(known, { panel, riTolerance: request.riTolerance, minPresence: request.minPresence });
  const sources = known.map((p) => p.batch);
  const pairs = pairsFromSources(sources);
  const nL = pairs.filter((p) => p.linked).length;
  if (nL < MIN_LINKED || pairs.length - nL < MIN_UNLINKED || !variables.length)
    throw new ProblemError(
      problem(
        'CALIBRATION_INSUFFICIENT',
        `Calibration needs at least ${MIN_LINKED} linked and ${MIN_UNLINKED} unlinked pairs of samples with a known source (batch), and one variable; there are ${nL} linked and ${pairs.length - nL} unlinked pairs and ${variables.length} variables.`,
      ),
    );
  return calibrate(matrix, variables, pairs, { ...request, clusters: clustersFromSources(sources) });
}
