/**
 * Qt 5 apps are listed, windowed and snapshotted through the bus alone, and survive it: Qt's AT-SPI adaptor
 * segfaults on Properties.GetAll (native/linux/app_links.h), which every listing used to send. Two Qt 5
 * examples at once: findfiles (a QDialog-less top-level QWidget, which Qt reports as a filler) and lineedits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';
import { appSpec, launchApp, type RunningApp } from '../../lib/session/index.js';
import { libatspiWalk } from '../helpers/walk-baseline.js';
import { lamb } from '../helpers/cli.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Qt 5 apps through the bus alone', () => {
  let findfiles: RunningApp;
  let lineedits: RunningApp;
  let desk: Desktop;

  beforeAll(async () => {
    findfiles = await startApp('qt5Widgets');
    lineedits = await startApp('qt5LineEdits');
    desk = await Desktop.open({ timeoutMs: 5000 });
  });
  afterAll(async () => {
    await desk?.close();
    await findfiles?.stop();
    await lineedits?.stop();
  });

  it('lists each app by its name and its pid, with the toolkit Qt names', async () => {
    const apps = await desk.applications();
    expect(apps.find((a) => a.pid === findfiles.pid)).toMatchObject({ name: 'findfiles' });
    expect(apps.find((a) => a.pid === lineedits.pid)).toMatchObject({ name: 'lineedits' });
    expect(alive(findfiles.pid) && alive(lineedits.pid)).toBe(true);
  });

  it('lists each top-level window with its title, and a snapshot by title finds it', async () => {
    const windows = await desk.windows();
    const ff = windows.find((w) => w.pid === findfiles.pid);
    const le = windows.find((w) => w.pid === lineedits.pid);
    expect(ff).toMatchObject({ title: 'Find Files', app: 'findfiles' });
    expect(le).toMatchObject({ title: 'Line Edits', app: 'lineedits' });
    expect(ff!.rect!.width).toBeGreaterThan(100);
    const snap = await desk.snapshot({ window: 'Line Edits' });
    expect(snap.data.window).toEqual({ ref: le!.ref, title: 'Line Edits' });
    expect(snap.root).toMatchObject({ role: 'Window', name: 'Line Edits' });
    expect(snap.find({ role: 'Edit', name: 'Echo' })).toHaveLength(1);
    expect(alive(findfiles.pid) && alive(lineedits.pid)).toBe(true);
  });

  it('the CLI lists them too', async () => {
    const apps = await lamb(['apps']);
    expect(apps.stdout).toMatch(/\blineedits\b/);
    const windows = await lamb(['windows']);
    expect(windows.stdout).toMatch(/Find Files/);
    expect(windows.stdout).toMatch(/Line Edits/);
  });

  it('a snapshot of the app lists every node a libatspi walk lists, in the same order', async () => {
    const snap = await desk.snapshot({ pid: lineedits.pid });
    const walk = libatspiWalk('lineedits');
    expect(snap.nodes.map((n) => n.name)).toEqual(walk.map((n) => n.name));
    expect(alive(lineedits.pid)).toBe(true);
  });

  it("the OSWorld formats' extended facts (value ranges of Qt's sliders, dials and spin boxes) leave the app alive", async () => {
    // Qt's adaptor crashes on any Properties.GetAll, the Value interface's too: the range is read one by one.
    const spec = { ...appSpec('qt5Widgets', ''), name: 'qt5-sliders', atspiName: /^sliders$/ };
    const sliders = await launchApp({ ...spec, command: spec.command.replace(/dialogs\/findfiles\/findfiles$/, 'widgets/sliders/sliders') }, process.env);
    try {
      const snap = await desk.snapshot({ pid: sliders.pid, extendedFacts: true, timeoutMs: 10_000 });
      const ranged = snap.nodes.filter((n) => n.facts?.range?.max !== undefined && n.facts.range.max !== null);
      expect(ranged.length, 'nodes with a value range').toBeGreaterThan(2);
      expect(snap.observe('osworld-xml', { countTokens: false }).text).toMatch(/val:max="/);
      expect(alive(sliders.pid)).toBe(true);
      expect((await desk.snapshot({ pid: sliders.pid })).nodes.length).toBe(snap.nodes.length);
    } finally {
      await sliders.stop();
    }
  });
});
