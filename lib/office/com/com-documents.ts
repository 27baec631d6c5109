import { LambError } from '../../model/errors.js';
import type { OfficeApp, OfficeDocumentInfo } from '../../model/office.js';
import type { OfficeConnection, OfficeObject } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import { matchTitle } from '../title-match.js';

/*
 * Documents in Microsoft Office over COM IDispatch: Word.Application's Documents, Excel's Workbooks,
 * PowerPoint's Presentations. Open hidden (Word: Visible:=False; PowerPoint: WithWindow:=msoFalse; an Excel
 * started by COM has no visible window), attach by window title as UFO does, Save, Close without saving.
 */

export const COM_PROGID: Readonly<Record<OfficeApp, string>> = {
  word: 'Word.Application',
  excel: 'Excel.Application',
  powerpoint: 'PowerPoint.Application',
};

/** The Application's collection of open documents. */
export const COM_COLLECTION: Readonly<Record<OfficeApp, string>> = { word: 'Documents', excel: 'Workbooks', powerpoint: 'Presentations' };

/** Office's MsoTriState. */
const msoTrue = -1;
const msoFalse = 0;

export class ComDocument implements OpenDocument {
  readonly suite = 'com' as const;
  constructor(
    readonly app: OfficeApp,
    readonly connection: OfficeConnection,
    readonly document: OfficeObject,
    readonly application: OfficeObject,
    readonly hidden: boolean,
  ) {}

  async info(): Promise<OfficeDocumentInfo> {
    const b = this.connection.batch();
    b.get(this.document, 'Name');
    b.get(this.document, 'FullName');
    b.get(this.document, 'Path');
    const [name, fullName, path] = await b.run();
    // A new document's Path is "" and its FullName just its name ("Document1").
    return { app: this.app, suite: 'com', title: String(name ?? ''), path: path ? String(fullName) : null };
  }
}

/** Opens `path` (or a new document) in the app's Application. */
export async function comOpen(application: OfficeObject, app: OfficeApp, path: string | undefined, hidden: boolean): Promise<OfficeObject> {
  const collection = await application.prop(COM_COLLECTION[app]);
  if (app === 'word') {
    return path === undefined
      ? application.connection.wrap(await collection.callNamed('Add', [], { Visible: !hidden }), 'Documents.Add')
      : application.connection.wrap(
          await collection.callNamed('Open', [path], { ReadOnly: false, AddToRecentFiles: false, Visible: !hidden }),
          'Documents.Open',
        );
  }
  if (app === 'excel') {
    // Workbooks.Open(Filename, UpdateLinks:=0 (never), ReadOnly:=False); Add() is a new workbook of the default template.
    return path === undefined ? collection.obj('Add') : collection.obj('Open', path, 0, false);
  }
  // Presentations.Open(FileName, ReadOnly, Untitled, WithWindow); Add(WithWindow).
  const withWindow = hidden ? msoFalse : msoTrue;
  return path === undefined ? collection.obj('Add', withWindow) : collection.obj('Open', path, msoFalse, msoFalse, withWindow);
}

/** Save: in place, in the document's own format. A new document has no file (Save would ask where). */
export async function comSave(doc: OfficeObject): Promise<void> {
  const path = await doc.get('Path');
  if (!path) throw new LambError('INVALID_OPERATION', 'the document is new and has no file yet: save it with save_as');
  await doc.call('Save');
}

/** Close without saving (Word/Excel: SaveChanges:=False; PowerPoint's Close never asks: Saved = True first). */
export async function comClose(app: OfficeApp, doc: OfficeObject): Promise<void> {
  try {
    if (app === 'powerpoint') {
      await doc.set('Saved', msoTrue);
      await doc.call('Close');
    } else {
      await doc.call('Close', false);
    }
  } catch (e) {
    // Already closed by the user, or the server is gone: the document is closed either way.
    if (e instanceof LambError && (e.code === 'APP_NOT_RUNNING' || e.code === 'ELEMENT_STALE')) return;
    throw e;
  }
}

/**
 * Attach: the open document whose name matches `title` (UFO: the document's Name occurs in the window title),
 * else the active one (ActiveDocument / ActiveWorkbook / ActivePresentation).
 */
export async function comFindDocument(connection: OfficeConnection, application: OfficeObject, app: OfficeApp, title: string | undefined): Promise<OfficeObject> {
  const collection = await application.prop(COM_COLLECTION[app]);
  const count = Number(await collection.get('Count'));
  const docs: { title: string; doc: OfficeObject }[] = [];
  for (let i = 1; i <= count; i++) {
    const doc = connection.wrap(await collection.call('Item', i), `${COM_COLLECTION[app]}.Item`);
    docs.push({ title: String(await doc.get('Name')), doc });
  }
  const names = docs.map((d) => `"${d.title}"`).join(', ') || 'none';
  if (title !== undefined) {
    const hit = matchTitle(docs, title);
    if (hit) return hit.doc;
    throw new LambError('TARGET_NOT_FOUND', `no ${app} document matching the title "${title}" is open; open ${COM_COLLECTION[app]}: ${names}`);
  }
  if (docs.length === 0) throw new LambError('TARGET_NOT_FOUND', `no ${app} document is open (${COM_COLLECTION[app]}.Count is 0)`);
  const active = { word: 'ActiveDocument', excel: 'ActiveWorkbook', powerpoint: 'ActivePresentation' }[app];
  const current = await application.get(active);
  const hit = docs.find((d) => d.doc.handle === (current as { $handle?: number } | null)?.$handle);
  return (hit ?? (docs[0] as { doc: OfficeObject })).doc;
}
