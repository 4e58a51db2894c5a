import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, query } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { loadClassifier } from './index.js';
import { census, requirementsFrom, screen, textGraph, type PrefilterRequirements } from './prefilter.js';
import { elementsOfQuery, embeds, skeletonEmbedsIn, skeletonOfGraph, skeletonOfQuery, TextGraph } from './prefilter-topology.js';
import { coarseIsomerSignature } from './positional-isomers.js';
import { JURISDICTIONS } from './verdict.js';

function graphOf(smiles: string) {
  const c = census(smiles);
  if (!c.ok) throw new Error(`census refused ${smiles}: ${c.reason}`);
  return textGraph(c.fragments[0]);
}

describe('elements of an RDKit atom query', () => {
  it('reads atomic numbers and atom types, aromatic or not', () => {
    expect(elementsOfQuery({ descr: 'AtomAtomicNum', val: 7 })).toEqual([7]);
    expect(elementsOfQuery({ descr: 'AtomType', val: 1006 })).toEqual([6]);
    expect(elementsOfQuery({ descr: 'AtomOr', children: [{ descr: 'AtomType', val: 7 }, { descr: 'AtomType', val: 1007 }] })).toEqual([7]);
    expect(elementsOfQuery({ descr: 'AtomAnd', children: [{ descr: 'AtomType', val: 6 }, { descr: 'AtomTotalDegree', val: 4 }] })).toEqual([6]);
  });
  it('answers "any atom" for what it cannot reduce to elements', () => {
    expect(elementsOfQuery({ descr: 'AtomAtomicNum', val: 7, negated: true })).toBeNull();
    expect(elementsOfQuery({ descr: 'RecursiveStructure' })).toBeNull();
    expect(elementsOfQuery({ descr: 'AtomOr', children: [{ descr: 'AtomType', val: 7 }, { descr: 'RecursiveStructure' }] })).toBeNull();
    expect(elementsOfQuery(undefined)).toBeNull();
  });
});

describe('the graph as written', () => {
  it('bonds each atom to the one before it, to its branch point and across ring closures', () => {
    const g = graphOf('CC(=O)N1CC1[2H]');
    expect(g.z).toEqual([6, 6, 8, 7, 6, 6, 1]);
    expect(g.z.map((_, a) => g.neighbours(a).sort())).toEqual([[1], [0, 2, 3], [1], [1, 4, 5], [3, 5], [3, 4, 6], [5]]);
    const ring = graphOf('C1CC%10CC1CC%10');
    expect(ring.z.map((_, a) => ring.degree(a))).toEqual([2, 2, 3, 2, 3, 2, 2]);
  });
  it('numbers each fragment from zero', () => {
    const c = census('CCO.[Na+].c1ccccc1');
    expect(c.ok && c.fragments.map((f) => textGraph(f).z.length)).toEqual([3, 1, 6]);
    expect(c.ok && textGraph(c.fragments[2]).z.every((_, a) => textGraph(c.fragments[2]).degree(a) === 2)).toBe(true);
  });
});

describe('skeleton embedding in the graph as written', () => {
  beforeAll(async () => {
    await loadRDKit();
  });
  const piperidine = () => skeletonOfQuery(query('[NX3;R:1]1-[CX4;R:2]-[CX4;R:3]-[#6;R:4]-[CX4;R:5]-[CX4;R:6]-1'))!;

  it('derives a skeleton from RDKit\'s own reading of the SMARTS', () => {
    const s = piperidine();
    expect(s.elements).toHaveLength(6);
    expect(s.elements[0]).toEqual([7]); // the nitrogen is searched first
    expect(skeletonOfQuery(query('[!#6]1CCCCC1'))!.elements.filter((e) => e === null)).toHaveLength(1);
  });

  it('finds a ring wherever it is written, whatever the notation', () => {
    expect(embeds(piperidine(), graphOf('CC1CCN(C)CC1'))).toBe(true);
    expect(embeds(piperidine(), graphOf('C1CC(CCN1)C'))).toBe(true);
    // Aromatic (lower-case) notation has the same graph: RDKit may read it as a saturated ring.
    expect(embeds(piperidine(), graphOf('c1ccncc1'))).toBe(true);
    expect(embeds(piperidine(), graphOf('CCC(=O)N(c1ccccc1)C1CCn(C)CC1'))).toBe(true);
    expect(embeds(piperidine(), graphOf('C1CC[NH2+]CC1'))).toBe(true);
  });

  it('rejects graphs without the ring: a chain, a smaller ring, a ring of other elements', () => {
    expect(embeds(piperidine(), graphOf('CCCCCN'))).toBe(false);
    expect(embeds(piperidine(), graphOf('C1CCNC1CC'))).toBe(false);
    expect(embeds(piperidine(), graphOf('C1CCOCC1N'))).toBe(false);
    expect(embeds(piperidine(), graphOf('c1ccccc1CCN'))).toBe(false);
  });

  it('answers "may match" when the search runs out of steps', () => {
    expect(embeds(piperidine(), graphOf('CCCCCN'), 0)).toBe(true);
  });
});

