import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelJob, createToken, getMe, listUsers, login, SESSION_LOST } from './client.js';

type Call = { url: string; init: RequestInit };

function reply(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('API client', () => {
  let calls: Call[];
  let next: Response;
  let lost: number;
  beforeEach(() => {
    calls = [];
    lost = 0;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return next;
    });
    const target = new EventTarget();
    target.addEventListener(SESSION_LOST, () => lost++);
    vi.stubGlobal('window', target);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends the session cookie and JSON bodies on mutating requests', async () => {
    next = reply(201, { token: { id: 3, name: 'ci' }, secret: 'nt_3_x' });
    const r = await createToken({ name: 'ci', expiresInDays: 30 });
    expect(r).toEqual({ ok: true, value: { token: { id: 3, name: 'ci' }, secret: 'nt_3_x' } });
    expect(calls[0].url).toBe('/api/tokens');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(new Headers(calls[0].init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ name: 'ci', expiresInDays: 30 });
  });

  it('sends {} when a mutating request has nothing to say', async () => {
    next = reply(200, { job: { id: 'a b' } });
    await cancelJob('a b');
    expect(calls[0].url).toBe('/api/jobs/a%20b/cancel');
    expect(calls[0].init.body).toBe('{}');
  });

  it('unwraps { user } and treats a null user as anonymous', async () => {
    next = reply(200, { user: null });
    expect(await getMe()).toEqual({ ok: true, value: null });
  });

  it('returns the server’s error, and does not call a wrong password a lost session', async () => {
    next = reply(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Wrong user name or password.' } });
    expect(await login('a', 'b')).toEqual({ ok: false, problem: { code: 'UNAUTHENTICATED', message: 'Wrong user name or password.' } });
    expect(lost).toBe(0);
  });

  it('announces a lost session when another request answers 401', async () => {
    next = reply(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in.' } });
    const r = await listUsers(2);
    expect(calls[0].url).toBe('/api/users?agency=2');
    expect(r.ok).toBe(false);
    expect(lost).toBe(1);
  });
});
