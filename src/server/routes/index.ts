/**
 * The API's route plugins, one per module and concern. Each is registered as a Fastify plugin with the
 * shared context; each route declares its access rule (src/server/access.ts) and its zod schemas, which
 * document it in the OpenAPI document. A module adds its routes here, in one line.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { attributionRoutes } from './attribution.js';
import { classifyRoutes } from './classify.js';
import { depictRoutes } from './depict.js';
import { historyRoutes } from './history.js';
import { identityRoutes } from './identity.js';
import { exchangeRoutes } from './exchange.js';
import { jobRoutes } from './jobs.js';
import { jurisdictionRoutes } from './jurisdictions.js';
import { ruleRoutes } from './rules.js';
import { screeningRoutes } from './screening.js';
import { spectraRoutes } from './spectra.js';
import { structureSearchRoutes } from './structure-search.js';
import { substanceRoutes } from './substances.js';
import { warningRoutes } from './warning.js';

export type RoutePlugin = (app: FastifyInstance, ctx: ServerContext) => void | Promise<void>;

export const ROUTE_PLUGINS: readonly { module: string; tag: string; routes: RoutePlugin }[] = [
  { module: 'law', tag: 'classification', routes: classifyRoutes },
  { module: 'law', tag: 'history', routes: historyRoutes },
  { module: 'law', tag: 'law', routes: ruleRoutes },
  { module: 'registry', tag: 'registry', routes: substanceRoutes },
  { module: 'registry', tag: 'registry', routes: structureSearchRoutes },
  { module: 'registry', tag: 'registry', routes: jurisdictionRoutes },
  { module: 'chem', tag: 'chemistry', routes: depictRoutes },
  { module: 'identity', tag: 'identity', routes: identityRoutes },
  { module: 'jobs', tag: 'jobs', routes: jobRoutes },
  { module: 'spectra', tag: 'spectra', routes: spectraRoutes },
  { module: 'exchange', tag: 'exchange', routes: exchangeRoutes },
  { module: 'attribution', tag: 'attribution', routes: attributionRoutes },
  { module: 'screening', tag: 'screening', routes: screeningRoutes },
  { module: 'warning', tag: 'warning', routes: warningRoutes },
];

export async function registerRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  for (const { routes } of ROUTE_PLUGINS) await app.register(async (scoped) => routes(scoped, ctx));
}
