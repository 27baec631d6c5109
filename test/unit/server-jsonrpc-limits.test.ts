/** lib/server/jsonrpc/rate-limit.ts and limits.ts: the token bucket on a hand-driven clock, the limits' schema. */
import { describe, expect, it } from 'vitest';
import { JsonRpcLimits } from '../../lib/server/jsonrpc/limits.js';
import { TokenBucket } from '../../lib/server/jsonrpc/rate-limit.js';

describe('TokenBucket', () => {
  it('lets a burst through, then one call per 1/perSecond, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0]);
    expect(bucket.take()).toBe(100);
    now = 50;
    expect(bucket.take()).toBe(50);
    now = 100;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBeGreaterThan(0);
  });

  it('refills up to the burst and no further, however long it was idle', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 100, burst: 2 }, () => now);
    now = 60_000;
    expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
    expect(bucket.take()).toBeGreaterThan(0);
  });

  it('a refused call costs nothing: waiting the time it names is enough', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 4, burst: 1 }, () => now);
    bucket.take();
    const wait = bucket.take();
    expect(bucket.take()).toBe(wait);
    now += wait;
    expect(bucket.take()).toBe(0);
  });
});

describe('JsonRpcLimits', () => {
  it('defaults fit 20 concurrent clients and a large snapshot', () => {
    const limits = JsonRpcLimits.parse({});
    expect(limits.maxSessions).toBeGreaterThanOrEqual(20);
    expect(limits.maxMessageBytes).toBeGreaterThanOrEqual(256 * 1024);
  });

  it('refuses nonsense (zero, negative, unknown keys)', () => {
    for (const bad of [{ maxSessions: 0 }, { requestsPerSecond: -1 }, { maxMessageBytes: 10 }, { maxBatch: 1.5 }, { maxsessions: 3 }])
      expect(JsonRpcLimits.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
