import { LambError } from '../../model/errors.js';
import type { OfficeApp } from '../../model/office.js';
import type { OfficeConnection, OfficeObject } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import type { AttachOptions, SuiteDriver } from '../suite-driver.js';
import { COM_PROGID, ComDocument, comClose, comFindDocument, comOpen, comSave } from './com-documents.js';

/*
 * Microsoft Office over COM: one Application per app, connected on first use: the running one (GetActiveObject),
 * else a new LocalServer the bridge then owns. dispose closes the documents this session opened, quits only an
 * Application the bridge created (one the user runs is shared with whatever else they do), and releases.
 */
export class ComDriver implements SuiteDriver {
  private readonly applications = new Map<OfficeApp, OfficeObject>();
  private readonly opened = new Set<ComDocument>();
  /** Applications this driver created (no server was running): quit on dispose. */
  private readonly created = new Set<OfficeApp>();

  constructor(private readonly connection: OfficeConnection) {}

  private async application(app: OfficeApp): Promise<OfficeObject> {
    let application = this.applications.get(app);
    if (!application) {
      try {
        application = await this.connection.connect(COM_PROGID[app], 'active');
      } catch (e) {
        if (!(e instanceof LambError) || e.code !== 'APP_NOT_RUNNING') throw e;
        application = await this.connection.connect(COM_PROGID[app], 'create');
        this.created.add(app);
      }
      this.applications.set(app, application);
    }
    return application;
  }

  async open(app: OfficeApp, path: string | undefined, hidden: boolean): Promise<OpenDocument> {
    const application = await this.application(app);
    const doc = new ComDocument(app, this.connection, await comOpen(application, app, path, hidden), application, hidden);
    this.opened.add(doc);
    return doc;
  }

  async attach(app: OfficeApp, options: AttachOptions): Promise<OpenDocument> {
    if (options.pipe !== undefined || options.profileDir !== undefined) {
      throw new LambError('INVALID_ARGUMENT', 'attach: pipe and profileDir are LibreOffice (UNO) options; Microsoft Office is found by its window title');
    }
    // The user's Office: the running server only (GetActiveObject), never a new invisible one.
    const application = await this.connection.connect(COM_PROGID[app], 'active');
    return new ComDocument(app, this.connection, await comFindDocument(this.connection, application, app, options.title), application, false);
  }

  async save(doc: OpenDocument): Promise<void> {
    await comSave(doc.document);
  }

  async close(doc: OpenDocument): Promise<void> {
    await comClose(doc.app, doc.document);
    if (doc instanceof ComDocument) this.opened.delete(doc);
  }

  async dispose(): Promise<void> {
    for (const doc of [...this.opened]) await this.close(doc).catch(() => undefined);
    for (const [app, application] of this.applications) {
      if (this.created.has(app)) await application.call('Quit').catch(() => undefined);
      await application.release().catch(() => undefined);
    }
    this.created.clear();
    this.applications.clear();
  }
}
