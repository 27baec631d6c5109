import type { z } from 'zod';
import { LambError } from './errors.js';

/** A zod failure as INVALID_ARGUMENT, each issue as "path: problem", readable by people and models. */
export function zodToLambError(operation: string, error: z.ZodError): LambError {
  const issues = error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(options)'}: ${i.message}`);
  return new LambError('INVALID_ARGUMENT', `${operation} (lam-bridge): ${issues.join('; ')}`);
}
