/**
 * Who is asking, and what they may do. Pure: the server resolves an Actor from a session cookie or an
 * API token, and `authorize` turns it into an AccessScope for one permission. Stores take that scope
 * for every owned record and filter by its agency (src/store/owned.ts), so a caller can never name a
 * record of another agency: it is simply not found.
 *
 * Permissions are declared by the modules that need them (`definePermissions`) and composed in
 * src/modules.ts; a role either has a permission or not, and some need the operator agency (the
 * agency that runs this instance), e.g. creating other agencies.
 */
import { problem, type Problem } from '../problems.js';
import './problems.js';

export const ROLES = ['analyst', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_KINDS = ['operator', 'laboratory', 'regulator', 'enforcement', 'exporter', 'international'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface PermissionSpec {
  roles: readonly Role[];
  /** Only users of the operator agency have it. */
  operatorOnly?: boolean;
  meaning: string;
}
export type PermissionCatalogue = Record<string, PermissionSpec>;
export type Permission = string;

export function definePermissions<const C extends PermissionCatalogue>(catalogue: C): C {
  return catalogue;
}

export const IDENTITY_PERMISSIONS = definePermissions({
  'tokens:own': { roles: ['analyst', 'reviewer', 'admin'], meaning: 'Create, list and revoke one’s own API tokens; change one’s password.' },
  'users:manage': { roles: ['admin'], meaning: 'List and create the users of one’s own agency (operator admins: of any agency).' },
  'agencies:manage': { roles: ['admin'], operatorOnly: true, meaning: 'Create agencies and list them all.' },
});

export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: number;
      username: string;
      displayName: string;
      role: Role;
      agencyId: number;
      /** Whether the user's agency is the operator agency. */
      operator: boolean;
      via: 'session' | 'token';
    };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The proof that a user may act on one agency's records; stores filter every owned row by it. */
export interface AccessScope {
  readonly agencyId: number;
  readonly userId: number;
  readonly role: Role;
  readonly operator: boolean;
}

export interface AccessPolicy {
  readonly permissions: Readonly<PermissionCatalogue>;
  has(actor: Actor, permission: Permission): boolean;
  permissionsOf(actor: Actor): Permission[];
  authorize(actor: Actor, permission: Permission): { ok: true; scope: AccessScope } | { ok: false; problem: Problem };
}

export function createAccessPolicy(catalogues: readonly PermissionCatalogue[]): AccessPolicy {
  const permissions: PermissionCatalogue = {};
  for (const c of catalogues)
    for (const [name, spec] of Object.entries(c)) {
      if (permissions[name]) throw new Error(`permission ${name} is declared twice`);
      permissions[name] = spec;
    }
  const has = (actor: Actor, permission: Permission): boolean => {
    const spec = permissions[permission];
    if (!spec) throw new Error(`unknown permission ${permission}`);
    return actor.kind === 'user' && spec.roles.includes(actor.role) && (!spec.operatorOnly || actor.operator);
  };
  return {
    permissions,
    has,
    permissionsOf: (actor) => Object.keys(permissions).filter((p) => has(actor, p)),
    authorize(actor, permission) {
      if (actor.kind === 'anonymous') return { ok: false, problem: problem('UNAUTHENTICATED', 'Sign in, or send an API token (Authorization: Bearer …), to use this.') };
      if (!has(actor, permission)) return { ok: false, problem: problem('FORBIDDEN', `Your role (${actor.role}) does not allow this (${permission}).`) };
      return { ok: true, scope: { agencyId: actor.agencyId, userId: actor.userId, role: actor.role, operator: actor.operator } };
    },
  };
}
