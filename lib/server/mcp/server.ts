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

interface StandardJsonSchema {
  '~standard': {
    version: 1;
    vendor: string;
    validate: (value: unknown) => unknown;
    jsonSchema: { input: (options: { target: string }) => unknown; output: (options: { target: string }) => unknown };
  };
}

const converted = new WeakMap<object, StandardJsonSchema>();

/**
 * The schema as a Standard Schema whose JSON Schema is converted once per process. The SDK converts a tool's
 * schemas on each McpServer (tools/list; the output schema again on each first tools/call of a tool), and
 * stateless HTTP builds an McpServer per request, so a conversion would be paid on every call (~0.2-0.8 ms
 * for an output schema, a few ms for tools/list). Validation is zod's own. The JSON Schemas are frozen: they
 * are shared by every server, so a mutation would throw rather than leak into the next request.
 */
export function withJsonSchemaOnce(schema: object): StandardJsonSchema {
  let wrapped = converted.get(schema);
  if (wrapped) return wrapped;
  const std = (schema as StandardJsonSchema)['~standard'];
  const once = (io: 'input' | 'output') => {
    const byTarget = new Map<string, unknown>();
    return (options: { target: string }) => {
      let json = byTarget.get(options.target);
      if (json === undefined) {
        json = deepFreeze(std.jsonSchema[io](options));
        byTarget.set(options.target, json);
      }
      return json;
    };
  };
  wrapped = { '~standard': { version: 1, vendor: std.vendor, validate: (value) => std.validate(value), jsonSchema: { input: once('input'), output: once('output') } } };
  converted.set(schema, wrapped);
  return wrapped;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
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
        inputSchema: withJsonSchemaOnce(tool.inputSchema) as never,
        outputSchema: withJsonSchemaOnce(tool.outputSchema) as never,
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
