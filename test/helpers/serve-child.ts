/**
 * Starts the real `lamb serve ...` (the compiled CLI, as a user would) and waits for its ready line on stderr.
 * The token is read from stderr, where the server prints a generated one; stdout is kept so that tests can
 * assert nothing leaks there. One definition for both servers (serve-jsonrpc.ts, serve-mcp.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { LAMB } from './cli.js';

export interface ServedChild {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const TOKEN = /lamb: token: (\S+)/;

/** `ready` matches the ready line: group 1 the URL, group 2 the port. */
export function serveChild(serveArgs: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServedChild> {
  const what = `lamb ${serveArgs.join(' ')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(process.execPath, [LAMB, ...serveArgs], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  let exited: Promise<number | null> = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      exited = exited.finally(() => clearTimeout(timer));
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${what} did not get ready in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      const line = ready.exec(stderr);
      if (!line) return;
      clearTimeout(timer);
      const token = TOKEN.exec(stderr)?.[1] ?? options.env?.['LAMB_TOKEN'] ?? '';
      resolve({ url: line[1]!, port: Number(line[2]), token, child, stdout: () => stdout, stderr: () => stderr, stop });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`${what} exited ${code} before it was ready; stderr: ${stderr}`), { code, stderr }));
    });
  });
}
