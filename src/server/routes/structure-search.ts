/** POST /api/search/substructure and /api/search/similarity over the registry's substances. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_LIMIT, MAX_QUERY_CHARS } from '../../registry/structure-search.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const Limit = z.number().int().min(1).max(MAX_LIMIT).optional().describe('Most hits returned (default 100).');

const SubstructureBody = z
  .object({
    smarts: z.string().max(MAX_QUERY_CHARS).optional().describe('A SMARTS pattern.'),
    smiles: z.string().max(MAX_QUERY_CHARS).optional().describe('A SMILES, used as the pattern.'),
    limit: Limit,
  })
  .strict()
  .refine((b) => (b.smarts === undefined) !== (b.smiles === undefined), { message: 'give exactly one of "smarts" or "smiles"', path: ['smarts'] });

const SimilarityBody = z
  .object({
    smiles: z.string().max(MAX_QUERY_CHARS).describe('The query structure (normalised like a classification input).'),
    threshold: z.number().min(0).max(1).optional().describe('Least Tanimoto similarity (Morgan radius 2, 2048 bits). Default 0.5.'),
    limit: Limit,
  })
  .strict();

export function structureSearchRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/search/substructure',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'Registry substances containing a substructure',
        description: 'Returns `{ "ok": true, "total", "searched", "hits": [{ "substance", "smiles", "atoms" }] }`; `atoms` index into `smiles`.',
        body: documented(SubstructureBody),
      },
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof SubstructureBody>;
      const query = body.smarts !== undefined ? { smarts: body.smarts } : { smiles: body.smiles ?? '' };
      const result = ctx.structureSearch().substructure(query, { limit: body.limit });
      return result.ok ? result : sendProblem(reply, result.problem);
    },
  );

  app.post(
    '/api/search/similarity',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'Registry substances similar to a structure',
        description: 'Returns `{ "ok": true, "total", "searched", "hits": [{ "substance", "smiles", "similarity" }] }`, most similar first.',
        body: documented(SimilarityBody),
      },
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof SimilarityBody>;
      const result = ctx.structureSearch().similarity(body.smiles, { threshold: body.threshold, limit: body.limit });
      return result.ok ? result : sendProblem(reply, result.problem);
    },
  );
}
