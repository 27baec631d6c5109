import { fileURLToPath, pathToFileURL } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { OfficeApp, OfficeDocumentInfo } from '../../model/office.js';
import { typed, unoProps, type OfficeConnection, type OfficeObject } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import { matchTitle } from '../title-match.js';

/*
 * Documents in a LibreOffice reached over UNO: load (hidden, or a new one from the app's factory), find one the
 * user has open by its title, store in place, close. Each app is a LibreOffice module: Writer for word, Calc for
 * excel, Impress for powerpoint.
 */

const FACTORY: Readonly<Record<OfficeApp, string>> = {
  word: 'private:factory/swriter',
  excel: 'private:factory/scalc',
  powerpoint: 'private:factory/simpress',
};

/** The service a document of each app supports (a Writer web or master document is a TextDocument too). */
export const UNO_DOCUMENT_SERVICE: Readonly<Record<OfficeApp, string>> = {
  word: 'com.sun.star.text.TextDocument',
  excel: 'com.sun.star.sheet.SpreadsheetDocument',
  powerpoint: 'com.sun.star.presentation.PresentationDocument',
};

export const UNO_MODULE: Readonly<Record<OfficeApp, string>> = { word: 'Writer', excel: 'Calc', powerpoint: 'Impress' };

export class UnoDocument implements OpenDocument {
  readonly suite = 'uno' as const;
  constructor(
    readonly app: OfficeApp,
    readonly connection: OfficeConnection,
    readonly document: OfficeObject,
    readonly application: OfficeObject,
    readonly hidden: boolean,
    /** Which soffice start it belongs to (a restart makes its handles stale). */
    readonly generation: number,
  ) {}

  async info(): Promise<OfficeDocumentInfo> {
    const b = this.connection.batch();
    b.call(this.document, 'getTitle');
    b.call(this.document, 'getURL');
    const [title, url] = await b.run();
    return { app: this.app, suite: 'uno', title: String(title ?? ''), path: urlToPath(url) };
  }
}

function urlToPath(url: unknown): string | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

/** Loads `path` (or a new document of `app`) into the soffice whose Desktop is `desktop`. */
export async function unoLoad(connection: OfficeConnection, desktop: OfficeObject, app: OfficeApp, path: string | undefined, hidden: boolean): Promise<OfficeObject> {
  const url = path === undefined ? FACTORY[app] : pathToFileURL(path).href;
  const props = unoProps({
    Hidden: hidden,
    // A document's macros never run on the bridge's behalf (com.sun.star.document.MacroExecMode.NEVER_EXECUTE).
    MacroExecutionMode: typed('short', 0),
    // No link updates either (com.sun.star.document.UpdateDocMode.NO_UPDATE).
    UpdateDocMode: typed('short', 0),
  });
  const value = await desktop.call('loadComponentFromURL', url, '_blank', 0, props);
  if (value === null) {
    throw new LambError('INVALID_OPERATION', `LibreOffice could not load ${path ?? FACTORY[app]} (loadComponentFromURL returned nothing)`);
  }
  const doc = connection.wrap(value, 'loadComponentFromURL');
  if (!(await doc.call('supportsService', UNO_DOCUMENT_SERVICE[app]))) {
    await unoClose(doc);
    throw new LambError('INVALID_ARGUMENT', `${path ?? 'the document'} opened in LibreOffice, but not as a ${UNO_MODULE[app]} (${app}) document`);
  }
  return doc;
}

/** Stores the document where it came from, in the format it was loaded in (a .docx stays a .docx). */
export async function unoStore(doc: OfficeObject): Promise<void> {
  const b = doc.connection.batch();
  b.call(doc, 'hasLocation');
  b.call(doc, 'isReadonly');
  const [hasLocation, readOnly] = await b.run();
  if (!hasLocation) throw new LambError('INVALID_OPERATION', 'the document is new and has no file yet: save it with save_as');
  if (readOnly) throw new LambError('INVALID_OPERATION', 'the document is open read-only: save it with save_as');
  await doc.call('store');
}

/** Closes without saving. A document that is already gone (closed by the user, its soffice dead) is not an error. */
export async function unoClose(doc: OfficeObject): Promise<void> {
  try {
    // Not modified any more, so no "save changes?" can come from anything listening to the close.
    await doc.call('setModified', false);
    await doc.call('close', true);
  } catch (e) {
    if (e instanceof LambError && (e.code === 'APP_NOT_RUNNING' || e.code === 'ELEMENT_STALE')) return;
    if (e instanceof LambError && e.code === 'INVALID_OPERATION') {
      // A close veto (a modal dialog, a print job): dispose is the component's unconditional end.
      await doc.call('dispose');
      return;
    }
    throw e;
  }
}

/** One document open in a LibreOffice: its component, title and app. */
export interface UnoOpenComponent {
  component: OfficeObject;
  title: string;
  app: OfficeApp | null;
}

/** Every document component of the Desktop, with its title and app. */
export async function unoComponents(connection: OfficeConnection, desktop: OfficeObject): Promise<UnoOpenComponent[]> {
  const enumeration = await (await desktop.obj('getComponents')).obj('createEnumeration');
  const out: UnoOpenComponent[] = [];
  for (let i = 0; i < 1000 && (await enumeration.call('hasMoreElements')); i++) {
    const component = connection.wrap(await enumeration.call('nextElement'), 'nextElement');
    out.push({ component, ...(await describe(connection, component)) });
  }
  return out;
}

async function describe(connection: OfficeConnection, component: OfficeObject): Promise<{ title: string; app: OfficeApp | null }> {
  const b = connection.batch();
  const apps = Object.keys(UNO_DOCUMENT_SERVICE) as OfficeApp[];
  for (const app of apps) b.call(component, 'supportsService', UNO_DOCUMENT_SERVICE[app]);
  b.call(component, 'getTitle');
  let values: unknown[];
  try {
    values = await b.run();
  } catch {
    // Not a document model (the Start Center, a Basic IDE): no title, no app.
    return { title: '', app: null };
  }
  return { title: String(values[apps.length] ?? ''), app: apps.find((_, i) => values[i] === true) ?? null };
}

/**
 * The document of `app` to attach to: the one whose title matches `title` (as UFO matches a document's name
 * against the window title: equal, or either contained in the other, case-insensitive), else the Desktop's
 * current component when it is of that app, else the only document of that app.
 */
export async function unoFindDocument(connection: OfficeConnection, desktop: OfficeObject, app: OfficeApp, title: string | undefined): Promise<OfficeObject> {
  const all = await unoComponents(connection, desktop);
  const ofApp = all.filter((c) => c.app === app);
  const list = all.map((c) => `"${c.title}" (${c.app ?? 'not a document'})`).join(', ') || 'none';
  if (title !== undefined) {
    const match = matchTitle(ofApp, title);
    if (match) return match.component;
    throw new LambError('TARGET_NOT_FOUND', `no ${UNO_MODULE[app]} document titled "${title}" is open in LibreOffice; open documents: ${list}`);
  }
  const current = await desktop.call('getCurrentComponent');
  if (current !== null) {
    const hit = ofApp.find((c) => c.component.handle === (current as { $handle?: number }).$handle);
    if (hit) return hit.component;
  }
  if (ofApp.length === 1) return (ofApp[0] as UnoOpenComponent).component;
  throw new LambError(
    'TARGET_NOT_FOUND',
    ofApp.length === 0
      ? `no ${UNO_MODULE[app]} document is open in LibreOffice; open documents: ${list}`
      : `${ofApp.length} ${UNO_MODULE[app]} documents are open and none is active: pass the title of one of ${list}`,
  );
}
