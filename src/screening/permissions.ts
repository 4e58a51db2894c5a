/** What the screening module guards. */
import { definePermissions } from '../identity/access.js';

export const SCREENING_PERMISSIONS = definePermissions({
  'screening:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'Read one’s agency’s screenings and list versions.' },
  'screening:run': { roles: ['analyst', 'admin'], meaning: 'Screen orders and parties, and import sanctions lists, for one’s agency.' },
  'screening:decide': { roles: ['reviewer', 'admin'], meaning: 'Record a reviewer’s decision on a screening.' },
});
