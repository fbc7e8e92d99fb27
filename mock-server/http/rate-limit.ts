import { HttpError } from './http-error.ts';

/** Fixed one-minute windows per key; enough to keep a demo or a test from hammering upstreams. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; throws 429 with Retry-After once the window is full. */
  take(key: string, what: string): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
      throw new HttpError('rate_limited', `Too many ${what}: at most ${this.perMinute} a minute. Try again in ${retryAfter} s.`, {
        headers: { 'retry-after': String(retryAfter) },
      });
    }
  }
}
