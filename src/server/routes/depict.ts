/** GET /api/depict: an SVG of the normalised structure, optionally with highlighted atoms. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bondsWithin, depict, LIMITS, prepareStructure } from '../../chem/structure.js';
import { problem } from '../../problems.js';
import type { ServerContext } from '../context.js';
import { LruCache } from '../lru-cache.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

/** Highlight colour (RGB 0–1): a light red that keeps atom labels readable. */
const HIGHLIGHT: [number, number, number] = [1, 0.72, 0.72];

const DepictQuery = z
  .object({
    smiles: z.string().min(1).max(LIMITS.maxLineChars).describe('The structure (SMILES or InChI). It is normalised like a classification input.'),
    highlight: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be atom indices separated by commas, e.g. 0,1,2')
      .optional()
      .describe('Atom indices of the normalised structure (as in a Verdict highlight) to highlight.'),
    width: z.coerce.number().int().min(50).max(2000).optional(),
    height: z.coerce.number().int().min(50).max(2000).optional(),
  })
  .strict();

export function depictRoutes(app: FastifyInstance, _ctx: ServerContext): void {
  const svgs = new LruCache<string, string>(2_000);

  app.get(
    '/api/depict',
    {
      schema: {
        tags: ['chemistry'],
        summary: 'Draw a structure as SVG',
        description: 'Content type image/svg+xml. A structure that cannot be read is answered 400 with a JSON error.',
        querystring: documented(DepictQuery),
      },
    },
    async (request, reply) => {
      const query = request.query as z.infer<typeof DepictQuery>;
      const key = `${query.width ?? ''}x${query.height ?? ''}|${query.highlight ?? ''}|${query.smiles}`;
      let svg = svgs.get(key);
      if (!svg) {
        const prepared = prepareStructure(query.smiles, { identity: 'lean' });
        if (!prepared.ok) return sendProblem(reply, { ...prepared.problem, where: { field: 'smiles' } });
        const { mol, graph } = prepared.prepared;
        try {
          const atoms = query.highlight ? [...new Set(query.highlight.split(',').map(Number))] : [];
          const outside = atoms.find((a) => a >= graph.atoms.length);
          if (outside !== undefined)
            return sendProblem(reply, problem('INVALID_REQUEST', `highlight: atom ${outside} does not exist; the structure has ${graph.atoms.length} atoms (0–${graph.atoms.length - 1}).`, { field: 'highlight' }));
          svg = depict(mol, {
            width: query.width,
            height: query.height,
            highlights: atoms.length ? [{ atoms, bonds: bondsWithin(graph, atoms), colour: HIGHLIGHT }] : [],
          });
        } finally {
          prepared.prepared.dispose();
        }
        svgs.set(key, svg);
      }
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(svg);
    },
  );
}
