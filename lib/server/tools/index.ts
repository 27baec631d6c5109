/** The tool table both servers serve (MCP: registerTool each; JSON-RPC: a method of the same name). */
import { LambError } from '../../model/errors.js';
import { actTool } from './act.js';
import { officeTool } from './office.js';
import { screenshotTool } from './screenshot.js';
import { snapshotTool } from './snapshot.js';
import type { ServerTool } from './tool.js';
import { waitForTool } from './wait-for.js';
import { windowsTool } from './windows.js';

export type { ServerTool, ToolContext, ToolOutput, ToolSession } from './tool.js';

export const serverTools: readonly ServerTool<never>[] = [windowsTool, snapshotTool, actTool, screenshotTool, officeTool, waitForTool] as unknown as readonly ServerTool<never>[];

/** The tools named by --tools / --exclude-tools; an unknown name is INVALID_ARGUMENT naming the known ones. */
export function selectTools(include: readonly string[] | undefined, exclude: readonly string[] | undefined): readonly ServerTool<never>[] {
  const names = serverTools.map((t) => t.name);
  for (const n of [...(include ?? []), ...(exclude ?? [])])
    if (!names.includes(n)) throw new LambError('INVALID_ARGUMENT', `serve (lamb): unknown tool '${n}'; tools: ${names.join(', ')}`);
  return serverTools.filter((t) => (include === undefined || include.includes(t.name)) && !(exclude ?? []).includes(t.name));
}
