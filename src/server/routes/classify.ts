/** POST /api/classify: one structure or a batch, answered with the CLI's Verdict JSON. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../identity/access.js';
import { z } from 'zod';
import { JURISDICTIONS, today, type Jurisdiction } from '../../law/verdict.js';
import { documented, IsoDate } from '../request-schema.js';
import type { ServerContext } from '../context.js';

export const MAX_BATCH = 1_000;
/** Batch items are classified in slices, yielding between them so one large batch does not stall other requests. */
const SLICE = 25;

const ClassifyBody = z
  .object({
    structure: z.string().optional().describe('One structure: SMILES, InChI, molfile, or a registry name / CAS number.'),
    structures: z
      .array(z.string())
      .max(MAX_BATCH, { error: (issue) => `${Array.isArray(issue.input) ? issue.input.length : 'too many'} structures; at most ${MAX_BATCH} are classified per request, so split the batch` })
      .optional().describe(`A batch of up to ${MAX_BATCH} structures.`),
    asOf: IsoDate.optional().describe('Evaluate the law in force on this date (YYYY-MM-DD). Default: today (UTC).'),
    jurisdictions: z
      .array(z.enum(JURISDICTIONS, { error: (issue) => `${JSON.stringify(issue.input)} is not a jurisdiction; use ${JURISDICTIONS.join(', ')}` }))
      .min(1)
      .optional().describe('Jurisdictions to evaluate. Default: all.'),
  })
  .strict()
  .refine((b) => (b.structure === undefined) !== (b.structures === undefined), {
    message: 'give exactly one of "structure" (a string) or "structures" (an array of strings)',
    path: ['structure'],
  });

const body = documented(ClassifyBody, (issue) => {
  const field = issue.path[0];
  if (field === 'asOf') return 'INVALID_DATE';
  if (field === 'jurisdictions' && issue.code === 'invalid_value') return 'UNKNOWN_JURISDICTION';
  if (field === 'structures' && issue.code === 'too_big') return 'BATCH_TOO_LARGE';
  return undefined;
});

/** A signed-in user's classifications are kept in their agency's history. */
function ownerOf(actor: Actor): { agencyId: number; userId: number } | null {
  return actor.kind === 'user' ? { agencyId: actor.agencyId, userId: actor.userId } : null;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function classifyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/classify',
    {
      config: { access: 'public' },
      schema: {
        tags: ['classification'],
        summary: 'Classify structures under US, Chinese and UN law',
        description:
          'Answers one structure with a Verdict (the same JSON as `narcotrace classify --json`), or a batch with `{ "results": [Verdict, ...] }` in input order. ' +
          'A structure that cannot be read is answered with `{ "input", "ok": false, "error": { "code", "message" } }`: status 400 for a single structure, in place in a batch.',
        body,
      },
    },
    async (request, reply) => {
      const input = request.body as z.infer<typeof ClassifyBody>;
      const asOf = input.asOf ?? today();
      const jurisdictions: Jurisdiction[] = input.jurisdictions ? [...new Set(input.jurisdictions)] : [...JURISDICTIONS];
      reply.type('application/json; charset=utf-8');
      if (input.structure !== undefined) {
        const { verdict, json } = ctx.verdicts.classify(input.structure, asOf, jurisdictions, ownerOf(request.actor));
        return reply.code(verdict.ok ? 200 : 400).send(json);
      }
      const parts: string[] = [];
      const owner = ownerOf(request.actor);
      const structures = input.structures ?? [];
      for (let i = 0; i < structures.length; i++) {
        if (i > 0 && i % SLICE === 0) await nextTick();
        parts.push(ctx.verdicts.classify(structures[i], asOf, jurisdictions, owner).json);
      }
      return reply.send(`{"results":[${parts.join(',')}]}`);
    },
  );
}
