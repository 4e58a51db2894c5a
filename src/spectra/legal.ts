/**
 * A hit's structure and legal status, through the registry and the classifier (never re-implemented):
 * the registry's InChIKey look-up, full key first, then the first block (another stereoisomer); else
 * the record's own SMILES; then `classifier.classify`. When neither is found the hit says plainly
 * "structure not known". The family of a structure is the class rules whose scaffold it carries
 * (src/law's `explainClassRules`), e.g. "Fentanyl-related substances", whether or not the rule
 * governs it (fentanyl itself is listed by name, and still of the fentanyl family).
 */
import { prepareStructure } from '../chem/structure.js';
import type { Classifier } from '../law/classify.js';
import { explainClassRules } from '../law/engine.js';
import type { Jurisdiction, VerdictResult } from '../law/verdict.js';

export type StructureSource = 'inchikey' | 'inchikey-first-block' | 'smiles' | 'not known';

export interface Family {
  /** Class rule ids whose scaffold the structure carries, e.g. ["US-FRS", "CN-FENTANYL-CLASS"]. */
  rules: string[];
  /** The rules' titles, in the same order, e.g. "Fentanyl-related substances". */
  titles: string[];
  /** The titles joined. */
  name: string;
}

export interface HitStatus {
  structure: StructureSource;
  /** The SMILES classified, when the structure is known. */
  smiles: string | null;
  /** Registry substance the InChIKey matched. */
  substance: { id: string; name: string } | null;
  /** Per jurisdiction: controlled. Null when the structure is not known. */
  legal: Partial<Record<Jurisdiction, boolean>> | null;
  /** "structure not known" when no structure was found for the hit. */
  note?: string;
  family: Family | null;
  verdict: VerdictResult | null;
}

export const STRUCTURE_NOT_KNOWN = 'structure not known';

export interface HitAnnotator {
  status(hit: { inchikey?: string | null; smiles?: string | null }, asOf?: string): HitStatus;
}

/** Annotates hits, remembering each structure's answer (a library repeats compounds). */
export function createHitAnnotator(classifier: Classifier): HitAnnotator {
  const cache = new Map<string, HitStatus>();
  const families = new Map<string, Family | null>();

  function familyOf(smiles: string): Family | null {
    if (families.has(smiles)) return families.get(smiles)!;
    let family: Family | null = null;
    const prepared = prepareStructure(smiles, { identity: 'lean' });
    if (prepared.ok) {
      try {
        const rules = explainClassRules(classifier.rules, prepared.prepared).filter((o) => o.status !== 'no-scaffold' && o.rule.category === 'drug');
        if (rules.length) family = { rules: rules.map((o) => o.rule.id), titles: rules.map((o) => o.rule.title.en), name: [...new Set(rules.map((o) => o.rule.title.en))].join(' / ') };
      } finally {
        prepared.prepared.dispose();
      }
    }
    families.set(smiles, family);
    return family;
  }

  return {
    status(hit, asOf) {
      const key = `${hit.inchikey ?? ''}|${hit.smiles ?? ''}|${asOf ?? ''}`;
      const had = cache.get(key);
      if (had) return had;
      let structure: StructureSource = 'not known';
      let smiles: string | null = null;
      let substance: HitStatus['substance'] = null;
      const ik = hit.inchikey?.trim().toUpperCase();
      if (ik) {
        const full = ik.length > 14 ? classifier.registry.byInchiKey(ik) : [];
        const block = full.length ? full : classifier.registry.byInchiKey(ik.slice(0, 14));
        if (block.length) {
          structure = full.length ? 'inchikey' : 'inchikey-first-block';
          smiles = block[0].smiles;
          substance = { id: block[0].id, name: block[0].names.en };
        }
      }
      if (!smiles && hit.smiles) {
        structure = 'smiles';
        smiles = hit.smiles;
      }
      let status: HitStatus;
      if (!smiles) status = { structure: 'not known', smiles: null, substance: null, legal: null, note: STRUCTURE_NOT_KNOWN, family: null, verdict: null };
      else {
        const verdict = classifier.classify(smiles, asOf ? { asOf } : {});
        if (!verdict.ok) status = { structure: 'not known', smiles, substance, legal: null, note: STRUCTURE_NOT_KNOWN, family: null, verdict };
        else {
          const legal: Partial<Record<Jurisdiction, boolean>> = {};
          for (const [j, v] of Object.entries(verdict.jurisdictions)) if (v) legal[j] = v.controlled;
          status = { structure, smiles, substance, legal, family: familyOf(verdict.structure.smiles), verdict };
        }
      }
      cache.set(key, status);
      return status;
    },
  };
}
