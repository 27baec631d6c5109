import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const LAMB = join(ROOT, 'dist/lib/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `lamb` CLI as a user would, with the test desktop's environment. */
export function lamb(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAMB, ...args], { env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lamb ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface TerminalResult extends CliResult {
  /** What the program wrote to the terminal (its stderr: progress, prompts, readline's echo), as the user saw it. */
  terminal: string;
  /** How many prompts were answered. */
  answered: number;
}

const PTY_RUN = join(ROOT, 'test/helpers/pty_run.py');

/**
 * Runs the compiled `lamb` CLI as from a terminal (test/helpers/pty_run.py: stdin and stderr on a
 * pseudo-terminal, stdout a pipe, as in `lamb run ... > result.json`). Each time the terminal shows `prompt`
 * (counted anew after each answer), the next of `answers` is typed: "y\r" is y and Enter, "\x04" is Ctrl-D.
 * `stdout` is the program's stdout alone; `stderr` is empty (it is the terminal).
 */
export function lambOnTerminal(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; prompt?: RegExp; answers?: string[]; typeAhead?: string } = {},
): Promise<TerminalResult> {
  const prompt = options.prompt ?? /\[y\/N\] /;
  const answers = [...(options.answers ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [PTY_RUN, process.execPath, LAMB, ...args], {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let terminal = '';
    let helperErrors = '';
    let seen = 0; // how far into `terminal` prompts were looked for
    let answered = 0;
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (stdout += d));
    // Keys typed at once, before the program asks anything (the terminal holds them until it reads).
    if (options.typeAhead) child.stdin!.write(options.typeAhead);
    child.stderr!.on('data', (d: Buffer) => (helperErrors += d));
    child.stdout!.on('data', (d: Buffer) => {
      terminal += d;
      const m = prompt.exec(terminal.slice(seen));
      if (m && answers.length > 0) {
        seen += m.index + m[0].length;
        answered++;
        child.stdin!.write(answers.shift()!);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // pty_run.py kills the program (in its own session) and exits
      reject(new Error(`lamb ${args.join(' ')} (on a terminal) did not finish in ${options.timeoutMs ?? 30_000} ms; terminal: ${terminal}`));
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (helperErrors) reject(new Error(`pty_run.py: ${helperErrors}`));
      else resolve({ code, stdout, stderr: '', terminal, answered });
    });
  });
}
