/**
 * Jobs: long work with state and progress (src/jobs). A job belongs to the submitter's agency; another
 * agency's job is not found. The result is streamed as JSON Lines, in input order.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { documented } from '../request-schema.js';
import { safeJsonText } from '../safe-json.js';
import { sendProblem } from '../problem-reply.js';
import { problem } from '../../problems.js';
import { FINISHED_STATES, resultLines } from '../../jobs/port.js';
import { verdictCsvHeader, verdictCsvRow, verdictSdfData } from '../../law/verdict-summary.js';
import { sdfRecord } from '../../chem/sdf.js';
import type { VerdictResult } from '../../law/verdict.js';

const JobParams = z.object({ id: z.string().min(1).max(100) });
const JobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();
const ResultQuery = z
  .object({ format: z.enum(['jsonl', 'csv', 'sdf']).optional().describe('jsonl (default): one Verdict per line; csv: one summary row per structure; sdf: one record per structure with the summary as data items (classify jobs).') })
  .strict();
/** How often the event stream looks at the job (the store is the truth for every adapter). */
const EVENT_POLL_MS = 500;
const Empty = z.object({}).strict();
// The handler validates the input itself (src/law/classify-job.ts); this documents its shape.
const ClassifyJobBody = z
  .object({
    structures: z.array(z.string()).min(1).describe('Structures (SMILES, InChI, molfile, registry name or CAS), at most 100,000.'),
    asOf: z.string().optional().describe('YYYY-MM-DD; default today (UTC).'),
    jurisdictions: z.array(z.string()).min(1).optional().describe('Default: all.'),
  })
  .strict();

const JOB_SHAPE =
  '`Job = { id, kind, state: queued|running|done|failed|cancelled, progress: { done, total }, summary, error, createdAt, startedAt, finishedAt, createdBy: { userId, username } }`';

export async function jobRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post(
    '/api/jobs/classify',
    {
      config: { access: { permission: 'jobs:submit' } },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['jobs'],
        summary: 'Submit a bulk classification job',
        description: `Answers 202 with \`{ "job" }\`; poll GET /api/jobs/:id, then GET /api/jobs/:id/result. ${JOB_SHAPE}`,
        body: documented(ClassifyJobBody),
      },
    },
    async (request, reply) => {
      const username = request.actor.kind === 'user' ? request.actor.username : '';
      return reply.code(202).send({ job: await ctx.jobs.submit(scopeOf(request), 'classify', request.body, { username }) });
    },
  );

  app.get(
    '/api/jobs',
    { config: { access: { permission: 'jobs:read' } }, schema: { tags: ['jobs'], summary: 'One’s agency’s jobs, newest first', querystring: documented(JobsQuery) } },
    async (request) => {
      const { limit } = request.query as z.infer<typeof JobsQuery>;
      return { jobs: await ctx.jobs.list(scopeOf(request), limit ?? 50) };
    },
  );

  app.get(
    '/api/jobs/:id',
    { config: { access: { permission: 'jobs:read' } }, schema: { tags: ['jobs'], summary: 'One job with its state and progress', params: documented(JobParams) } },
    async (request) => {
      const { id } = request.params as z.infer<typeof JobParams>;
      return { job: await ctx.jobs.get(scopeOf(request), id) };
    },
  );

  app.post(
    '/api/jobs/:id/cancel',
    { config: { access: { permission: 'jobs:cancel' } }, schema: { tags: ['jobs'], summary: 'Cancel a queued or running job', params: documented(JobParams), body: documented(Empty) } },
    async (request) => {
      const { id } = request.params as z.infer<typeof JobParams>;
      return { job: await ctx.jobs.cancel(scopeOf(request), id) };
    },
  );

  app.get(
    '/api/jobs/:id/result',
    {
      config: { access: { permission: 'jobs:read' } },
      schema: { tags: ['jobs'], summary: 'A finished job’s result, JSON Lines (or CSV) in input order', params: documented(JobParams), querystring: documented(ResultQuery) },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof JobParams>;
      const { format } = request.query as z.infer<typeof ResultQuery>;
      const scope = scopeOf(request);
      const job = await ctx.jobs.get(scope, id);
      const chunks = await ctx.jobs.result(scope, id); // JOB_NOT_DONE before it is done
      if ((format === 'csv' || format === 'sdf') && job.kind !== 'classify')
        return sendProblem(reply, problem('UNSUPPORTED_FORMAT', `A ${job.kind} job's result has no ${format.toUpperCase()} form; ask for jsonl.`, { field: 'format' }));
      if (format === 'sdf') {
        reply.type('chemical/x-mdl-sdfile; charset=utf-8').header('content-disposition', `attachment; filename="narcotrace-${job.kind}-${id}.sdf"`);
        return reply.send(
          Readable.from(
            (async function* () {
              for await (const line of resultLines(chunks)) {
                const verdict = JSON.parse(line) as VerdictResult & { name?: string };
                yield sdfRecord(verdict.ok ? verdict.structure?.smiles : undefined, verdict.name ?? verdict.input.slice(0, 80), verdictSdfData(verdict));
              }
            })(),
          ),
        );
      }
      if (format === 'csv') {
        reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="narcotrace-${job.kind}-${id}.csv"`);
        return reply.send(
          Readable.from(
            (async function* () {
              yield '\uFEFF' + verdictCsvHeader(); // the byte-order mark makes spreadsheets read the file as UTF-8 (中文 names)
              for await (const line of resultLines(chunks)) yield verdictCsvRow(JSON.parse(line) as VerdictResult);
            })(),
          ),
        );
      }
      reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="narcotrace-${job.kind}-${id}.jsonl"`);
      // Escaped like every other JSON answer (src/server/safe-json.ts); chunks hold whole lines.
      return reply.send(Readable.from((async function* () {
        for await (const chunk of chunks) yield safeJsonText(chunk);
      })()));
    },
  );

  app.get(
    '/api/jobs/:id/events',
    {
      config: { access: { permission: 'jobs:read' } },
      schema: {
        tags: ['jobs'],
        summary: 'A job’s progress as server-sent events',
        description: 'A `text/event-stream`: an `event: job` with the Job JSON whenever its state or progress changes, ending after the job is done, failed or cancelled. Poll GET /api/jobs/:id where event streams are not available.',
        params: documented(JobParams),
      },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof JobParams>;
      const scope = scopeOf(request);
      let job = await ctx.jobs.get(scope, id); // NOT_FOUND before the stream starts
      const closed = { value: false };
      request.raw.on('close', () => (closed.value = true));
      reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-cache').header('x-accel-buffering', 'no');
      return reply.send(
        Readable.from(
          (async function* () {
            let last = '';
            for (;;) {
              const text = safeJsonText(JSON.stringify(job));
              if (text !== last) yield `event: job\ndata: ${text}\n\n`;
              last = text;
              if (FINISHED_STATES.includes(job.state) || closed.value) return;
              await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
              job = await ctx.jobs.get(scope, id);
            }
          })(),
        ),
      );
    },
  );
}
