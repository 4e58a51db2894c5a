/** What the jobs module guards. A job belongs to its agency: every user of the agency sees it, analysts and admins submit and cancel. */
import { definePermissions } from '../identity/access.js';

export const JOB_PERMISSIONS = definePermissions({
  'jobs:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'List one’s agency’s jobs, follow their progress and read their results.' },
  'jobs:submit': { roles: ['analyst', 'admin'], meaning: 'Submit a job (e.g. a bulk classification).' },
  'jobs:cancel': { roles: ['analyst', 'admin'], meaning: 'Cancel one of one’s agency’s queued or running jobs.' },
});
