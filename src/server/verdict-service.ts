/**
 * Classification for the API: the Classifier behind an LRU of serialised verdicts, so a repeated
 * structure costs a map look-up, and every answer (cached or not) is handed to the history recorder.
 */
import type { Classifier } from '../law/classify.js';
import type { Jurisdiction, VerdictResult } from '../law/verdict.js';
import { verdictHash, type ClassificationRecord } from '../law/store.js';
import type { HistoryRecorder } from './history-recorder.js';
import { LruCache } from './lru-cache.js';
import { safeJson } from './safe-json.js';

export interface ClassifiedJson {
  verdict: VerdictResult;
  /** The verdict serialised once: the exact CLI `classify --json` object. */
  json: string;
  /** Its key in the history store, computed once per cache entry. */
  hash: string;
}

export class VerdictService {
  readonly cache: LruCache<string, ClassifiedJson>;

  constructor(
    private readonly classifier: Classifier,
    private readonly recorder: HistoryRecorder | undefined,
    cacheSize = 5_000,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  classify(input: string, asOf: string, jurisdictions: readonly Jurisdiction[], owner: ClassificationRecord['owner'] = null): ClassifiedJson {
    // The input string is the key as given: normalisation costs most of a classification, so it is
    // only paid on a miss. Verdicts depend on the date and the jurisdictions asked, so both are in the key.
    const key = `${asOf}|${jurisdictions.join(',')}|${input}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const verdict = this.classifier.classify(input, { asOf, jurisdictions });
      const json = safeJson(verdict);
      entry = { verdict, json, hash: verdictHash(json) };
      this.cache.set(key, entry);
    }
    this.recorder?.record({
      input,
      asOf,
      jurisdictions,
      verdict: entry.verdict,
      verdictJson: entry.json,
      verdictHash: entry.hash,
      dataVersion: this.classifier.dataVersion,
      createdAt: new Date().toISOString(),
      owner,
    });
    return entry;
  }
}
