/** A per-connection message budget: a steady rate with room for short bursts. */
export interface RateLimit {
  /** Messages per second allowed on average. */
  perSecond: number;
  /** Messages allowed at once after a quiet spell. */
  burst: number;
}

/** The simulator's default: 5 messages a second, bursts of 10 (a person clicking fast stays under it). */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 10 };

/** A token bucket: `take()` is true while the budget lasts. Time comes from `now` (milliseconds). */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Spends one message of the budget; false when it is used up (the message must be dropped). */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.last) / 1000) * this.limit.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
