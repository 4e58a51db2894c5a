/**
 * Who is asking, for every request, and whether they may: the one place the API enforces access.
 * - An `Authorization: Bearer nt_…` token or the `narcotrace_session` cookie gives the Actor. A bad
 *   token is refused at once (401); a stale or forged cookie leaves the caller anonymous, so public
 *   pages keep working and guarded ones answer 401.
 * - Every /api route declares `config.access`: 'public', or `{ permission }`. A route without a
 *   declaration is refused at start-up, so a new endpoint cannot be left open by accident.
 * - A guarded route gets `request.scope`, which the stores require for every owned record
 *   (src/store/owned.ts): the record-level check happens there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type AccessPolicy, type AccessScope, type Actor, type Permission } from '../identity/access.js';
import { actorOf, SESSION_HOURS, type IdentityService } from '../identity/service.js';
import { HttpProblem } from './problem-reply.js';

export type RouteAccess = 'public' | { permission: Permission };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    scope?: AccessScope;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const SESSION_COOKIE = 'narcotrace_session';

/** Routes that plugins register for themselves (the OpenAPI UI), which serve only public documentation. */
const SELF_DOCUMENTED = /^\/api\/docs(\/|$)/;

export interface AccessOptions {
  identity: IdentityService;
  policy: AccessPolicy;
  /** Set the cookie's Secure flag (behind HTTPS). */
  secureCookies: boolean;
}

/** The scope a guarded route was given; a route that calls this without a permission is a programming error. */
export function scopeOf(request: FastifyRequest): AccessScope {
  if (!request.scope) throw new Error(`route ${request.routeOptions.url} reads a scope but declares no permission`);
  return request.scope;
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

/** An API route with its access rule, as registered (the authorisation matrix test walks these). */
export interface ApiRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** Installs the hooks; the returned list fills as routes are registered. */
export function installAccess(app: FastifyInstance, options: AccessOptions): ApiRoute[] {
  const { identity, policy } = options;
  const routes: ApiRoute[] = [];
  app.decorateRequest('actor', null as never); // set on every request by the onRequest hook below

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || SELF_DOCUMENTED.test(route.url)) return;
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule (config.access)`);
    if (access !== 'public' && !policy.permissions[access.permission]) throw new Error(`route ${route.method} ${route.url} names unknown permission ${access.permission}`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    if (access !== 'public' && route.schema && !route.schema.hide) {
      const spec = policy.permissions[access.permission];
      route.schema.security = [{ session: [] }, { token: [] }];
      route.schema.description = `${route.schema.description ?? ''}\n\n**Access:** permission \`${access.permission}\` (${spec.roles.join(', ')}${spec.operatorOnly ? ', operator agency only' : ''}).`.trim();
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
      const checked = bearer ? await identity.tokenCredentials(bearer) : undefined;
      if (!checked?.ok) throw new HttpProblem(checked?.problem ?? { code: 'UNAUTHENTICATED', message: 'Send an API token as "Authorization: Bearer nt_…".' }, 401);
      request.actor = actorOf(checked.credentials, 'token');
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const credentials = await identity.sessionCredentials(sessionId);
      if (credentials) request.actor = actorOf(credentials, 'session');
      else clearSessionCookie(reply, options.secureCookies);
    }
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const decision = policy.authorize(request.actor, access.permission);
    if (!decision.ok) throw new HttpProblem(decision.problem);
    request.scope = decision.scope;
  });
  return routes;
}
