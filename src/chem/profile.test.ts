import { describe, expect, it } from 'vitest';
import { addProfile, count, lap, takeProfile, type Profile } from './profile.js';

describe('stage profile', () => {
  it('adds the time since a mark to a stage, counts entries, and starts afresh when taken', () => {
    takeProfile();
    const start = performance.now() - 2; // two milliseconds ago
    const next = lap('parse', start);
    expect(next).toBeGreaterThanOrEqual(start + 2);
    lap('parse', next);
    count('classified');
    const p = takeProfile();
    expect(p.parse.n).toBe(2);
    expect(p.parse.us).toBeGreaterThanOrEqual(2000);
    expect(p.classified).toEqual({ us: 0, n: 1 });
    expect(takeProfile()).toEqual({});
  });

  it('adds up the tallies of several threads', () => {
    const total: Profile = { parse: { us: 10, n: 1 } };
    addProfile(total, { parse: { us: 5, n: 2 }, census: { us: 1, n: 4 } });
    addProfile(total, undefined);
    expect(total).toEqual({ parse: { us: 15, n: 3 }, census: { us: 1, n: 4 } });
  });
});
