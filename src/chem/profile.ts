/**
 * Per-stage timing of bulk classification (docs/performance.md), on only when the environment has
 * NARCOTRACE_PROFILE=1. Off, every call site is one test of a constant, so the product pays nothing.
 * Each thread keeps its own tallies; the bulk runner adds up what its workers send.
 */
export const PROFILE = typeof process !== 'undefined' && process.env?.NARCOTRACE_PROFILE === '1';

/** Time spent in one stage (microseconds) and how many times it was entered. */
export interface StageTally {
  us: number;
  n: number;
}
export type Profile = Record<string, StageTally>;

let tallies: Profile = {};

/** A start time for `lap` (0 when profiling is off: never read then). */
export function mark(): number {
  return PROFILE ? performance.now() : 0;
}

/** Adds the time since `since` to `stage` and returns now, so that stages can be chained. */
export function lap(stage: string, since: number): number {
  const now = performance.now();
  const t = (tallies[stage] ??= { us: 0, n: 0 });
  t.us += (now - since) * 1000;
  t.n++;
  return now;
}

/** Counts a record reaching a stage that is not timed on its own. */
export function count(stage: string): void {
  (tallies[stage] ??= { us: 0, n: 0 }).n++;
}

/** This thread's tallies since the last call, which starts new ones. */
export function takeProfile(): Profile {
  const out = tallies;
  tallies = {};
  return out;
}

export function addProfile(into: Profile, from: Profile | undefined): void {
  for (const [stage, t] of Object.entries(from ?? {})) {
    const mine = (into[stage] ??= { us: 0, n: 0 });
    mine.us += t.us;
    mine.n += t.n;
  }
}