describe('screen with the topology test', () => {
  beforeAll(async () => {
    await loadRDKit();
  });
  it('settles a record from its text when the fragment cannot hold the scaffold, charged or not', () => {
    const req: PrefilterRequirements = {
      classRules: [{ id: 'X', requirement: [{ minCounts: { C: 5, N: 1 }, minAliphatic: {}, minRings: 0 }] }],
      listedCompositions: new Set(),
      names: new Set(),
      skeletons: new Map([['X', { gate: skeletonOfQuery(query('[NX3;R]1CCCCC1'))!, allOf: [] }]]),
    };
    expect(screen('CCCCCN', req)).toEqual({ screenedOut: true, stage: 'topology' });
    expect(screen('CCCCC[NH3+].[Cl-]', req)).toEqual({ screenedOut: true, stage: 'topology' });
    expect(screen('C1CC[NH2+]CC1', req).screenedOut).toBe(false);
    expect(screen('C1CCNCC1', req).screenedOut).toBe(false);
  });

  it('keeps a record with a listed composition, whatever its graph', () => {
    const req: PrefilterRequirements = {
      classRules: [{ id: 'X', requirement: [{ minCounts: { C: 5, N: 1 }, minAliphatic: {}, minRings: 0 }] }],
      listedCompositions: new Set(['C5,N1']),
      names: new Set(),
      skeletons: new Map([['X', { gate: skeletonOfQuery(query('[NX3;R]1CCCCC1'))!, allOf: [] }]]),
    };
    expect(screen('CCCCCN', req).screenedOut).toBe(false);
  });

  it('settles a listed composition when no listed graph fits, and keeps it when one does', () => {
    // Amphetamine's graph (C9N: a benzene ring with a three-carbon chain carrying N).
    const amphetamine = skeletonOfGraph([6, 6, 7, 6, 6, 6, 6, 6, 6, 6], [[0, 1], [1, 2], [1, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [8, 9], [9, 4]])!;
    const req: PrefilterRequirements = {
      classRules: [],
      listedCompositions: new Set(['C9,N1']),
      names: new Set(),
      skeletons: new Map(),
      listedSkeletons: (key) => (key === 'C9,N1' ? { graphs: [amphetamine], signatures: new Set<string>() } : null),
    };
    expect(screen('NCCCCCCCCC', req)).toEqual({ screenedOut: true, stage: 'topology' });
    expect(screen('CC(N)Cc1ccccc1', req).screenedOut).toBe(false);
    expect(screen('CC([NH3+])Cc1ccccc1.[Cl-]', req).screenedOut).toBe(false);
    // A positional isomer on the ring has another graph: settled here only because this listing does not
    // cover positional isomers.
    expect(screen('CCCc1ccc(N)cc1', req)).toEqual({ screenedOut: true, stage: 'topology' });
    expect(screen('NCCCCCCCCC', { ...req, listedSkeletons: () => null }).screenedOut).toBe(false);
  });

  it('keeps a listed composition whose coarse isomer signature is a positional-isomer listing\'s', () => {
    // As if amphetamine's listing covered positional isomers: 4-propylaniline has its coarse signature
    // (C9N, one C6 ring system, an N bonded to one carbon), 1-phenylpropan-1-amine too; nonylamine does not.
    const amphetamine = graphOf('CC(N)Cc1ccccc1');
    const signature = coarseIsomerSignature(amphetamine)!;
    const req: PrefilterRequirements = {
      classRules: [],
      listedCompositions: new Set(['C9,N1']),
      names: new Set(),
      skeletons: new Map(),
      listedSkeletons: () => ({ graphs: [], signatures: new Set([signature]) }),
    };
    expect(screen('CCCc1ccc(N)cc1', req).screenedOut).toBe(false);
    expect(screen('CCC(N)c1ccccc1', req).screenedOut).toBe(false);
    expect(screen('NCCCCCCCCC', req)).toEqual({ screenedOut: true, stage: 'topology' });
    // A ring system of other elements (a pyridine with one more carbon outside) is another signature.
    expect(screen('CCCCc1ccncc1', req)).toEqual({ screenedOut: true, stage: 'topology' });
  });

  it('marks the bonds RDKit may read as double: written = or :, or unwritten between aromatic atoms', () => {
    const g = graphOf('CC(=O)Oc1ccccc1C=C');
    const double = (a: number, b: number) => g.mayBeDouble(a, b);
    expect(double(1, 2)).toBe(true); // C=O
    expect(double(1, 3)).toBe(false); // C-O
    expect(double(3, 4)).toBe(false); // O-c
    expect(double(4, 5)).toBe(true); // c c (kekulisation decides)
    expect(double(10, 11)).toBe(true); // C=C
    const ring = graphOf('c1cc:c(C)cc1');
    expect([[0, 1], [1, 2], [2, 3], [3, 5], [5, 6], [6, 0]].every(([a, b]) => ring.mayBeDouble(a, b))).toBe(true);
    expect(ring.mayBeDouble(3, 4)).toBe(false);
  });

  it('holds a closed atom only when all its heavy neighbours stand for query atoms', () => {
    // Piperidine whose N (query atom 0) has no neighbour outside the ring.
    const closed = skeletonOfQuery(query('[#7]1CCCCC1'), { atoms: [], closed: [0] })!;
    expect(embeds(closed, graphOf('C1CCNCC1'))).toBe(true);
    expect(embeds(closed, graphOf('[2H]N1CCCCC1'))).toBe(true); // hydrogen atoms do not count
    expect(embeds(closed, graphOf('CN1CCCCC1'))).toBe(false);
    // An added oxygen on C4 that must be double-bonded; and an N-acyl whose oxygen may be any atom.
    const oxo = skeletonOfQuery(query('[#7]1CCCCC1'), { atoms: [{ bondedTo: 3, elements: [8], double: true }] })!;
    expect(embeds(oxo, graphOf('O=C1CCNCC1'))).toBe(true);
    expect(embeds(oxo, graphOf('OC1CCNCC1'))).toBe(false);
    const acyl = skeletonOfQuery(query('[#7]1CCCCC1'), { atoms: [{ bondedTo: 0, elements: [6] }, { bondedTo: 6, elements: [8], double: true, mayBeCore: true }] })!;
    expect(embeds(acyl, graphOf('CC(=O)N1CCCCC1'))).toBe(true);
    expect(embeds(acyl, graphOf('CCN1CCCCC1'))).toBe(false);
  });

  it('settles 4-piperidines without a ketone or acetal at C4 or with another group on N, and keeps the 4-piperidone derivatives', async () => {
    const classifier = await loadClassifier();
    const req = requirementsFrom(classifier.rules, classifier.registry, ['US']);
    const findsPiperidone = (smiles: string) => {
      const r = classifier.classify(smiles, { asOf: '2026-12-02', jurisdictions: ['US'] });
      return r.ok && (r.jurisdictions.US?.findings ?? []).some((f) => f.rule === 'US-4PIPERIDONE-DERIVATIVES');
    };
    for (const smiles of ['O=C1CCNCC1', 'CC(C)(C)OC(=O)N1CCC(=O)CC1', 'CC(C)(C)OC(=O)N1CCC2(CC1)OCCO2', 'CC(=O)N1CCC(=O)CC1', 'COC1(OC)CCNCC1']) {
      expect(findsPiperidone(smiles), smiles).toBe(true);
      expect(screen(smiles, req).screenedOut, smiles).toBe(false);
    }
    // 4-hydroxy, 4-acyloxy and N-alkyl 4-piperidones: none of the rule's groups, so no finding, and settled from the text.
    for (const smiles of ['OC1CCN(Cc2ccccc2)CC1', 'CCN1CCC(O)CC1', 'CC(=O)OC1CCNCC1', 'O=C1CCN(C(C)C)CC1', 'CC(C)N1CCC(=O)CC1']) {
      expect(findsPiperidone(smiles), smiles).toBe(false);
      expect(screen(smiles, req), smiles).toEqual({ screenedOut: true, stage: 'topology' });
    }
  });

  it('keeps esters of phenylacetic acid and settles its substituted relatives (a derivative keeps every atom\'s degree)', async () => {
    const classifier = await loadClassifier();
    const req = requirementsFrom(classifier.rules, classifier.registry, ['US']);
    const listedAsDerivative = (smiles: string) => {
      const r = classifier.classify(smiles, { asOf: '2026-12-02', jurisdictions: ['US'] });
      return r.ok && (r.jurisdictions.US?.findings ?? []).some((f) => f.derivative);
    };
    for (const smiles of ['COC(=O)Cc1ccccc1', 'CCOC(=O)Cc1ccccc1']) {
      expect(listedAsDerivative(smiles), smiles).toBe(true);
      expect(screen(smiles, req).screenedOut, smiles).toBe(false);
    }
    for (const smiles of ['COC(=O)C(C)c1ccccc1', 'COC(=O)Cc1ccc(Cl)cc1', 'CCOC(=O)C(O)c1ccccc1']) {
      expect(listedAsDerivative(smiles), smiles).toBe(false);
      expect(screen(smiles, req), smiles).toEqual({ screenedOut: true, stage: 'topology' });
    }
  });

  it('gives a positional-isomer listing\'s substance the same coarse signature from its SMILES text as from its parsed graph', async () => {
    const classifier = await loadClassifier();
    const positional = classifier.registry.substances.filter((x) => x.form !== 'none' && x.listings.some((l) => l.covers.includes('positional-isomers')));
    expect(positional.length).toBeGreaterThan(10);
    for (const substance of positional) {
      const prepared = prepareStructure(substance.smiles, { identity: 'lean' });
      if (!prepared.ok) continue;
      const { graph } = prepared.prepared;
      const fromGraph = coarseIsomerSignature(TextGraph.ofMolGraph(graph));
      prepared.prepared.dispose();
      const c = census(substance.smiles);
      if (!c.ok) continue;
      const kept = c.fragments.reduce((a, b) => (b.heavy > a.heavy ? b : a));
      expect(coarseIsomerSignature(textGraph(kept)), substance.id).toBe(fromGraph);
    }
  });

  it('has a skeleton for every class rule and every ester/ether listing the real data screens', async () => {
    const classifier = await loadClassifier();
    const req = requirementsFrom(classifier.rules, classifier.registry, JURISDICTIONS);
    for (const rule of classifier.rules) expect(req.skeletons?.has(rule.id), rule.id).toBe(true);
    expect([...(req.skeletons?.keys() ?? [])].filter((id) => id.startsWith('esters-ethers-of:')).length).toBeGreaterThan(5);
    // Each rule's own examples that match still reach the classifier.
    for (const rule of classifier.rules) {
      for (const example of (rule as { examples?: { smiles: string; expect: string }[] }).examples ?? []) {
        if (example.expect === 'match') expect(screen(example.smiles, req).screenedOut, `${rule.id}: ${example.smiles}`).toBe(false);
      }
    }
  });
});

describe('a skeleton\'s rings', () => {
  it('counts independent rings, so a fragment with fewer ring closures is settled without a search', () => {
    expect(skeletonOfQuery(query('[#7]1CCCCC1'))!.rings).toBe(1);
    expect(skeletonOfQuery(query('c1ccc2ccccc2c1'))!.rings).toBe(2);
    expect(skeletonOfQuery(query('CCO'))!.rings).toBe(0);
  });
});

describe('one skeleton within another', () => {
  it('finds the piperidine ring within the 4-anilinopiperidine scaffold, not the other way round', () => {
    const piperidine = skeletonOfQuery(query('[NX3;R]1-[CX4;R]-[CX4;R]-[#6;R]-[CX4;R]-[CX4;R]-1'))!;
    const anilinopiperidine = skeletonOfQuery(query('[NX3;R]1-[CX4;R]-[CX4;R]-[CX4;R](-[NX3;!R]-[c;R])-[CX4;R]-[CX4;R]-1'))!;
    expect(skeletonEmbedsIn(piperidine, anilinopiperidine)).toBe(true);
    expect(skeletonEmbedsIn(anilinopiperidine, piperidine)).toBe(false);
  });
  it('does not let a named element stand on an atom that allows several', () => {
    expect(skeletonEmbedsIn(skeletonOfQuery(query('[#7]1CCCCC1'))!, skeletonOfQuery(query('[#7,#8]1CCCCC1'))!)).toBe(false);
    expect(skeletonEmbedsIn(skeletonOfQuery(query('*1CCCCC1'))!, skeletonOfQuery(query('[#7,#8]1CCCCC1'))!)).toBe(true);
  });
});
