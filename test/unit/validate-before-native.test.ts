/** Bad options are INVALID_ARGUMENT from zod, and nothing reaches the binary (or a target app). */
import { describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('../../bindings/index.js', () => {
  const record = (name: string) => () => {
    calls.push(name);
    return Promise.reject(new Error('native must not be called'));
  };
  return {
    nativePlatform: () => 'atspi',
    nativeApplications: record('applications'),
    nativeWindows: record('windows'),
    nativeSnapshot: record('snapshot'),
    nativeCapture: record('capture'),
  };
});

const { Desktop, LambError } = await import('../../lib/index.js');

describe('validation before any native call', () => {
  it.each([
    [{ maxNodes: -1 }],
    [{ maxNodes: 1.5 }],
    [{ maxDepth: Number.NaN }],
    [{ timeoutMs: 0 }],
    [{ timeoutMs: Number.POSITIVE_INFINITY }],
    [{ pid: -4 }],
    [{ app: '' }],
    [{ app: 'x'.repeat(100_000) }],
    [{ app: 'a', window: 'b' }],
    [{ visibleOnly: 'yes' }],
    [{ bogus: true }],
  ])('rejects %j', async (options) => {
    const desk = await Desktop.open();
    const error = await desk.snapshot(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambError);
    expect((error as InstanceType<typeof LambError>).code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(/^snapshot \(lam-bridge\): /);
    expect(calls).toEqual([]);
  });

  it.each([
    [{ rect: { x: 0, y: 0, width: 0, height: 10 } }],
    [{ rect: { x: 0.5, y: 0, width: 10, height: 10 } }],
    [{ rect: { x: 0, y: 0, width: Number.NaN, height: 10 } }],
    [{ rect: { x: 0, y: 0, width: 10 } }],
    [{ annotate: 'yes' }],
    [{ format: 'tree' }],
    [{ mark: '' }],
    [{ compressionLevel: 10 }],
    [{ app: 'a', pid: 1 }],
    [{ bogus: true }],
  ])('screenshot rejects %j', async (options) => {
    const desk = await Desktop.open();
    const error = await desk.screenshot(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambError);
    expect((error as InstanceType<typeof LambError>).code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(/^screenshot \(lam-bridge\): /);
    expect(calls).toEqual([]);
  });

  it('rejects a bad desktop timeout', async () => {
    await expect(Desktop.open({ timeoutMs: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
