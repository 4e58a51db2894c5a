/**
 * What the exchange module guards. Reading covers one's agency's records and those shared with it;
 * writing (create, edit, share, release) is for analysts and admins, and only ever of one's own
 * agency's local records; packages (export, import) are for analysts and admins; the audit view is for
 * reviewers and admins. Registering another agency's public key is the operator's (CLI), not an API route.
 */
import { definePermissions } from '../identity/access.js';

export const EXCHANGE_PERMISSIONS = definePermissions({
  'exchange:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'List and read incidents of one’s agency and those shared with it (redacted where not released).' },
  'exchange:write': { roles: ['analyst', 'admin'], meaning: 'Create and edit one’s agency’s incidents, set their sharing and release their redacted fields.' },
  'exchange:packages': { roles: ['analyst', 'admin'], meaning: 'Export one’s agency’s incidents as a signed package, and import packages from registered agencies.' },
  'exchange:audit': { roles: ['reviewer', 'admin'], meaning: 'Read the audit entries of one’s agency’s actions and records.' },
});
