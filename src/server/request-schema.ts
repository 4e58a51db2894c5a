/**
 * Request schemas are written once in zod: zod validates (so every violation becomes a stable code
 * and the field it concerns), and its JSON Schema export documents the route in OpenAPI.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CalendarDate } from '../law/dates.js';
import { problem, type ProblemCode } from '../problems.js';
import { HttpProblem } from './problem-reply.js';
import { safeJson } from './safe-json.js';

type Issue = z.core.$ZodIssue;
/** Picks a more specific code than INVALID_REQUEST for some issues (a bad date, an unknown jurisdiction). */
export type IssueCode = (issue: Issue) => ProblemCode | undefined;

interface Registered {
  schema: z.ZodType;
  codeFor?: IssueCode;
}

const bySchema = new WeakMap<object, Registered>();

/** The JSON Schema of `schema` for route documentation, linked to the zod schema that validates it. */
export function documented(schema: z.ZodType, codeFor?: IssueCode): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  bySchema.set(json, { schema, codeFor });
  return json;
}

function fieldOf(issue: Issue): string {
  return issue.path.map(String).join('.') || '(body)';
}

export function installZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    const registered = bySchema.get(schema as object);
    if (!registered) throw new Error('route schema not created with documented(): every request schema must be a zod schema');
    return (data: unknown) => {
      const result = registered.schema.safeParse(data);
      if (result.success) return { value: result.data };
      const issue = result.error.issues[0];
      const field = fieldOf(issue);
      const code = registered.codeFor?.(issue) ?? 'INVALID_REQUEST';
      return { error: new HttpProblem(problem(code, `${field}: ${issue.message}`, { field })) };
    };
  });
  // Responses are serialised with JSON.stringify: a response schema documents, it never strips fields.
  app.setSerializerCompiler(() => (data) => safeJson(data));
  app.setReplySerializer((payload) => safeJson(payload));
}

/** A real calendar date YYYY-MM-DD (2025-02-30 is rejected). */
export const IsoDate = CalendarDate;
