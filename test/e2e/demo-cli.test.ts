/**
 * `lamb demo` tells the whole story on a real app (the test desktop is usable, so it starts none): a snapshot,
 * the observation a model reads (UFO's control list on stdout), the annotated screenshot (a PNG in --out), a
 * model's answer naming the entry by its label, verified, and the same step through the MCP server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ActionResult } from '../../lib/model/index.js';
import { lamb } from '../helpers/cli.js';

describe('lamb demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lamb-demo-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('snapshot, observation, annotated screenshot, a verified action, and the MCP step', async () => {
    const out = join(dir, 'out');
    const r = await lamb(['demo', '--out', out], { env: { ...process.env, LAM_BRIDGE_LABEL_DIR: join(dir, 'labels') }, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/starting a headless one/); // the test desktop was used

    // Snapshot and observation: the control list on stdout's first line, the entry among its controls.
    expect(r.stderr).toMatch(/lamb: full tree: \d+ nodes in [\d.]+ ms/);
    expect(r.stderr).toMatch(/lamb: (\d+) controls, \d+ tokens \(ufo format\)/);
    const [first, ...rest] = r.stdout.split('\n');
    const controls = JSON.parse(first!) as { id: string; name: string; type: string }[];
    expect(controls.length).toBe(Number(/lamb: (\d+) controls/.exec(r.stderr)![1]));
    expect(controls.filter((c) => c.type === 'Edit').length).toBeGreaterThan(0);

    // The annotated screenshot: a PNG of the size the demo reported.
    const shot = /annotated screenshot (\d+)x(\d+) with the control list's labels written to (\S+) \((\d+) bytes\)/.exec(r.stderr);
    expect(shot, r.stderr).not.toBeNull();
    expect(shot![3]).toBe(join(out, 'annotated.png'));
    const png = readFileSync(shot![3]!);
    expect(png.length).toBe(Number(shot![4]));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(shot![1]), Number(shot![2])]);

    // The action: a UFO v1 answer naming an Edit of the control list by its label, verified with evidence.
    const acting = /lamb: acting: (\{.*\})/.exec(r.stderr);
    const answer = JSON.parse(acting![1]!) as { ControlLabel: string; Function: string };
    expect(answer.Function).toBe('set_edit_text');
    expect(controls.find((c) => c.id === answer.ControlLabel)?.type).toBe('Edit');
    const result = ActionResult.parse(JSON.parse(rest.join('\n')));
    expect(result).toMatchObject({ ok: true, verdict: 'verified', function: 'set_edit_text', target: { role: 'Edit' } });
    expect((result.evidence as { after?: { value?: string } }).after?.value).toBe('Hello from lam-bridge');

    // The same step through the MCP server.
    expect(r.stderr).toMatch(/MCP server \(stdio\) up; tools: snapshot, act/);
    expect(r.stderr).toMatch(/MCP snapshot: \d+ nodes, ufo-v2 observation of \d+ tokens/);
    expect(r.stderr).toMatch(/MCP act set_edit_text: verified/);
  });

  it('--out "" is bad input', async () => {
    const r = await lamb(['demo', '--out', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT: demo \(lamb\): --out needs a directory/);
  });
});
