/**
 * Where a module beside another one lives, in the language the process runs: `.ts` when `base` is
 * TypeScript (vitest, tsx), the compiled `.js` otherwise. Job kinds and worker threads are named by
 * module URL, because a worker thread imports its code by URL.
 */
export function moduleUrl(path: string, base: string): URL {
  return new URL(`${path}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
