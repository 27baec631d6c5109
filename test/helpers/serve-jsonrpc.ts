/** The real `lamb serve --port 0 ...` with the test desktop's environment (serve-child.ts). */
import { serveChild, type ServedChild } from './serve-child.js';

export type ServedJsonRpc = ServedChild;

const READY = /lamb: ready: (ws:\/\/\S+?:(\d+)\/)/;

export function serveJsonRpc(args: string[] = [], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServedJsonRpc> {
  return serveChild(['serve', '--port', '0', ...args], READY, options);
}
