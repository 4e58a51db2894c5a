import { describe, expect, it } from 'vitest';
import type { Job, TokenInfo } from '../api/types.js';
import { tokenStatus } from './AccountPage.js';
import { isActive, percent } from './JobsPage.js';

const token = (over: Partial<TokenInfo>): TokenInfo => ({ id: 1, name: 't', createdAt: '2026-01-01T00:00:00Z', expiresAt: null, revokedAt: null, lastUsedAt: null, ...over });
const job = (state: Job['state'], done: number, total: number): Job => ({
  id: 'j1',
  kind: 'classify',
  state,
  progress: { done, total },
  summary: null,
  error: null,
  createdAt: '2026-01-01T00:00:00Z',
  startedAt: null,
  finishedAt: null,
  createdBy: { userId: 1, username: 'u' },
});

describe('API token status', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it('is revoked, expired or active', () => {
    expect(tokenStatus(token({}), now)).toBe('active');
    expect(tokenStatus(token({ expiresAt: '2026-07-01T00:00:00Z' }), now)).toBe('active');
    expect(tokenStatus(token({ expiresAt: '2026-05-01T00:00:00Z' }), now)).toBe('expired');
    expect(tokenStatus(token({ expiresAt: '2026-05-01T00:00:00Z', revokedAt: '2026-04-01T00:00:00Z' }), now)).toBe('revoked');
  });
});

describe('job progress', () => {
  it('polls while queued or running only', () => {
    expect(['queued', 'running', 'done', 'failed', 'cancelled'].filter((s) => isActive(job(s as Job['state'], 0, 1)))).toEqual(['queued', 'running']);
  });
  it('is a whole percentage, 100 when done, 0 while the total is unknown', () => {
    expect(percent(job('running', 1, 3))).toBe(33);
    expect(percent(job('running', 0, 0))).toBe(0);
    expect(percent(job('done', 0, 0))).toBe(100);
    expect(percent(job('running', 5, 3))).toBe(100);
  });
});
