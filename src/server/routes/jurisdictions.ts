/** GET /api/jurisdictions: the jurisdictions of data/jurisdictions.yaml, for the UI's choices and labels. */
import type { FastifyInstance } from 'fastify';
import { jurisdictionInfos } from '../../registry/jurisdictions.js';
import type { ServerContext } from '../context.js';

export function jurisdictionRoutes(app: FastifyInstance, _ctx: ServerContext): void {
  app.get(
    '/api/jurisdictions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: 'Jurisdictions whose law Narcotrace holds',
        description: 'Returns `{ "jurisdictions": [{ "id", "names": { "en", "zh" }, "kind" }] }` in the default order of verdicts.',
      },
    },
    async () => ({ jurisdictions: jurisdictionInfos() }),
  );
}
