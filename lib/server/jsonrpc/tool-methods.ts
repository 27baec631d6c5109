/**
 * The transport-neutral tools (lib/server/tools) as JSON-RPC methods: one method per tool, of the same name,
 * whose params are the tool's flat input schema and whose result is the tool's structured output (what MCP
 * sends as structuredContent). An image a tool returns (screenshot) rides along as `image: {mimeType, base64}`
 * when the structured output does not already carry it; the `text` rendering is MCP's content for models and
 * adds nothing a JSON-RPC client lacks.
 */
import type { z } from 'zod';
import type { MethodTable, RpcMethod } from './dispatch.js';

/** What this file needs of a tool record (lib/server/tools/*.ts have more: title, annotations, outputSchema…). */
export interface ServableTool<Session, Ctx> {
  name: string;
  inputSchema: z.ZodType;
  run(session: Session, args: never, ctx: Ctx): Promise<{ structured: unknown; text?: string; image?: { mimeType: string; base64: string } }>;
}

/** A connection's state as the methods see it: its tool session and the server's policy. */
export interface MethodContext<Session, Ctx> {
  session: Session;
  ctx: Ctx;
}

export function methodsFromTools<Session, Ctx>(tools: readonly ServableTool<Session, Ctx>[]): MethodTable<MethodContext<Session, Ctx>> {
  const table = new Map<string, RpcMethod<MethodContext<Session, Ctx>>>();
  for (const tool of tools)
    table.set(tool.name, {
      params: tool.inputSchema,
      run: async (params, { session, ctx }) => {
        const out = await tool.run(session, params as never, ctx);
        const structured = out.structured;
        if (out.image && typeof structured === 'object' && structured !== null && !Array.isArray(structured) && !('image' in structured))
          return { ...structured, image: out.image };
        return structured;
      },
    });
  return table;
}
