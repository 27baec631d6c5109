import type { z } from 'zod';
import { lazy } from '../../model/lazy-schema.js';

/**
 * The WebSocket server's limits. Defaults are sized for agents, not for floods: a snapshot of a large app is a
 * few hundred KB of JSON at most, an agent makes a few calls a second, and the bench's 20 concurrent clients
 * fit under the session cap.
 */
export const JsonRpcLimits = lazy((z) =>
  z
    .object({
      /** Largest incoming message in bytes (ws maxPayload): a bigger one closes that connection with 1009. */
      maxMessageBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
      /** Sustained calls per second per connection (each call of a batch counts). */
      requestsPerSecond: z.number().positive().max(10_000).default(20),
      /** Calls a connection may make at once before the rate applies. */
      burst: z.number().int().min(1).max(10_000).default(40),
      /** Open connections (= sessions) at once; the next upgrade is answered 503. */
      maxSessions: z.number().int().min(1).max(10_000).default(32),
      /** Calls in one batch. */
      maxBatch: z.number().int().min(1).max(1000).default(50),
      /**
       * A connection with no message for this long is closed (1001) and its session freed: a client that went
       * away without closing would otherwise hold a session slot and its Desktop for good.
       */
      idleTimeoutMs: z.number().int().min(100).max(24 * 3600_000).default(30 * 60_000),
    })
    .strict(),
);
export type JsonRpcLimits = z.infer<typeof JsonRpcLimits>;
export type JsonRpcLimitsInput = z.input<typeof JsonRpcLimits>;
