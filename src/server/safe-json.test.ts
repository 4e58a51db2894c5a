import { describe, expect, it } from 'vitest';
import { safeJson } from './safe-json.js';

describe('safeJson', () => {
  it('escapes markup characters but parses back to the same value', () => {
    const value = { q: '<script>alert("x")</script> & \u2028', n: [1, 2] };
    for (let i = 0; i < 3; i++) {
      const json = safeJson(value);
      expect(json).not.toMatch(/[<>&\u2028]/);
      expect(JSON.parse(json)).toEqual(value);
    }
    expect(safeJson({ a: 'CCO' })).toBe('{"a":"CCO"}');
  });
});
