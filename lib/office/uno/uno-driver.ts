import { LambError } from '../../model/errors.js';
import type { OfficeApp } from '../../model/office.js';
import type { OfficeConnection } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import type { AttachOptions, SuiteDriver } from '../suite-driver.js';
import { connectRoot, Soffice, type UnoRoot } from './soffice.js';
import { resolveAttachPipe } from './attach-pipe.js';
import { UnoDocument, unoClose, unoFindDocument, unoLoad, unoStore } from './uno-documents.js';

/*
 * LibreOffice over UNO. open() works in the headless soffice the bridge owns (started on first use, reused);
 * attach() in a LibreOffice the user runs with its UI. When the owned soffice has died (a crash, a kill), a
 * call that is safe to repeat (loading a document: nothing of the user's changes) restarts it once and runs
 * again; a call on a document of the dead soffice (save, an action) fails with APP_NOT_RUNNING, because that
 * document and its unsaved changes went with it and silently re-doing work on a fresh copy would lie.
 */
export class UnoDriver implements SuiteDriver {
  private root: UnoRoot | null = null;
  private generation = 0;
  private readonly opened = new Set<UnoDocument>();

  constructor(
    private readonly connection: OfficeConnection,
    readonly soffice: Soffice,
    /** Stop the soffice on dispose (the session started it), or leave it to its owner. */
    private readonly ownsSoffice: boolean,
  ) {}

  private async ownRoot(): Promise<UnoRoot> {
    if (this.root && this.soffice.running) return this.root;
    this.root = null;
    const startsBefore = this.soffice.starts;
    const root = await this.soffice.ensure(this.connection);
    if (this.soffice.starts !== startsBefore) this.generation++;
    this.root = root;
    return root;
  }

  /** Runs a repeatable call; when the owned soffice is gone, restarts it once and runs it again. */
  private async repeatable<T>(fn: (root: UnoRoot) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.ownRoot());
    } catch (e) {
      if (!(e instanceof LambError) || e.code !== 'APP_NOT_RUNNING') throw e;
      // Gone (or going): make sure of it, so ensure() starts a fresh one instead of trusting a dying process.
      await this.soffice.stop(500);
      this.root = null;
      return fn(await this.ownRoot());
    }
  }

  async open(app: OfficeApp, path: string | undefined, hidden: boolean): Promise<OpenDocument> {
    return this.repeatable(async (root) => {
      const component = await unoLoad(this.connection, root.desktop, app, path, hidden);
      const doc = new UnoDocument(app, this.connection, component, root.desktop, hidden, this.generation);
      this.opened.add(doc);
      return doc;
    });
  }

  async attach(app: OfficeApp, options: AttachOptions): Promise<OpenDocument> {
    const pipe = await resolveAttachPipe(this.connection, this.soffice.command, options);
    const root = await connectRoot(this.connection, pipe.target);
    const component = await unoFindDocument(this.connection, root.desktop, app, options.title);
    return new UnoDocument(app, this.connection, component, root.desktop, false, -1);
  }

  async save(doc: OpenDocument): Promise<void> {
    this.checkAlive(doc);
    await unoStore(doc.document);
  }

  async close(doc: OpenDocument): Promise<void> {
    if (doc instanceof UnoDocument) this.opened.delete(doc);
    // A document of an earlier soffice went with it: closed already.
    if (doc instanceof UnoDocument && doc.generation >= 0 && (doc.generation !== this.generation || !this.soffice.running)) return;
    await unoClose(doc.document);
  }

  async dispose(): Promise<void> {
    if (this.ownsSoffice) {
      this.opened.clear();
      this.root = null;
      await this.soffice.stop();
      return;
    }
    // A shared soffice stays; only what this session opened goes.
    for (const doc of [...this.opened]) await this.close(doc).catch(() => undefined);
  }

  private checkAlive(doc: OpenDocument): void {
    if (doc instanceof UnoDocument && doc.generation >= 0 && (doc.generation !== this.generation || !this.soffice.running)) {
      throw new LambError('APP_NOT_RUNNING', 'the soffice this document was open in has exited (crashed or was killed); its unsaved changes are lost: open the file again');
    }
  }
}
