/**
 * Spectral libraries and library search (src/spectra). Libraries belong to the caller's agency; another
 * agency's library is not found. Each hit carries its structure, legal status (the Verdict) and family.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problem, ProblemError } from '../../problems.js';
import { FORMAT_IDS, formatFor, type FormatId } from '../../spectra/formats/index.js';
import { SEARCH_MODES, SpectraService, type SearchRequest } from '../../spectra/service.js';
import { parsePeakText, type Peak } from '../../spectra/spectrum.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented, IsoDate } from '../request-schema.js';

const LibraryParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const SpectrumParams = LibraryParams.extend({ spectrumId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const ImportBody = z
  .object({
    library: z.string().min(1).max(200).describe('The library to import into (created if new; otherwise the spectra are added).'),
    files: z
      .array(z.object({ name: z.string().min(1).max(500), content: z.string().max(256 * 1024 * 1024) }).strict())
      .min(1)
      .max(5000)
      .describe('Library files as text: MSP, JCAMP-DX, MassBank records or two-column CSV.'),
    format: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]).optional().describe('Default: from each file’s name and content.'),
    version: z.string().min(1).max(200).optional().describe('The library’s version; default from the first file name (e.g. "3.4").'),
    replace: z.boolean().optional().describe('Replace the library’s spectra instead of adding to them.'),
  })
  .strict();

const SearchBody = z
  .object({
    library: z.union([z.number().int().min(1), z.string().min(1).max(200)]).describe('Library id or name.'),
    peaks: z
      .array(z.tuple([z.number(), z.number()]))
      .max(100_000)
      .optional()
      .describe('The query’s peaks as [m/z, intensity] pairs.'),
    text: z.string().max(64 * 1024 * 1024).optional().describe('Or: pasted "m/z intensity" lines, or a spectrum file’s text (MSP, JCAMP-DX, MassBank, CSV).'),
    fileName: z.string().max(500).optional().describe('Name of the file `text` came from (helps to tell its format).'),
    mode: z.enum(SEARCH_MODES as ['identity', 'hybrid', 'msms']).optional().describe('identity (default), hybrid (analogues) or msms.'),
    top: z.number().int().min(1).max(100).optional().describe('Hits per query (default 10).'),
    mw: z.number().positive().max(10_000).optional().describe('Hybrid: the unknown’s molecular weight (default: best of common modification shifts).'),
    precursorMz: z.number().positive().max(10_000).optional().describe('MS/MS: the precursor m/z.'),
    tolerance: z.number().positive().max(1000).optional().describe('MS/MS: precursor tolerance, Da (default 0.01).'),
    asOf: IsoDate.optional().describe('Date of the legal status (default today).'),
  })
  .strict();

const HIT_SHAPE =
  '`{ "library", "results": [{ "query", "mode", "hits": [{ "id", "name", "inchikey", "formula", "mw", "precursorMz", "score" (0–999), "reverseScore" (0–999), "probability" (0–1), "massShift"?, "matched", "structure": inchikey|inchikey-first-block|smiles|not known, "smiles", "substance", "legal": { "US", "CN", "UN" } | null, "note"?: "structure not known", "family", "verdict" }], "queryMw"?, "family"? }] }`';

export function spectraRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const service = new SpectraService(ctx.stores.spectra, ctx.classifier);

  app.get(
    '/api/spectra/libraries',
    { config: { access: { permission: 'spectra:read' } }, schema: { tags: ['spectra'], summary: 'One’s agency’s spectral libraries', description: 'Returns `{ "libraries": [{ "id", "name", "source", "version", "format", "spectra", "revision", "createdAt", "updatedAt" }] }`.' } },
    async (request) => ({ libraries: await ctx.stores.spectra.listLibraries(scopeOf(request)) }),
  );

  app.post(
    '/api/spectra/libraries',
    {
      config: { access: { permission: 'spectra:import' } },
      bodyLimit: 256 * 1024 * 1024,
      schema: {
        tags: ['spectra'],
        summary: 'Import library files into a spectral library',
        description:
          'Bad records are skipped and reported with file and line (`problems`); a truncated file, a bad encoding or a file with no readable spectrum imports nothing (the error’s code, e.g. `INVALID_MSP`, `INVALID_ENCODING`, `NO_SPECTRA`). Returns `{ "library", "imported", "problems": [{ "file", "problem" }] }`.',
        body: documented(ImportBody),
      },
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof ImportBody>;
      const report = await service.importFiles(scopeOf(request), {
        library: body.library,
        files: body.files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.content) })),
        format: body.format,
        version: body.version,
        replace: body.replace,
        now: new Date().toISOString(),
      });
      if (report.error) return sendProblem(reply, report.error);
      return report;
    },
  );

  app.delete(
    '/api/spectra/libraries/:id',
    { config: { access: { permission: 'spectra:import' } }, schema: { tags: ['spectra'], summary: 'Delete a spectral library with its spectra', params: documented(LibraryParams) } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof LibraryParams>;
      if (!(await ctx.stores.spectra.deleteLibrary(scopeOf(request), id))) return sendProblem(reply, problem('LIBRARY_NOT_FOUND', `There is no spectral library ${id}.`, { field: 'id' }));
      return { deleted: id };
    },
  );

  app.get(
    '/api/spectra/libraries/:id/spectra/:spectrumId',
    {
      config: { access: { permission: 'spectra:read' } },
      schema: { tags: ['spectra'], summary: 'One library spectrum with its peaks (for the mirror plot)', params: documented(SpectrumParams) },
    },
    async (request, reply) => {
      const { id, spectrumId } = request.params as z.infer<typeof SpectrumParams>;
      const spectrum = await ctx.stores.spectra.spectrumById(scopeOf(request), id, spectrumId);
      if (!spectrum) return sendProblem(reply, problem('NOT_FOUND', `There is no spectrum ${spectrumId} in library ${id}.`, { field: 'spectrumId' }));
      return { spectrum };
    },
  );

  app.post(
    '/api/spectra/search',
    {
      config: { access: { permission: 'spectra:read' } },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['spectra'],
        summary: 'Search a spectral library (identity, hybrid for analogues, or MS/MS)',
        description: `Give \`peaks\` or \`text\` (one or more spectra). Returns ${HIT_SHAPE}.`,
        body: documented(SearchBody),
      },
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof SearchBody>;
      const queries: { name: string; peaks: Peak[]; mw?: number; precursorMz?: number }[] = [];
      if (body.peaks) queries.push({ name: 'query', peaks: body.peaks });
      else if (body.text !== undefined) {
        const fileName = body.fileName ?? 'pasted';
        const adapter = formatFor(fileName, body.text);
        if (adapter && adapter.id !== 'csv') {
          const parsed = adapter.parse(body.text, fileName);
          if (!parsed.records.length) return sendProblem(reply, parsed.problems[0]?.problem ?? problem('EMPTY_SPECTRUM', 'No spectrum in the text.'));
          for (const r of parsed.records) queries.push({ name: r.name, peaks: r.peaks, mw: r.mw, precursorMz: r.precursorMz });
        } else {
          const pasted = parsePeakText(body.text);
          if (!pasted.ok) return sendProblem(reply, pasted.problem);
          queries.push({ name: fileName, peaks: pasted.peaks });
        }
      } else return sendProblem(reply, problem('EMPTY_SPECTRUM', 'Give the query as `peaks` or `text`.', { field: 'peaks' }));
      if (queries.length > 1000) return sendProblem(reply, problem('BATCH_TOO_LARGE', 'At most 1,000 query spectra per request.'));
      const mode = body.mode ?? 'identity';
      const requests: SearchRequest[] = [];
      for (const q of queries) {
        const { checkPeaks } = await import('../../spectra/spectrum.js');
        const checked = checkPeaks(q.peaks);
        if (!checked.ok) return sendProblem(reply, { ...checked.problem, message: `${q.name}: ${checked.problem.message}` });
        requests.push({
          query: q.name,
          peaks: checked.peaks,
          mode,
          top: body.top ?? 10,
          mw: mode === 'hybrid' ? body.mw : undefined,
          precursorMz: body.precursorMz ?? q.precursorMz,
          precursorTolerance: body.tolerance,
          asOf: body.asOf,
          withVerdict: true,
        });
      }
      try {
        return await service.search(scopeOf(request), body.library, requests);
      } catch (err) {
        if (err instanceof ProblemError) return sendProblem(reply, err.problem);
        throw err;
      }
    },
  );
}
