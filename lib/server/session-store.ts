/**
 * The client sessions of a server, kept OUTSIDE any one server instance: stateless MCP HTTP builds a new
 * server and transport per request, so the caller's refs, labels and last snapshot must outlive both.
 * A session is its own Desktop opened with refs 'shown-only' and labelStore 'memory': it resolves only refs and
 * labels it has itself shown, and never reads or writes the machine-wide label file.
 *
 * Keys: the server derives them from the authenticated caller (stdio: one fixed key; MCP HTTP: the bearer
 * token's digest plus the caller's `Mcp-Session-Id`-like header, see mcp/http.ts).
 */
import { LambError } from '../model/errors.js';
import type { ToolSession } from './tools/tool.js';

export interface SessionStoreOptions {
  /** At most this many sessions at once (default 16); a new key past it evicts the longest idle one. */
  maxSessions?: number;
  /** A session unused this long is closed (default 30 min). */
  idleMs?: number;
  /** Opens a session's Desktop (default: Desktop.open({ refs: 'shown-only', labelStore: 'memory' })). */
  open?: () => Promise<ToolSession['desktop']>;
  /** A clock for idle expiry (tests). */
  now?: () => number;
}

interface Entry {
  session: Promise<ToolSession>;
  lastUsed: number;
  /** Requests running on it: a busy session is never evicted or expired under them. */
  busy: number;
}

export async function openServerDesktop(): Promise<ToolSession['desktop']> {
  const { Desktop } = await import('../desktop/desktop.js');
  return Desktop.open({ refs: 'shown-only', labelStore: 'memory' });
}

export class SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #idleMs: number;
  readonly #open: () => Promise<ToolSession['desktop']>;
  readonly #now: () => number;
  #closed = false;

  constructor(options: SessionStoreOptions = {}) {
    this.#max = options.maxSessions ?? 16;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    if (!Number.isInteger(this.#max) || this.#max < 1) throw new LambError('INVALID_ARGUMENT', `SessionStore (lamb serve): maxSessions must be a positive integer, got ${this.#max}`);
    if (!(this.#idleMs > 0)) throw new LambError('INVALID_ARGUMENT', `SessionStore (lamb serve): idleMs must be positive, got ${this.#idleMs}`);
    this.#open = options.open ?? openServerDesktop;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /**
   * Runs `fn` on the key's session, opening it on first use. Concurrent first uses of one key share one
   * session (one Desktop), so refs shown to either resolve for both.
   */
  async use<T>(key: string, fn: (session: ToolSession) => Promise<T>): Promise<T> {
    if (this.#closed) throw new LambError('INVALID_OPERATION', 'SessionStore (lamb serve): the server is closing');
    this.#expire();
    let entry = this.#entries.get(key);
    if (!entry) {
      this.#makeRoom();
      const session = this.#open().then((desktop): ToolSession => ({ desktop }));
      entry = { session, lastUsed: this.#now(), busy: 0 };
      this.#entries.set(key, entry);
      // A failed open must not stay cached: the next request tries again.
      session.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    entry.busy++;
    entry.lastUsed = this.#now();
    try {
      return await fn(await entry.session);
    } finally {
      entry.busy--;
      entry.lastUsed = this.#now();
    }
  }

  /** Closes every session (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(all.map((e) => closeEntry(e)));
  }

  #expire(): void {
    const now = this.#now();
    for (const [key, e] of this.#entries)
      if (e.busy === 0 && now - e.lastUsed >= this.#idleMs) {
        this.#entries.delete(key);
        void closeEntry(e);
      }
  }

  #makeRoom(): void {
    if (this.#entries.size < this.#max) return;
    let oldest: [string, Entry] | undefined;
    for (const kv of this.#entries) if (kv[1].busy === 0 && (!oldest || kv[1].lastUsed < oldest[1].lastUsed)) oldest = kv;
    if (!oldest) throw new LambError('INVALID_OPERATION', `SessionStore (lamb serve): all ${this.#max} sessions are busy (--max-sessions); try again`);
    this.#entries.delete(oldest[0]);
    void closeEntry(oldest[1]);
  }
}

async function closeEntry(e: Entry): Promise<void> {
  try {
    await (await e.session).desktop.close();
  } catch {
    // A session that failed to open has nothing to close.
  }
}
