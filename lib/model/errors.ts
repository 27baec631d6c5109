import type { z } from 'zod';
import { lazy } from './lazy-schema.js';

/** Stable error codes: the API. Messages are for people and read "operation (API): detail". */
export const ErrorCode = lazy((z) => z.enum([
  'INVALID_ARGUMENT',
  'TARGET_NOT_FOUND',
  'ELEMENT_STALE',
  'ELEMENT_DISABLED',
  'NOT_VISIBLE',
  'PATTERN_NOT_SUPPORTED',
  'INVALID_OPERATION',
  'TIMEOUT',
  'ACCESS_DENIED',
  'APP_NOT_RUNNING',
  'OFFICE_UNAVAILABLE',
  'UNSUPPORTED_PLATFORM',
  /** No display or accessibility bus to talk to (Linux: no DISPLAY / AT-SPI bus). */
  'DESKTOP_UNAVAILABLE',
  'INTERNAL',
]));
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = lazy((z) => z.object({
  code: ErrorCode,
  message: z.string(),
  /** The platform's own identifier: a D-Bus error name, an HRESULT. */
  detail: z.string().optional(),
}));
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** Every error lam-bridge throws or returns carries one of the stable codes. */
export class LambError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options?: { detail?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LambError';
    this.code = code;
    if (options?.detail !== undefined) this.detail = options.detail;
  }

  toJSON(): ErrorInfo {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/** Exit code of the `lamb` CLI for an error code (docs/CONTRACT.md: 2 = bad input or usage, 1 = failure). */
export function exitCodeFor(code: ErrorCode): number {
  return code === 'INVALID_ARGUMENT' || code === 'TARGET_NOT_FOUND' ? 2 : 1;
}
