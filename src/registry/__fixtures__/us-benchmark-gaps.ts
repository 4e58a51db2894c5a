/**
 * DEA schedule benchmark compounds (../shared/data/structures/dea-schedule-benchmark.csv) that the US
 * explicit lists do not yet cover, each with the reason. An entry is left out rather than guessed when
 * its effective date or citation could not be verified (docs/registry.md). Tests fail when a gap
 * becomes covered without being removed from here.
 */
export const BENCHMARK_KNOWN_GAPS: Record<string, string> = {};
