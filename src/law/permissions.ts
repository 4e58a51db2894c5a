/** What the law module guards. Classifying and looking up are open to all (the law is public); a classification history is the agency's own. */
import { definePermissions } from '../identity/access.js';

export const LAW_PERMISSIONS = definePermissions({
  'history:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'Read one’s agency’s classification history.' },
});
