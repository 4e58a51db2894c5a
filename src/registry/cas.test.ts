import { describe, expect, it } from 'vitest';
import { casCheckDigit, casFromDigits, casProblem } from './cas.js';

describe('CAS numbers', () => {
  it('accepts well-formed numbers with a correct check digit', () => {
    expect(casProblem('437-38-7')).toBeUndefined(); // fentanyl
    expect(casProblem('7732-18-5')).toBeUndefined(); // water
    expect(casCheckDigit('43738')).toBe(7);
  });
  it('rejects a wrong check digit with CAS_CHECK_DIGIT and a malformed number with CAS_FORMAT', () => {
    expect(casProblem('437-38-8')?.code).toBe('CAS_CHECK_DIGIT');
    expect(casProblem('437-388')?.code).toBe('CAS_FORMAT');
    expect(casProblem('4-38-7')?.code).toBe('CAS_FORMAT');
  });
  it('restores hyphens to digit-only CAS numbers', () => {
    expect(casFromDigits('437387')).toBe('437-38-7');
    expect(casFromDigits('12')).toBeUndefined();
  });
});
