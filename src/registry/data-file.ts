/**
 * Reading a reviewed YAML data file so that every problem names its file, line and field: shared by the
 * list data (./schema.ts) and the jurisdictions (./jurisdictions.ts).
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One validation failure, located in its file. */
export interface DataIssue {
  file: string;
  line?: number;
  message: string;
}

export function formatIssue(i: DataIssue): string {
  return `${i.file}${i.line ? `:${i.line}` : ''}: ${i.message}`;
}

export interface ParsedYaml {
  value: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
  issues: DataIssue[];
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const issues: DataIssue[] = doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line, message: `YAML: ${e.message.split('\n')[0]}` }));
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // The deepest node that exists on the path; its start is where a reviewer should look.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { value: issues.length ? undefined : doc.toJS(), lineOf, issues };
}

/** Each zod issue as "<field path>: <message>" at the line of that field (`prefix`: where the validated value sits). */
export function zodIssues(error: z.ZodError, file: string, parsed: ParsedYaml, prefix: readonly PropertyKey[]): DataIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return { file, line: parsed.lineOf(path), message: `${field || '(file)'}: ${issue.message}` };
  });
}
