/**
 * CAS Registry Numbers: format and check digit. The check digit is the sum of every other digit
 * times its position counted from the right (starting at 1), modulo 10.
 */
import { problem, type Problem } from '../problems.js';

const CAS = /^(\d{2,7})-(\d{2})-(\d)$/;

export function casCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

/** undefined when `text` is a well-formed CAS number with a correct check digit. */
export function casProblem(text: string): Problem | undefined {
  const m = CAS.exec(text);
  if (!m) return problem('CAS_FORMAT', `"${text}" is not a CAS number: expected 2–7 digits, 2 digits and 1 check digit separated by hyphens (e.g. 437-38-7).`);
  const expected = casCheckDigit(m[1] + m[2]);
  if (expected !== Number(m[3]))
    return problem('CAS_CHECK_DIGIT', `CAS number ${text} has check digit ${m[3]}, but its digits give ${expected}; check for a typing error.`);
  return undefined;
}

/** "437387" → "437-38-7" (SWGDRUG and some catalogues omit the hyphens). */
export function casFromDigits(digits: string): string | undefined {
  if (!/^\d{5,10}$/.test(digits)) return undefined;
  return `${digits.slice(0, -3)}-${digits.slice(-3, -1)}-${digits.slice(-1)}`;
}

/** Looks like an attempt at a CAS number: digits and hyphens only, with at least one hyphen. */
export function looksLikeCas(text: string): boolean {
  return /^\d[\d\s-]*$/.test(text) && /-/.test(text);
}
