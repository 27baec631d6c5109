import type { Desktop } from '../../lib/index.js';
import { LambError } from '../../lib/model/errors.js';
import type { OfficeApp } from '../../lib/model/office.js';
import type { OpenDocument } from '../../lib/office/office-function.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import type { RunningApp } from '../../lib/session/index.js';

/** The LibreOffice module that shows each app's documents, as its window titles end ("… - LibreOffice Writer"). */
const MODULE: Readonly<Record<OfficeApp, string>> = { word: 'Writer', excel: 'Calc', powerpoint: 'Impress' };

export interface AttachedDocument {
  session: OfficeSession;
  /** The document the app's window shows, through UNO; null when this build has no office backend. */
  doc: OpenDocument | null;
  /** OFFICE_UNAVAILABLE's message when there is no office backend, for the test to print as its skip reason. */
  unavailable: string | null;
}

/**
 * Attaches an OfficeSession to the document a visible LibreOffice (started by the launcher, which gives it a UNO
 * pipe named in its profile) shows in its window: how the UI seed tasks read their effect back through the API.
 */
export async function attachToShownDocument(desk: Desktop, app: RunningApp, officeApp: OfficeApp): Promise<AttachedDocument> {
  const session = await OfficeSession.start({ timeoutMs: 10_000 });
  const suffix = ` - LibreOffice ${MODULE[officeApp]}`;
  const window = (await desk.windows()).find((w) => w.pid === app.pid && w.title.endsWith(suffix));
  if (!window) throw new Error(`no window of pid ${app.pid} titled "…${suffix}"`);
  try {
    const { runningLibreOffices } = await import('../../lib/office/uno/attach-pipe.js');
    const profileDir = runningLibreOffices().find((p) => p.pid === app.pid)?.profileDir ?? undefined;
    const doc = await session.attach(officeApp, { title: window.title.slice(0, -suffix.length), ...(profileDir ? { profileDir } : {}) });
    return { session, doc, unavailable: null };
  } catch (e) {
    if (!(e instanceof LambError) || e.code !== 'OFFICE_UNAVAILABLE') throw e;
    return { session, doc: null, unavailable: e.message };
  }
}
