/** GET /api/rules and /api/rules/:id: the class rules and the registry's explicit lists, as they are. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problem } from '../../problems.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const RuleParams = z.object({ id: z.string().min(1).max(200) });

export function ruleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { classifier } = ctx;

  app.get(
    '/api/rules',
    {
      config: { access: 'public' },
      schema: {
        tags: ['law'],
        summary: 'Class rules and explicit lists',
        description: 'Returns `{ "dataVersion", "rules": [ClassRule], "lists": [ListInfo] }`.',
      },
    },
    async () => ({ dataVersion: classifier.dataVersion, rules: classifier.rules, lists: classifier.registry.lists }),
  );

  app.get(
    '/api/rules/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['law'],
        summary: 'One class rule, or one list with its contents',
        description: 'A class rule id (e.g. US-FRS) returns the rule; a list id (e.g. US-CSA-I) returns `{ "list", "substances", "classEntries" }`.',
        params: documented(RuleParams),
      },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof RuleParams>;
      const rule = classifier.rules.find((r) => r.id === id);
      if (rule) return rule;
      const list = classifier.registry.byList(id);
      if (list) return list;
      return sendProblem(reply, problem('NOT_FOUND', `There is no rule or list "${id}"; GET /api/rules lists them.`, { field: 'id' }));
    },
  );
}
