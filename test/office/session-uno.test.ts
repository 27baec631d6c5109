import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficeSession } from '../../lib/office/office-session.js';
import { Soffice } from '../../lib/office/uno/soffice.js';
import type { OpenDocument } from '../../lib/office/office-function.js';
import { alive } from '../helpers/processes.js';

/*
 * OfficeSession on real LibreOffice (the headless soffice the bridge owns): open, save in place, close, reopen;
 * a restart after soffice is killed; no process left after dispose. Files are made and read back with
 * python-docx / openpyxl (Debian's /usr/bin/python3), an independent reader of what LibreOffice wrote.
 */

const PY = '/usr/bin/python3';
let dir: string;

function py(code: string, ...args: string[]): string {
  return execFileSync(PY, ['-c', code, ...args], { encoding: 'utf8' }).trim();
}

/** soffice.bin processes whose command line names `profileDir` (the owned soffice, found by /proc not by us). */
function sofficeProcessesOf(profileDir: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
        return cmd.includes('soffice') && cmd.includes(profileDir);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(alive);
}

async function writerText(doc: OpenDocument): Promise<string> {
  const text = await doc.document.obj('getText');
  return String(await text.call('getString'));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-session-uno-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OfficeSession over UNO (real LibreOffice)', () => {
  it('opens a .docx hidden, saves it in place as .docx, closes, and reopens it with the change', { timeout: 120_000 }, async () => {
    const file = join(dir, 'report.docx');
    py('import docx,sys; d=docx.Document(); d.add_paragraph("Quarterly report"); d.add_paragraph("Body"); d.save(sys.argv[1])', file);
    const s = await OfficeSession.start();
    try {
      expect(s.suite).toBe('uno');
      const doc = await s.open('word', { file });
      expect(doc).toMatchObject({ app: 'word', suite: 'uno', hidden: true });
      expect(await doc.info()).toEqual({ app: 'word', suite: 'uno', title: 'report.docx', path: file });
      expect(await writerText(doc)).toContain('Quarterly report');
      const text = await doc.document.obj('getText');
      await text.call('setString', 'Rewritten by the session test');
      await s.save(doc);
      await s.close(doc);
      // Still a .docx (python-docx reads only OOXML), with the change.
      expect(py('import docx,sys; print("|".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))', file)).toBe('Rewritten by the session test');
      const again = await s.open('word', { file });
      expect(await writerText(again)).toBe('Rewritten by the session test');
      await s.close(again);
      // One soffice served both opens.
      expect(s.soffice?.starts).toBe(1);
    } finally {
      await s.dispose();
    }
  });

  it('closes without saving, and a new document has no file to save in place', { timeout: 120_000 }, async () => {
    const file = join(dir, 'sales.xlsx');
    py('import openpyxl,sys; w=openpyxl.Workbook(); w.active["A1"]=42; w.save(sys.argv[1])', file);
    const before = readFileSync(file);
    const s = await OfficeSession.start();
    try {
      const doc = await s.open('excel', { file });
      const sheet = await (await doc.document.obj('getSheets')).obj('getByIndex', 0);
      await (await sheet.obj('getCellByPosition', 0, 0)).call('setValue', 7);
      await s.close(doc);
      expect(readFileSync(file).equals(before)).toBe(true);
      const fresh = await s.open('powerpoint');
      expect(await fresh.info()).toMatchObject({ app: 'powerpoint', path: null });
      await expect(s.save(fresh)).rejects.toMatchObject({ code: 'INVALID_OPERATION', message: expect.stringContaining('save_as') });
      await s.close(fresh);
      // The wrong app for the file is refused before LibreOffice sees it.
      await expect(s.open('word', { file })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await s.dispose();
    }
  });

  it('restarts a killed soffice for the next open, and says a document of the dead one is gone', { timeout: 180_000 }, async () => {
    const s = await OfficeSession.start();
    try {
      const doc = await s.open('word');
      const soffice = s.soffice as Soffice;
      const victims = sofficeProcessesOf(soffice.profileDir);
      expect(victims.length).toBeGreaterThan(0);
      for (const pid of victims) process.kill(pid, 'SIGKILL');
      const next = await s.open('word');
      expect(soffice.starts).toBe(2);
      expect(await next.info()).toMatchObject({ app: 'word', path: null });
      await expect(s.save(doc)).rejects.toMatchObject({ code: 'APP_NOT_RUNNING' });
      await s.close(doc); // gone with its soffice: nothing to close, not an error
      await s.close(next);
    } finally {
      await s.dispose();
    }
  });

  it('dispose stops its soffice and leaves no process and no profile', { timeout: 120_000 }, async () => {
    const s = await OfficeSession.start();
    await s.open('excel');
    const soffice = s.soffice as Soffice;
    expect(sofficeProcessesOf(soffice.profileDir).length).toBeGreaterThan(0);
    await s.dispose();
    expect(sofficeProcessesOf(soffice.profileDir)).toEqual([]);
    expect(() => readdirSync(soffice.profileDir)).toThrow();
    await expect(s.open('word')).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
  });

  it('a shared Soffice outlives the sessions that use it', { timeout: 120_000 }, async () => {
    const shared = new Soffice();
    try {
      const a = await OfficeSession.start({ soffice: shared });
      await a.open('word');
      await a.dispose();
      expect(shared.running).toBe(true);
      const b = await OfficeSession.start({ soffice: shared });
      const doc = await b.open('word');
      expect(shared.starts).toBe(1);
      await b.close(doc);
      await b.dispose();
    } finally {
      await shared.stop();
    }
    expect(sofficeProcessesOf(shared.profileDir)).toEqual([]);
  });

  it('answers OFFICE_UNAVAILABLE with the install line when soffice is missing', async () => {
    await expect(OfficeSession.start({ soffice: { command: '/nonexistent/soffice' } })).rejects.toMatchObject({
      code: 'OFFICE_UNAVAILABLE',
      message: expect.stringContaining('apt-get install'),
    });
  });
});
