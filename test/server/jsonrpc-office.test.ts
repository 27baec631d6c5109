/**
 * The office method over `lamb serve --port`: a real .xlsx in a real headless LibreOffice (UNO), the saved file
 * read back by openpyxl; bad input refused before LibreOffice starts, leaving the file byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../../lib/index.js';
import { connectJsonRpc, JsonRpcCallError, type JsonRpcClient } from '../../lib/server/jsonrpc/client.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

const PY = '/usr/bin/python3';
const py = (code: string, ...args: string[]) => execFileSync(PY, ['-c', code, ...args], { encoding: 'utf8' }).trim();
let dir: string;
let xlsx: string;
let served: ServedJsonRpc;
let client: JsonRpcClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-jsonrpc-office-'));
  xlsx = join(dir, 'sales.xlsx');
  py('import openpyxl,sys; w=openpyxl.Workbook(); s=w.active; s.title="Sales"\nfor i,v in enumerate([120,150,90], start=1): s.cell(i,2,v)\nw.save(sys.argv[1])', xlsx);
  served = await serveJsonRpc();
  client = await connectJsonRpc(served.url, { token: served.token });
});
afterAll(async () => {
  await client?.close();
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('office over JSON-RPC (real LibreOffice)', () => {
  it('bad input is refused before LibreOffice starts, and the file is left as it was', async () => {
    const before = readFileSync(xlsx);
    const e = await client.call('office', { app: 'excel', file: xlsx, actions: [{ function: 'set_cell_valu', args: {} }] }).catch((x: unknown) => x);
    expect((e as JsonRpcCallError).rpc).toMatchObject({ code: -32602, data: { code: 'INVALID_ARGUMENT' }, message: expect.stringMatching(/did you mean set_cell_value/) });
    const two = await client.call('office', { app: 'excel', file: xlsx, new: true, actions: [{ function: 'get_range_values' }] }).catch((x: unknown) => x);
    expect((two as JsonRpcCallError).rpc).toMatchObject({ code: -32602, message: expect.stringMatching(/exactly one of file/) });
    expect(readFileSync(xlsx).equals(before)).toBe(true);
  });

  it('writes a formula into the .xlsx, verified, and saves it (read back by openpyxl)', { timeout: 120_000 }, async () => {
    const out = await client.call<{ results: ActionResult[]; saved: boolean }>('office', {
      app: 'excel',
      file: xlsx,
      actions: [{ function: 'set_cell_value', args: { sheet_name: 'Sales', cell_reference: 'B4', formula: '=SUM(B1:B3)' } }],
      timeoutMs: 60_000,
    });
    expect(out.results[0]).toMatchObject({ ok: true, verdict: 'verified', function: 'set_cell_value' });
    expect(out.saved).toBe(true);
    expect(py('import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1])["Sales"]["B4"].value)', xlsx)).toBe('=SUM(B1:B3)');
  });
});
