/**
 * DEA schedule benchmark compounds (../shared/data/structures/dea-schedule-benchmark.csv) that the US
 * explicit lists do not yet cover, each with the reason. An entry is left out rather than guessed when
 * its effective date or citation could not be verified (docs/registry.md). Tests fail when a gap
 * becomes covered without being removed from here.
 */
export const BENCHMARK_KNOWN_GAPS: Record<string, string> = {
  methaqualone: 'Schedule I since a 1984 transfer from Schedule II; the effective date was not verified.',
  amphetamine: 'Schedule III in the original CSA, transferred to Schedule II in 1971; the transfer date was not verified.',
  methamphetamine: 'Schedule III (non-injectable) in the original CSA, transferred to Schedule II in 1971; the transfer date was not verified.',
  methylphenidate: 'Schedule III in the original CSA, transferred to Schedule II in 1971; the transfer date was not verified.',
  lisdexamfetamine: 'Final rule 72 FR 24532 (May 3, 2007; NPRM 72 FR 7945); no retrieved text gave its effective date.',
  pentobarbital: 'Schedule III in the original CSA (barbituric acid derivative), later Schedule II; the transfer date was not verified.',
  secobarbital: 'Schedule III in the original CSA (barbituric acid derivative), later Schedule II; the transfer date was not verified.',
  nabilone: 'Schedule II; the effective date of its scheduling was not verified.',
  tapentadol:
    'Final rule 74 FR 23790 (May 21, 2009); its DATES line was not retrieved. A secondary page ' +
    '(https://legalclarity.org/tapentadol-schedule-federal-and-state-regulations) gives "effective June 22, 2009"; ' +
    'confirm against the rule before adding it to US-CSA-II.opioids.yaml.',
  testosterone: 'Schedule III as an anabolic steroid (Anabolic Steroids Control Act of 1990); the in-force date was not verified.',
  benzphetamine: 'Schedule III; the effective date of its scheduling was not verified.',
  phendimetrazine: 'Schedule III; the effective date of its scheduling was not verified.',
  alprazolam: 'Schedule IV; the effective date of its scheduling was not verified.',
  diazepam: 'Schedule IV (1970s benzodiazepine order); the effective date was not verified.',
  lorazepam: 'Schedule IV; the effective date of its scheduling was not verified.',
  clonazepam: 'Schedule IV (1970s benzodiazepine order); the effective date was not verified.',
  midazolam: 'Schedule IV; the effective date of its scheduling was not verified.',
};
