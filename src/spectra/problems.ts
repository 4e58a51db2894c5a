/** The spectra module's error codes: bad spectra, bad library files, unknown libraries. */
import { defineProblems, type CodesOf } from '../problems.js';

export const SPECTRA_PROBLEMS = defineProblems({
  EMPTY_SPECTRUM: { status: 400, meaning: 'A spectrum has no peak with an intensity above zero.' },
  INVALID_PEAK: { status: 400, meaning: 'A peak is not a pair of finite numbers, or its intensity is negative (`where.line` names the line).' },
  MZ_OUT_OF_RANGE: { status: 400, meaning: 'A peak’s m/z is not above 0 and at most 10,000.' },
  TOO_MANY_PEAKS: { status: 413, meaning: 'A spectrum has more than 100,000 peaks.' },
  INVALID_MSP: { status: 400, meaning: 'An NIST MSP record cannot be read (`where.line`: where in the file).' },
  INVALID_JCAMP: { status: 400, meaning: 'A JCAMP-DX record cannot be read, or the file is truncated (`where.line`).' },
  INVALID_MASSBANK: { status: 400, meaning: 'A MassBank record cannot be read (`where.line`).' },
  INVALID_CSV: { status: 400, meaning: 'A CSV peak list cannot be read (`where.line`).' },
  INVALID_ENCODING: { status: 400, meaning: 'The file is not UTF-8 (or UTF-16 with a byte-order mark) text.' },
  LIBRARY_NOT_FOUND: { status: 404, meaning: 'No spectral library of that name or id (or not visible to the caller).' },
  NO_SPECTRA: { status: 400, meaning: 'A library file holds no readable spectrum, so nothing was imported.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof SPECTRA_PROBLEMS> {}
}
