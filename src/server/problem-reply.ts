/**
 * Every error the API sends is `{ ok: false, error: { code, message, where? } }` with a stable code
 * (src/problems.ts). This module maps framework errors to those codes and never lets a stack trace out.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem, ProblemCode } from '../problems.js';
import { problem } from '../problems.js';
import { problemCatalogue } from '../modules.js';
import { safeJson } from './safe-json.js';

// Each module's codes carry their HTTP status (src/modules.ts).
const CATALOGUE = problemCatalogue();

export function statusOf(code: ProblemCode): number {
  return CATALOGUE[code]?.status ?? 400;
}

/** An error that already carries the Problem to send (thrown by validation and the rate limiter). */
export class HttpProblem extends Error {
  readonly statusCode: number;
  constructor(readonly problem: Problem, statusCode?: number) {
    super(problem.message);
    this.name = 'HttpProblem';
    this.statusCode = statusCode ?? statusOf(problem.code);
  }
}

export function sendProblem(reply: FastifyReply, p: Problem, status = statusOf(p.code)): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(safeJson({ ok: false, error: p }));
}

function problemOfError(error: FastifyError | Error): { problem: Problem; status: number } {
  if (error instanceof HttpProblem) return { problem: error.problem, status: error.statusCode };
  const carried = (error as { problem?: Problem }).problem;
  if (carried && typeof carried.code === 'string') return { problem: carried, status: statusOf(carried.code) };
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: problem('INVALID_JSON', 'The request body is not valid JSON.'), status: 400 };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: problem('INPUT_TOO_LARGE', 'The request body is larger than the server accepts.'), status: 413 };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { problem: problem('UNSUPPORTED_FORMAT', 'Send the request body as application/json.'), status: 415 };
  }
  if (error instanceof SyntaxError) return { problem: problem('INVALID_JSON', 'The request body is not valid JSON.'), status: 400 };
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return { problem: problem('INVALID_REQUEST', error.message), status };
  return { problem: problem('INTERNAL_ERROR', 'The server could not complete the request; it has been logged.'), status: 500 };
}

export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const { problem: p, status } = problemOfError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, p, status);
  });
}

export function routeNotFound(request: FastifyRequest): Problem {
  return problem('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]} in this API; see /api/docs.`);
}
