import { afterEach, describe, expect, it } from 'vitest';
import { desktopIsUsable, listAtspiApps, type RunningApp } from '../../lib/session/index.js';
import { startApp } from '../fixtures/apps.js';
import { alive } from '../helpers/processes.js';

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('headless desktop harness', () => {
  let app: RunningApp | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('gives the test workers a usable desktop', async () => {
    expect(process.env.DISPLAY).toMatch(/^:\d+$/);
    expect(process.env.AT_SPI_BUS_ADDRESS).toBeTruthy();
    expect(process.env.NO_AT_BRIDGE).toBeUndefined();
    expect(await desktopIsUsable(process.env)).toBe(true);
  });

  it('launches gtk3-widget-factory, lists it with its pid, and removes it on stop', async () => {
    app = await startApp('widgetFactory');
    const { busName, pid } = app;
    expect(app.atspiName).toBe('gtk3-widget-factory');
    expect(alive(pid)).toBe(true);

    const listed = (await listAtspiApps(process.env)).find((a) => a.busName === busName);
    expect(listed).toEqual({ busName, name: 'gtk3-widget-factory', pid });

    await app.stop();
    app = null;
    expect(alive(pid)).toBe(false);
    // The registry drops an application when its bus connection closes,
    // asynchronously to the process exiting.
    await waitFor('the app to leave the AT-SPI registry', async () =>
      (await listAtspiApps(process.env)).every((a) => a.busName !== busName && a.pid !== pid),
    );
  });
});
