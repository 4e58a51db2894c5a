/**
 * Clause-by-clause tests of the class rules, one named molecule per case, with the legal reasoning in
 * the test name. Expectations: 'X,Y' = matches by those clauses; '-' = the parent or outside the class;
 * '?' = needs review. Structures are cross-checked against ../shared in src/law/structures.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { explainClassRules, type RuleOutcome } from './engine.js';
import type { ClassRule } from './rule-schema.js';
import { loadRules } from './rules/load.js';
import { CASES } from './__fixtures__/named-molecules.js';

let rules: ClassRule[];
beforeAll(async () => {
  await loadRDKit();
  rules = await loadRules();
});

function outcomes(smiles: string): Map<string, RuleOutcome> {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(`${smiles}: ${r.problem.message}`);
  try {
    return new Map(explainClassRules(rules, r.prepared).map((o) => [o.rule.id, o]));
  } finally {
    r.prepared.dispose();
  }
}

function summary(o: RuleOutcome | undefined): string {
  if (!o) return 'missing';
  if (o.status === 'match') return o.clauses.join(',') || '=';
  if (o.status === 'review') return '?';
  return '-';
}

describe('class rules, named molecules', () => {
  it('has at least 60 named molecules', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of CASES) {
    it(`${c.name}: ${c.why}`, () => {
      const o = outcomes(c.smiles);
      if (c.us !== undefined) expect(summary(o.get('US-FRS')), `US-FRS: ${o.get('US-FRS')?.reasons.join(' ')}`).toBe(c.us);
      if (c.cn !== undefined) expect(summary(o.get('CN-FENTANYL-CLASS')), `CN: ${o.get('CN-FENTANYL-CLASS')?.reasons.join(' ')}`).toBe(c.cn);
      if (c.ap !== undefined) expect(summary(o.get('US-4AP-DERIVATIVES')), `4-AP: ${o.get('US-4AP-DERIVATIVES')?.reasons.join(' ')}`).toBe(c.ap);
      if (c.pip !== undefined) expect(summary(o.get('US-4PIPERIDONE-DERIVATIVES')), `4-piperidone: ${o.get('US-4PIPERIDONE-DERIVATIVES')?.reasons.join(' ')}`).toBe(c.pip);
    });
  }
});

describe('rule files', () => {
  it('every example in every rule file classifies as the file says', () => {
    for (const rule of rules) {
      for (const ex of rule.examples) {
        const o = outcomes(ex.smiles).get(rule.id)!;
        const status = o.status === 'no-scaffold' ? 'no' : o.status;
        expect(status === 'no' ? 'no-match' : status, `${rule.id} ${ex.name}`).toBe(ex.expect);
        if (ex.expect === 'match' && ex.clauses.length) expect(o.clauses, `${rule.id} ${ex.name}`).toEqual(ex.clauses);
      }
    }
  });

  it('reports the interpretations a match relied on (carbamate read as acyl)', () => {
    const o = outcomes('COC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1').get('US-FRS')!;
    expect(o.status).toBe('match');
    expect(o.interpretations).toContain('I-ACYL-CARBAMATE');
  });

  it('tries every mapping of the core: a molecule with two candidate aryl rings still matches', () => {
    // N-phenyl and a 4-phenyl on the piperidine: the scaffold maps the aniline ring either way round only once,
    // but the phenethyl ring and the aniline ring are both benzene; symmetric C2/C6 mappings are deduplicated.
    const o = outcomes('CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C').get('US-FRS')!;
    expect(o.status).toBe('match');
    expect(o.clauses).toEqual(['C']);
  });

  it('highlights the core and the modified parts separately', () => {
    const o = outcomes('CC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1').get('US-FRS')!;
    expect(o.clauses).toEqual(['D', 'E']);
    const core = o.highlights.find((h) => h.role === 'core')!;
    expect(core.modified).toBe(false);
    const modified = o.highlights.filter((h) => h.modified);
    expect(modified.map((h) => h.clause).sort()).toEqual(['D', 'E']);
  });
});
