import { existsSync } from 'node:fs';
import { LambError } from '../model/errors.js';
import { OfficeApp, OfficeSuite } from '../model/office.js';
import { nativeOfficeTransport } from '../platform/office-transport.js';
import { ComDriver } from './com/com-driver.js';
import { OfficeConnection, type OfficeTransport } from './office-bridge.js';
import { checkOfficeFile } from './office-file.js';
import type { OpenDocument } from './office-function.js';
import type { AttachOptions, SuiteDriver } from './suite-driver.js';
import { Soffice, SOFFICE_INSTALL_LINE, type SofficeOptions } from './uno/soffice.js';
import { UnoDriver } from './uno/uno-driver.js';

export type { AttachOptions } from './suite-driver.js';

/*
 * An Office session (docs/OFFICE.md): one suite (LibreOffice over UNO on Linux, Microsoft Office over COM on
 * Windows), one connection, and the documents opened or attached in it. Office functions (lib/office/<app>/)
 * act on the OpenDocuments it gives; the runner (office-runner.ts) wraps them into verified results.
 */

export interface OfficeSessionOptions {
  /** Default by platform: 'com' on Windows, 'uno' elsewhere. */
  suite?: OfficeSuite;
  /** Budget of one batch of suite calls (ms, default 15,000: loading a large document is one call). */
  timeoutMs?: number;
  /** Where the ops go (default the addon's office service); tests of the COM logic pass an object-model double. */
  transport?: OfficeTransport;
  /**
   * UNO: the soffice to work in. A Soffice instance is shared (the caller owns it: dispose leaves it running);
   * options start one the session owns. Default: a session-owned soffice with default options.
   */
  soffice?: Soffice | SofficeOptions;
}

export interface OpenOptions {
  /** The document to open; without it, a new empty document of the app. */
  file?: string;
  /** Without a window (default true). */
  hidden?: boolean;
}

export class OfficeSession {
  private disposed = false;

  private constructor(
    readonly suite: OfficeSuite,
    readonly connection: OfficeConnection,
    private readonly driver: SuiteDriver,
  ) {}

  static async start(options: OfficeSessionOptions = {}): Promise<OfficeSession> {
    const suite = OfficeSuite.parse(options.suite ?? (process.platform === 'win32' ? 'com' : 'uno'));
    const timeoutMs = options.timeoutMs ?? 15_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new LambError('INVALID_ARGUMENT', `timeoutMs must be a positive number of ms, got ${timeoutMs}`);
    const connection = new OfficeConnection(options.transport ?? nativeOfficeTransport, timeoutMs);
    if (suite === 'com') return new OfficeSession(suite, connection, new ComDriver(connection));
    const shared = options.soffice instanceof Soffice ? options.soffice : null;
    const soffice = shared ?? new Soffice(options.soffice as SofficeOptions | undefined);
    if (!existsSync(soffice.command)) {
      throw new LambError('OFFICE_UNAVAILABLE', `LibreOffice is not installed (${soffice.command} is missing); install it with: ${SOFFICE_INSTALL_LINE}`);
    }
    // soffice itself starts on the first open (4-5 s), not here: an attach-only session never needs it.
    return new OfficeSession(suite, connection, new UnoDriver(connection, soffice, shared === null));
  }

  /** The soffice this session opens documents in (UNO), or null (COM). */
  get soffice(): Soffice | null {
    return this.driver instanceof UnoDriver ? this.driver.soffice : null;
  }

  /** Opens `file` (checked to be a document of `app` first), or a new empty document of `app`. */
  async open(app: OfficeApp, options: OpenOptions = {}): Promise<OpenDocument> {
    this.checkOpen();
    const which = OfficeApp.safeParse(app);
    if (!which.success) throw new LambError('INVALID_ARGUMENT', `app must be one of word, excel, powerpoint, got ${JSON.stringify(app)}`);
    const path = options.file === undefined ? undefined : checkOfficeFile(which.data, options.file);
    return this.driver.open(which.data, path, options.hidden ?? true);
  }

  /** A document open in a suite the user runs with its UI, by its title, else the active one. */
  async attach(app: OfficeApp, options: AttachOptions = {}): Promise<OpenDocument> {
    this.checkOpen();
    const which = OfficeApp.safeParse(app);
    if (!which.success) throw new LambError('INVALID_ARGUMENT', `app must be one of word, excel, powerpoint, got ${JSON.stringify(app)}`);
    return this.driver.attach(which.data, options);
  }

  /** Saves in place, in the document's own format. */
  async save(doc: OpenDocument): Promise<void> {
    this.checkOpen();
    await this.driver.save(doc);
  }

  /** Closes without saving. */
  async close(doc: OpenDocument): Promise<void> {
    this.checkOpen();
    await this.driver.close(doc);
  }

  /** Ends the session: stops the soffice it started (never a user's, never a shared one). Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.driver.dispose();
  }

  private checkOpen(): void {
    if (this.disposed) throw new LambError('INVALID_OPERATION', 'this office session was disposed');
  }
}
