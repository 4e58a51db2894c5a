import { describe, expect, it } from 'vitest';
import { MODULES } from '../modules.js';
import { composeMigrations } from './migrations.js';

describe('composed migrations', () => {
  it('run the baseline first, then each module’s in date order, every name telling its module', () => {
    const names = Object.keys(composeMigrations('sqlite', MODULES));
    expect(names[0]).toBe('2026-11-28-001-initial');
    expect([...names].sort()).toEqual(names);
    for (const name of names.slice(1)) expect(MODULES.some((m) => name.slice(11).startsWith(`${m.name}-`))).toBe(true);
  });

  it('refuse a module migration not named after its module, or a name used twice', () => {
    const up = async () => undefined;
    expect(() => composeMigrations('sqlite', [{ name: 'spectra', migrations: () => ({ '2027-01-01-jobs-001-x': { up } }) }])).toThrow(/YYYY-MM-DD-spectra-NNN/);
    const twice = { name: 'spectra', migrations: () => ({ '2027-01-01-spectra-001-x': { up } }) };
    expect(() => composeMigrations('sqlite', [twice, twice])).toThrow(/defined twice/);
  });

  it('let a new module add its migration without touching another', () => {
    const up = async () => undefined;
    const names = Object.keys(composeMigrations('postgres', [...MODULES, { name: 'spectra', migrations: () => ({ '2027-01-01-spectra-001-libraries': { up } }) }]));
    expect(names.at(-1)).toBe('2027-01-01-spectra-001-libraries');
  });
});
