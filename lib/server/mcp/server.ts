/**
 * The tool table as an MCP server (the v2 SDK, @modelcontextprotocol/server): each transport-neutral tool
 * (lib/server/tools) becomes one registerTool with its flat zod input schema, output schema and annotations.
 * A result carries structuredContent (matching the output schema) and a text content (the tool's own text,
 * else the structured result as JSON, for clients that read only text); screenshot adds image content.
 * A LambError becomes an isError result whose text starts with its stable code ("ACCESS_DENIED: …").
 */
import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import { LambError } from '../../model/errors.js';
import type { ServerTool, ToolContext, ToolOutput, ToolSession } from '../tools/index.js';

/** Runs a tool on the caller's session: the transport decides which session (stdio: one; HTTP: per caller). */
export type ToolRunner = <T>(fn: (session: ToolSession) => Promise<T>) => Promise<T>;

export const MCP_SERVER_NAME = 'lam-bridge';

/** The default token budget of an MCP result: well inside the ~25k-token tool result limit of common clients. */
export const DEFAULT_MCP_MAX_TOKENS = 20_000;

export function toCallToolResult(out: ToolOutput): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: out.text ?? JSON.stringify(out.structured) }];
  if (out.image) content.push({ type: 'image', data: out.image.base64, mimeType: out.image.mimeType });
  return { content, structuredContent: out.structured as Record<string, unknown> };
}

export function toErrorResult(error: unknown): CallToolResult {
  const e = error instanceof LambError ? error : undefined;
  const text = e ? `${e.code}: ${e.message}` : `INTERNAL: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

export function createMcpServer(tools: readonly ServerTool<never>[], ctx: ToolContext, run: ToolRunner, version: string): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version });
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        // The SDK takes any Standard Schema with JSON Schema (zod 4): it validates arguments and lists them.
        inputSchema: tool.inputSchema as never,
        outputSchema: tool.outputSchema as never,
        annotations: { title: tool.title, ...tool.annotations },
      },
      (async (args: never) => {
        try {
          return toCallToolResult(await run((session) => tool.run(session, args, ctx)));
        } catch (error) {
          return toErrorResult(error);
        }
      }) as never,
    );
  }
  return server;
}
