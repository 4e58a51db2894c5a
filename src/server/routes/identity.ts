/**
 * Sign-in, the signed-in user, API tokens, agencies and users. Sign-in answers the same 401 whether
 * the user name is unknown or the password wrong, and failed attempts are limited per user name and
 * per address (src/identity/login-throttle.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AGENCY_KINDS, ROLES } from '../../identity/access.js';
import { actorOf, meOf } from '../../identity/service.js';
import type { Credentials } from '../../identity/store.js';
import { isJurisdiction } from '../../law/verdict.js';
import { problem } from '../../problems.js';
import { clearSessionCookie, scopeOf, SESSION_COOKIE, setSessionCookie } from '../access.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const Login = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }).strict();
const PasswordChange = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }).strict();
const Empty = z.object({}).strict();
const NewToken = z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }).strict();
const IdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const NewAgency = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(AGENCY_KINDS.filter((k) => k !== 'operator') as [string, ...string[]]),
    jurisdiction: z.string().refine(isJurisdiction, 'is not a jurisdiction of data/jurisdictions.yaml').nullable().optional(),
  })
  .strict();
const UsersQuery = z.object({ agency: z.coerce.number().int().min(1).optional() }).strict();
const NewUser = z
  .object({
    username: z.string().min(1).max(64),
    displayName: z.string().max(200).optional(),
    role: z.enum(ROLES),
    password: z.string().max(1024),
    agencyId: z.number().int().min(1).optional(),
  })
  .strict();

export async function identityRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const { identity, access } = ctx;
  const secure = ctx.secureCookies;
  /** The signed-in user as the UI sees it: who, which agency, and the permissions to decide what to show. */
  const userView = (c: Credentials) => ({ ...meOf(c), permissions: access.permissionsOf(actorOf(c, 'session')) });

  app.get(
    '/api/auth/me',
    {
      config: { access: 'public' },
      schema: { tags: ['identity'], summary: 'The signed-in user, or null', description: 'Returns `{ "user": { id, username, displayName, role, agency, permissions } | null }`.' },
    },
    async (request) => {
      const actor = request.actor;
      if (actor.kind === 'anonymous') return { user: null };
      const c = await identity.credentialsOf({ agencyId: actor.agencyId, userId: actor.userId, role: actor.role, operator: actor.operator });
      return { user: c ? userView(c) : null };
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with user name and password',
        description: 'Sets the `narcotrace_session` cookie (HttpOnly, SameSite=Strict, 12 hours) and returns `{ "user" }`. Wrong user name or password: 401 UNAUTHENTICATED; too many failures: 429 RATE_LIMITED.',
        body: documented(Login),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as z.infer<typeof Login>;
      const result = await identity.login(username, password, request.ip);
      if (!result.ok) {
        if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
        return sendProblem(reply, result.problem);
      }
      setSessionCookie(reply, result.sessionId, secure);
      return { user: userView(result.credentials) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['identity'], summary: 'Sign out (ends the session)', body: documented(Empty) } },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await identity.logout(sessionId);
      clearSessionCookie(reply, secure);
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: { permission: 'tokens:own' } },
      schema: { tags: ['identity'], summary: 'Change one’s password', body: documented(PasswordChange) },
    },
    async (request) => {
      const { currentPassword, newPassword } = request.body as z.infer<typeof PasswordChange>;
      await identity.changePassword(scopeOf(request), currentPassword, newPassword);
      return { ok: true };
    },
  );

  app.get(
    '/api/tokens',
    { config: { access: { permission: 'tokens:own' } }, schema: { tags: ['identity'], summary: 'One’s API tokens (never their secrets)' } },
    async (request) => ({ tokens: await identity.listTokens(scopeOf(request)) }),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: { permission: 'tokens:own' } },
      schema: {
        tags: ['identity'],
        summary: 'Create an API token',
        description: 'Returns `{ "token", "secret" }`; the secret (`nt_…`) is shown this once. Send it as `Authorization: Bearer nt_…`.',
        body: documented(NewToken),
      },
    },
    async (request, reply) => {
      const { name, expiresInDays } = request.body as z.infer<typeof NewToken>;
      return reply.code(201).send(await identity.createToken(scopeOf(request), name, expiresInDays));
    },
  );

  app.post(
    '/api/tokens/:id/revoke',
    { config: { access: { permission: 'tokens:own' } }, schema: { tags: ['identity'], summary: 'Revoke one of one’s API tokens', params: documented(IdParams), body: documented(Empty) } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      const token = await identity.revokeToken(scopeOf(request), id);
      if (!token) return sendProblem(reply, problem('NOT_FOUND', `You have no API token ${id}.`, { field: 'id' }));
      return { token };
    },
  );

  app.get(
    '/api/agencies',
    { config: { access: { permission: 'users:manage' } }, schema: { tags: ['identity'], summary: 'Agencies (operator admins: all; other admins: their own)' } },
    async (request) => ({ agencies: await identity.listAgencies(scopeOf(request)) }),
  );

  app.post(
    '/api/agencies',
    { config: { access: { permission: 'agencies:manage' } }, schema: { tags: ['identity'], summary: 'Create an agency', body: documented(NewAgency) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof NewAgency>;
      const agency = await identity.createAgency(scopeOf(request), { name: body.name, kind: body.kind as (typeof AGENCY_KINDS)[number], jurisdiction: body.jurisdiction ?? null });
      return reply.code(201).send({ agency });
    },
  );

  app.get(
    '/api/users',
    { config: { access: { permission: 'users:manage' } }, schema: { tags: ['identity'], summary: 'Users of an agency (default: one’s own)', querystring: documented(UsersQuery) } },
    async (request) => {
      const { agency } = request.query as z.infer<typeof UsersQuery>;
      return { users: await identity.listUsers(scopeOf(request), agency) };
    },
  );

  app.post(
    '/api/users',
    { config: { access: { permission: 'users:manage' } }, schema: { tags: ['identity'], summary: 'Create a user (in one’s own agency; operator admins: in any)', body: documented(NewUser) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof NewUser>;
      return reply.code(201).send({ user: await identity.createUser(scopeOf(request), body) });
    },
  );
}
