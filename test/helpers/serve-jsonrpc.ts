/**
 * Starts the real `lamb serve --port 0 ...` (the compiled CLI, as a user would) with the test desktop's
 * environment, and waits for its ready line on stderr. The token is read from stderr, where the server
 * prints it; stdout is kept to assert that nothing leaks there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { LAMB } from './cli.js';

export interface ServedJsonRpc {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const READY = /lamb: ready: (ws:\/\/\S+?:(\d+)\/)/;
const TOKEN = /lamb: token: (\S+)/;

export function serveJsonRpc(args: string[] = [], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServedJsonRpc> {
  const child = spawn(process.execPath, [LAMB, 'serve', '--port', '0', ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      reject(new Error(`lamb serve did not get ready in ${options.timeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      const ready = READY.exec(stderr);
      if (!ready) return;
      clearTimeout(timer);
      const token = TOKEN.exec(stderr)?.[1] ?? options.env?.['LAMB_TOKEN'] ?? '';
      resolve({ url: ready[1]!, port: Number(ready[2]), token, child, stdout: () => stdout, stderr: () => stderr, stop });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`lamb serve exited ${code} before it was ready; stderr: ${stderr}`), { code, stderr }));
    });
  });
}
