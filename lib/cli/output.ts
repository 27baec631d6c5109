import { exitCodeFor, LambError } from '../model/index.js';

export { numberFlag } from './number-flag.js';

/** Machine output: stdout, one document. */
export function printResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Progress and logs: stderr, so stdout stays parseable. */
export function progress(message: string): void {
  process.stderr.write(`lamb: ${message}\n`);
}

/**
 * Runs a command body and maps failures to docs/CONTRACT.md exit codes: 2 bad input or usage (INVALID_ARGUMENT,
 * TARGET_NOT_FOUND), 1 anything else. The error goes to stderr as "CODE: message", and as JSON on stdout
 * when the caller asked for JSON, so scripts can branch on the code.
 */
export async function runCommand(body: () => Promise<number | void>, options: { json?: boolean } = {}): Promise<void> {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (error) {
    const lamb =
      error instanceof LambError ? error : new LambError('INTERNAL', (error as Error)?.message ?? String(error), { cause: error });
    process.stderr.write(`lamb: ${lamb.code}: ${lamb.message}\n`);
    if (options.json) printResult(JSON.stringify({ ok: false, error: lamb.toJSON() }));
    process.exitCode = exitCodeFor(lamb.code);
  }
}
