/** The flags of `lamb serve` (commands/serve.ts), as commander hands them over: numbers still strings. */
export interface ServeFlags {
  mcp?: boolean;
  http?: string;
  port?: string;
  tools?: string;
  excludeTools?: string;
  allowApps?: string;
  token?: string;
  host?: string;
  allowRemote?: boolean;
  dryRun?: boolean;
  maxSessions?: string;
  maxMessageBytes?: string;
  rate?: string;
  burst?: string;
  json?: boolean;
}

/** A comma-separated list flag: trimmed, empty entries dropped; undefined when the flag was not given. */
export function listFlag(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
