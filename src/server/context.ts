/** What the routes share: the classifier, the verdict cache, the store and the lazily built structure search. */
import type { Classifier } from '../law/classify.js';
import type { StructureSearch } from '../registry/structure-search.js';
import type { Store } from '../store/store.js';
import type { HistoryRecorder } from './history-recorder.js';
import type { VerdictService } from './verdict-service.js';

export interface ServerContext {
  classifier: Classifier;
  verdicts: VerdictService;
  store: Store;
  recorder: HistoryRecorder;
  structureSearch(): StructureSearch;
}
