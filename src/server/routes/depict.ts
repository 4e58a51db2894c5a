/** GET /api/depict: an SVG of the normalised structure, optionally with highlighted atoms. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bondsWithin, depict, LIMITS, prepareStructure } from '../../chem/structure.js';
import { problem } from '../../problems.js';
import type { ServerContext } from '../context.js';
import { LruCache } from '../lru-cache.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

type Rgb = [number, number, number];
/** Highlight colours (RGB 0–1), light enough to keep atom labels readable. Earlier groups win where atoms overlap. */
const COLOURS: Record<'core' | 'modified' | 'highlight', Rgb> = {
  core: [0.68, 0.85, 1], // light blue: the unmodified core a class definition names
  modified: [1, 0.8, 0.5], // light orange: modifications a clause allows
  highlight: [1, 0.72, 0.72], // light red: any other selection
};
const ATOM_LIST = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be atom indices separated by commas, e.g. 0,1,2')
  .optional();

const DepictQuery = z
  .object({
    smiles: z.string().min(1).max(LIMITS.maxLineChars).describe('The structure (SMILES or InChI). It is normalised like a classification input.'),
    highlight: ATOM_LIST.describe('Atom indices of the normalised structure (as in a Verdict highlight) to highlight in light red.'),
    core: ATOM_LIST.describe('Atom indices to highlight in light blue: the unmodified core of a class definition.'),
    modified: ATOM_LIST.describe('Atom indices to highlight in light orange: modifications a clause allows.'),
    width: z.coerce.number().int().min(50).max(2000).optional(),
    height: z.coerce.number().int().min(50).max(2000).optional(),
  })
  .strict();

export function depictRoutes(app: FastifyInstance, _ctx: ServerContext): void {
  const svgs = new LruCache<string, string>(2_000);

  app.get(
    '/api/depict',
    {
      config: { access: 'public' },
      schema: {
        tags: ['chemistry'],
        summary: 'Draw a structure as SVG',
        description: 'Content type image/svg+xml. A structure that cannot be read is answered 400 with a JSON error.',
        querystring: documented(DepictQuery),
      },
    },
    async (request, reply) => {
      const query = request.query as z.infer<typeof DepictQuery>;
      const key = `${query.width ?? ''}x${query.height ?? ''}|${query.core ?? ''}|${query.modified ?? ''}|${query.highlight ?? ''}|${query.smiles}`;
      let svg = svgs.get(key);
      if (!svg) {
        const prepared = prepareStructure(query.smiles, { identity: 'lean' });
        if (!prepared.ok) return sendProblem(reply, { ...prepared.problem, where: { field: 'smiles' } });
        const { mol, graph } = prepared.prepared;
        try {
          const highlights = [];
          for (const group of ['core', 'modified', 'highlight'] as const) {
            const text = query[group];
            if (!text) continue;
            const atoms = [...new Set(text.split(',').map(Number))];
            const outside = atoms.find((a) => a >= graph.atoms.length);
            if (outside !== undefined)
              return sendProblem(reply, problem('INVALID_REQUEST', `${group}: atom ${outside} does not exist; the structure has ${graph.atoms.length} atoms (0–${graph.atoms.length - 1}).`, { field: group }));
            highlights.push({ atoms, bonds: bondsWithin(graph, atoms), colour: COLOURS[group] });
          }
          svg = depict(mol, { width: query.width, height: query.height, highlights });
        } finally {
          prepared.prepared.dispose();
        }
        svgs.set(key, svg);
      }
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(svg);
    },
  );
}
