/**
 * What the attribution module guards: reading one's agency's impurity profiles, calibrations and link
 * queries (every role); importing profiles and calibrating (analysts and admins).
 */
import { definePermissions } from '../identity/access.js';

export const ATTRIBUTION_PERMISSIONS = definePermissions({
  'attribution:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'List and read one’s agency’s impurity profiles and linkage calibrations; query links and route indicators.' },
  'attribution:write': { roles: ['analyst', 'admin'], meaning: 'Import impurity profiles into one’s agency, delete them, and calibrate linkage on them.' },
});
