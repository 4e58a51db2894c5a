/** package.schema.json is the JSON Schema export of the zod schema that validates packages at import; this keeps the two in step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { PackageFile } from './package.js';

export function packageJsonSchema(): Record<string, unknown> {
  return { $id: 'urn:narcotrace:exchange-package:1', ...(z.toJSONSchema(PackageFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>) };
}

it('package.schema.json is the JSON Schema of the package zod schema (regenerate: NARCOTRACE_WRITE_SCHEMA=1)', async () => {
  const path = join(import.meta.dirname, 'package.schema.json');
  const expected = `${JSON.stringify(packageJsonSchema(), null, 2)}\n`;
  if (process.env.NARCOTRACE_WRITE_SCHEMA === '1') (await import('node:fs')).writeFileSync(path, expected);
  expect(readFileSync(path, 'utf8')).toBe(expected);
});
