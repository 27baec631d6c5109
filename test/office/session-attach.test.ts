import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../../lib/index.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import type { RunningApp } from '../../lib/session/index.js';
import { startApp } from '../fixtures/apps.js';

/*
 * Attach: a LibreOffice Writer with its UI, started by lam-bridge's launcher (which has it accept UNO on a
 * pipe named in its profile), and the API acting on the very document the window shows: text written through
 * UNO is read back through AT-SPI from the window.
 */

function profileOf(pid: number): string {
  const arg = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.startsWith('-env:UserInstallation='));
  if (!arg) throw new Error(`pid ${pid} has no -env:UserInstallation`);
  return fileURLToPath(arg.slice('-env:UserInstallation='.length));
}

describe('OfficeSession.attach to a LibreOffice with a UI', () => {
  let app: RunningApp;
  let session: OfficeSession;

  beforeAll(async () => {
    app = await startApp('writer');
    session = await OfficeSession.start();
  }, 90_000);
  afterAll(async () => {
    await session?.dispose();
    await app?.stop();
  });

  it('finds the window\'s document by its title and acts on it where the UI shows it', { timeout: 60_000 }, async () => {
    const profileDir = profileOf(app.pid);
    const doc = await session.attach('word', { profileDir, title: 'Untitled 1' });
    expect(doc.hidden).toBe(false);
    expect(await doc.info()).toEqual({ app: 'word', suite: 'uno', title: 'Untitled 1', path: null });
    const text = await doc.document.obj('getText');
    await text.call('setString', 'Written through UNO, read through AT-SPI');

    const desk = await Desktop.open({ timeoutMs: 10_000 });
    try {
      let found = false;
      for (let i = 0; i < 20 && !found; i++) {
        const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
        found = snap.nodes.some((n) => (n.name + ' ' + (n.value ?? '')).includes('Written through UNO, read through AT-SPI'));
        if (!found) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found).toBe(true);
      const windows = (await desk.windows()).filter((w) => w.pid === app.pid).map((w) => w.title);
      expect(windows.some((t) => t.startsWith('Untitled 1'))).toBe(true);
    } finally {
      await desk.close();
    }
    // Attached documents are the user's: the session neither saves nor closes them on dispose.
    await session.dispose();
    const again = await OfficeSession.start();
    try {
      const same = await again.attach('word', { profileDir });
      expect(String(await (await same.document.obj('getText')).call('getString'))).toBe('Written through UNO, read through AT-SPI');
      // Clean for the app's stop: not modified, so no "save changes?" dialog.
      await same.document.call('setModified', false);
    } finally {
      await again.dispose();
    }
  });

  it('names the open documents when the title matches none', { timeout: 30_000 }, async () => {
    const s = await OfficeSession.start();
    try {
      await expect(s.attach('word', { profileDir: profileOf(app.pid), title: 'no-such-report.docx' })).rejects.toMatchObject({
        code: 'TARGET_NOT_FOUND',
        message: expect.stringContaining('"Untitled 1" (word)'),
      });
      await expect(s.attach('excel', { profileDir: profileOf(app.pid) })).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
    } finally {
      await s.dispose();
    }
  });
});
