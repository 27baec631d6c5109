/**
 * A token bucket per connection: `burst` calls at once, refilled at `perSecond`. Why a bucket and not a fixed
 * window: an agent's calls come in bursts (act, then snapshot, then screenshot) separated by model think time;
 * a bucket lets the burst through and still bounds the sustained rate a runaway client can put on the desktop.
 * The clock is a parameter so the rule is tested without waiting.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class TokenBucket {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(limit: RateLimit, now: () => number = () => performance.now()) {
    this.#limit = limit;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#at = now();
  }

  /** Takes one token: 0 when the call may go, else the ms until one is available. */
  take(): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + ((now - this.#at) / 1000) * this.#limit.perSecond);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.#limit.perSecond) * 1000);
  }
}
