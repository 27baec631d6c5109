/**
 * A tool: one transport-neutral operation of the servers (docs: BRIEF of issue 11). MCP registers it with
 * registerTool; JSON-RPC serves it as a method of the same name. `run` gets the caller's session (its own
 * Desktop: refs, labels, last snapshot) and the server's policy, and returns the structured result (which
 * matches outputSchema), optionally a text rendering and an image.
 *
 * (Interim, written by helper "wsrpc" while the full core of helper "server" was not there: windows,
 * snapshot, act. The shapes follow the brief so the server core can replace these files.)
 */
import type { z } from 'zod';
import type { Desktop } from '../../desktop/desktop.js';
import type { SnapshotData } from '../../model/index.js';

export interface ToolSession {
  /** Opened with refs 'shown-only': this session's refs and labels only. */
  desktop: Desktop;
  /** The last snapshot this session took through the snapshot tool (mode 'diff' compares against it). */
  lastSnapshot?: { key: string; nodes: SnapshotData['nodes'] };
}

export interface ToolContext {
  /** App names (case-insensitive) that may be listed, read or acted on; undefined = all. */
  allowApps?: readonly string[];
  /** Validate and resolve actions, do not act. */
  dryRun: boolean;
  /**
   * Token budget for a text result (observations, diffs) when the call gives no maxTokens: keeps results
   * within an MCP client's limits. Undefined = no budget (the JSON-RPC default).
   */
  maxTokens?: number;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolOutput<T = unknown> {
  structured: T;
  text?: string;
  image?: { mimeType: string; base64: string };
}

export interface ServerTool<Args = never, Out = unknown> {
  name: string;
  title: string;
  description: string;
  inputSchema: z.ZodType;
  outputSchema: z.ZodType;
  annotations: ToolAnnotations;
  run(session: ToolSession, args: Args, ctx: ToolContext): Promise<ToolOutput<Out>>;
}
