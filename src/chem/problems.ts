/** The chemistry module's error codes: structures that cannot be read or are outside what it handles. */
import { defineProblems, type CodesOf } from '../problems.js';

export const CHEM_PROBLEMS = defineProblems({
  INVALID_SMILES: { status: 400, meaning: 'The SMILES cannot be parsed.' },
  INVALID_MOLFILE: { status: 400, meaning: 'The molfile or SDF record cannot be parsed.' },
  BAD_VALENCE: { status: 400, meaning: 'An atom has an impossible valence.' },
  UNSUPPORTED_ELEMENT: { status: 400, meaning: 'The structure holds an element the classifier does not handle (e.g. a dummy atom).' },
  TOO_MANY_ATOMS: { status: 400, meaning: 'More than 500 heavy atoms.' },
  NO_ORGANIC_FRAGMENT: { status: 400, meaning: 'No organic fragment to classify.' },
  INCHI_NOT_RESOLVABLE: { status: 400, meaning: 'An InChI that is not a registry substance (no InChI reader is available).' },
  INVALID_INCHI: { status: 400, meaning: 'The InChI is malformed.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof CHEM_PROBLEMS> {}
}
