/** GET /api/substances (registry look-up) and GET /api/substances/:id. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { JURISDICTIONS } from '../../law/verdict.js';
import { problem, ProblemError } from '../../problems.js';
import type { SearchHit, Substance } from '../../registry/types.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const SubstancesQuery = z
  .object({
    q: z.string().max(500).optional().describe('Name (English, Chinese, pinyin), synonym, CAS number or InChIKey. Omit to list substances.'),
    jurisdiction: z
      .enum(JURISDICTIONS, { error: (issue) => `${JSON.stringify(issue.input)} is not a jurisdiction; use ${JURISDICTIONS.join(', ')}` })
      .optional().describe('Only substances listed in this jurisdiction.'),
    list: z.string().max(100).optional().describe('Only substances on this list id, e.g. US-CSA-I.'),
    limit: z.coerce.number().int().min(1).max(500).optional().describe('Most hits returned (default 50).'),
  })
  .strict();

const SubstanceParams = z.object({ id: z.string().min(1).max(200) });

export function substanceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const registry = ctx.classifier.registry;

  app.get(
    '/api/substances',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'Search the registry of listed substances',
        description: 'Returns `{ "q", "total", "hits": [{ "substance", "matchedBy", "score" }] }`, best first. A malformed CAS number or query is answered 400 with its code (CAS_FORMAT, CAS_CHECK_DIGIT, INVALID_QUERY).',
        querystring: documented(SubstancesQuery, (issue) => (issue.path[0] === 'jurisdiction' ? 'UNKNOWN_JURISDICTION' : undefined)),
      },
    },
    async (request, reply) => {
      const query = request.query as z.infer<typeof SubstancesQuery>;
      const limit = query.limit ?? 50;
      if (query.list !== undefined && !registry.lists.some((l) => l.id === query.list))
        return sendProblem(reply, problem('INVALID_QUERY', `There is no list "${query.list}"; GET /api/rules lists them.`, { field: 'list' }));
      const keep = (s: Substance) =>
        s.listings.some((l) => (query.jurisdiction === undefined || l.jurisdiction === query.jurisdiction) && (query.list === undefined || l.list === query.list));
      const filtering = query.jurisdiction !== undefined || query.list !== undefined;
      let hits: SearchHit[];
      const q = query.q?.trim();
      if (q) {
        try {
          // Ask for more than the limit when filtering afterwards, so filtered results are not starved.
          hits = registry.search(q, { limit: filtering ? Math.min(5_000, limit * 20) : limit });
        } catch (err) {
          if (err instanceof ProblemError) return sendProblem(reply, { ...err.problem, where: err.problem.where ?? { field: 'q' } });
          throw err;
        }
      } else {
        hits = [...registry.substances]
          .sort((a, b) => a.names.en.localeCompare(b.names.en, 'en'))
          .map((substance) => ({ substance, matchedBy: 'all', score: 1 }));
      }
      if (filtering) hits = hits.filter((h) => keep(h.substance));
      return { q: q ?? '', total: hits.length, hits: hits.slice(0, limit) };
    },
  );

  app.get(
    '/api/substances/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'One registry substance with its listings',
        params: documented(SubstanceParams),
      },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof SubstanceParams>;
      const substance = registry.byId(id);
      if (!substance) return sendProblem(reply, problem('NOT_FOUND', `There is no substance "${id}" in the registry.`, { field: 'id' }));
      return substance;
    },
  );
}
