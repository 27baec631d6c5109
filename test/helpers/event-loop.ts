/** Watches Node's event loop while a call into a (frozen, dying) app is under way. */
import type { LambError } from '../../lib/index.js';

export interface EventLoopWatch<T> {
  /** The call's value, or the error it failed with. */
  outcome: T | LambError;
  /** How often a 5 ms timer fired meanwhile. */
  ticks: number;
  /** The longest gap between two firings: how long the loop was ever blocked. */
  maxGapMs: number;
  elapsedMs: number;
}

/** Runs `work` while a 5 ms timer counts event-loop ticks and the longest gap between them. */
export async function watchingEventLoop<T>(work: () => Promise<T>): Promise<EventLoopWatch<T>> {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 5);
  const started = performance.now();
  let outcome: T | LambError;
  try {
    outcome = await work();
  } catch (error) {
    outcome = error as LambError;
  }
  clearInterval(timer);
  return { outcome, ticks, maxGapMs, elapsedMs: performance.now() - started };
}
