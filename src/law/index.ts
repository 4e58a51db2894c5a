/**
 * Composition root of the law layer: loads RDKit, the rule files and the registry once, and returns
 * the Classifier every door uses.
 */
import { loadRDKit } from '../chem/rdkit.js';
import { loadRegistry } from '../registry/registry.js';
import { createClassifier, type Classifier } from './classify.js';
import { loadRules } from './rules/load.js';

let classifierPromise: Promise<Classifier> | undefined;

export function loadClassifier(): Promise<Classifier> {
  classifierPromise ??= (async () => {
    await loadRDKit();
    const [rules, registry] = await Promise.all([loadRules(), loadRegistry()]);
    return createClassifier(rules, registry);
  })();
  return classifierPromise;
}

export type { Classifier, ClassifyOptions } from './classify.js';
export * from './verdict.js';
