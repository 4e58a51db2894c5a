/**
 * Reads the reviewed class-rule files (rules/*.yaml) and validates them. A malformed rule file stops
 * start-up with its file name and the offending field: law that cannot be read must not be guessed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ClassRuleSchema, type ClassRule } from '../rule-schema.js';

/** rules/ at the package root (the same depth from src/ and dist/). */
export const RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

export async function loadRules(dir: string = RULES_DIR): Promise<ClassRule[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const rules: ClassRule[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const parsed = ClassRuleSchema.safeParse(parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`rules/${file}: ${issue.path.join('.')}: ${issue.message}`);
    }
    if (`${parsed.data.id}.yaml` !== file) throw new Error(`rules/${file}: the file name must be the rule id (${parsed.data.id}.yaml)`);
    rules.push(parsed.data);
  }
  return rules;
}
