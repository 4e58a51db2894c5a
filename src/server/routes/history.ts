/** GET /api/history (recent classifications) and GET /api/history/:id (one, with its whole verdict). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problem } from '../../problems.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional().describe('How many, newest first (default 50).') }).strict();
const HistoryParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export function historyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/history',
    {
      config: { access: { permission: 'history:read' } },
      schema: {
        tags: ['history'],
        summary: 'Recent classifications of one’s agency',
        description:
          'Returns `{ "entries": [{ "id", "input", "inputTruncated", "asOf", "jurisdictions", "ok", "inchikey", "smiles", "errorCode", "controlled", "dataVersion", "createdAt" }] }`, newest first.',
        querystring: documented(HistoryQuery),
      },
    },
    async (request) => {
      const { limit } = request.query as z.infer<typeof HistoryQuery>;
      await ctx.recorder.flush(); // include what was asked a moment ago
      return { entries: await ctx.stores.history.recentClassifications(scopeOf(request), limit ?? 50) };
    },
  );

  app.get(
    '/api/history/:id',
    {
      config: { access: { permission: 'history:read' } },
      schema: { tags: ['history'], summary: 'One recorded classification with its verdict', params: documented(HistoryParams) },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof HistoryParams>;
      await ctx.recorder.flush();
      const entry = await ctx.stores.history.classificationById(scopeOf(request), id);
      if (!entry) return sendProblem(reply, problem('NOT_FOUND', `There is no recorded classification ${id}.`, { field: 'id' }));
      return entry;
    },
  );
}
