/** The attribution module's error codes: bad profile files and panels, unknown records, calibrations that cannot be made. */
import { defineProblems, type CodesOf } from '../problems.js';

export const ATTRIBUTION_PROBLEMS = defineProblems({
  INVALID_PROFILE_CSV: { status: 400, meaning: 'A line of an impurity-profile CSV cannot be read (`where.line` names it, `where.field` the column); other lines are still imported.' },
  NO_PROFILES: { status: 400, meaning: 'An impurity-profile file holds no readable peak, so nothing was imported.' },
  INVALID_PANEL: { status: 400, meaning: 'A target-compound panel does not match the panel format (`where.field` names the place).' },
  UNKNOWN_PANEL: { status: 404, meaning: 'No target-compound panel with that id.' },
  PROFILE_NOT_FOUND: { status: 404, meaning: 'No impurity profile with that id or sample name (or not visible to the caller).' },
  CALIBRATION_NOT_FOUND: { status: 404, meaning: 'No linkage calibration with that id (or not visible to the caller).' },
  CALIBRATION_INSUFFICIENT: { status: 400, meaning: 'Too few known linked or unlinked pairs to calibrate (at least 5 linked and 20 unlinked), or no variable in common.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof ATTRIBUTION_PROBLEMS> {}
}
