/** What the spectra module guards: searching one's agency's libraries (every role), importing and deleting them (analysts and admins). */
import { definePermissions } from '../identity/access.js';

export const SPECTRA_PERMISSIONS = definePermissions({
  'spectra:read': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'List and search one’s agency’s spectral libraries.' },
  'spectra:import': { roles: ['analyst', 'admin'], meaning: 'Import spectral libraries into one’s agency, and delete them.' },
});
