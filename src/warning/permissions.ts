/** What the warning module guards. The coverage comparison is public (the law is public); alerts come from incidents, so reading them follows the incidents. */
import { definePermissions } from '../identity/access.js';

export const WARNING_PERMISSIONS = definePermissions({
  'warning:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'Read the early-warning alerts raised on one’s agency’s incidents and those shared with it.' },
});
