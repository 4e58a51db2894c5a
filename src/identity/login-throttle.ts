/**
 * Limits failed sign-ins, per user name and per client address, over a sliding window, so a password
 * cannot be guessed online. Kept in memory: a restart forgets, which only ever helps the legitimate
 * user. It applies to every address, loopback included (unlike the general request rate limit).
 */
export interface LoginThrottleOptions {
  /** Failures per user name within the window. */
  perUser?: number;
  /** Failures per client address within the window. */
  perAddress?: number;
  windowMs?: number;
  now?: () => number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly perUser: number;
  private readonly perAddress: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.perUser = options.perUser ?? 5;
    this.perAddress = options.perAddress ?? 20;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(username: string, address: string): number {
    const wait = (key: string, max: number) => {
      const times = this.recent(key);
      return times.length < max ? 0 : Math.ceil((times[times.length - max] + this.windowMs - this.now()) / 1000);
    };
    return Math.max(wait(`u:${username}`, this.perUser), wait(`a:${address}`, this.perAddress));
  }

  failed(username: string, address: string): void {
    const t = this.now();
    for (const key of [`u:${username}`, `a:${address}`]) this.failures.set(key, [...this.recent(key), t]);
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
