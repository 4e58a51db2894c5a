/** What `narcotrace screen` and `narcotrace lists` share: the store, the agency the CLI acts for, and error output. */
import { ProblemError, type Problem } from '../problems.js';

export { scopeFor, withStores } from './stores.js';

export function fail(p: Problem, json: boolean): void {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: p }) + '\n');
  else process.stderr.write(`${p.code}: ${p.message}${p.where?.line ? ` (line ${p.where.line})` : ''}\n`);
  process.exitCode = 2;
}

export async function run(json: boolean, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ProblemError) fail(err.problem, json);
    else throw err;
  }
}
