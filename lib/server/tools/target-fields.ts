/**
 * The target fields (app, pid, window, ref) of a tool's input, built with the caller's `z` inside the tool's
 * lazy schema. Why not lib/model/target.ts's `targetFields`: those are lazy stand-ins, and zod's JSON Schema
 * conversion (which MCP's tools/list runs) fails on an optional whose inner schema is a stand-in
 * ("Cannot set properties of undefined (setting 'ref')"). Same constraints, plus descriptions for clients.
 */
type Zod = (typeof import('zod'))['z'];

export function toolTargetFields(z: Zod) {
  const name = z.string().min(1).max(4096);
  return {
    app: name.optional().describe('application name, case-insensitive; an exact match wins over a substring'),
    pid: z.number().int().positive().max(2 ** 31 - 1).optional().describe('process id of the application'),
    window: name.optional().describe('substring of a top-level window title'),
    ref: name.optional().describe('an element ref from a snapshot of this session: the subtree below it'),
  };
}
