import type { OfficeApp } from '../model/office.js';
import type { OpenDocument } from './office-function.js';

/** What OfficeSession asks of a suite (uno/uno-driver.ts, com/com-driver.ts); the session checks arguments first. */
export interface SuiteDriver {
  /** `path`: an absolute path already checked to be a document of `app`; undefined: a new document. */
  open(app: OfficeApp, path: string | undefined, hidden: boolean): Promise<OpenDocument>;
  attach(app: OfficeApp, options: AttachOptions): Promise<OpenDocument>;
  save(doc: OpenDocument): Promise<void>;
  close(doc: OpenDocument): Promise<void>;
  dispose(): Promise<void>;
}

export interface AttachOptions {
  /** The document's title as its window shows it (or a part of it, or the file name); default the active one. */
  title?: string;
  /**
   * UNO: the pipe the running LibreOffice accepts on. Default: the pipe lam-bridge's launcher gave it (read
   * from `profileDir`), else LAMB_OFFICE_PIPE, else a running LibreOffice of `profileDir` (or the user's
   * default profile) is asked to accept on a pipe of the bridge's.
   */
  pipe?: string;
  /** UNO: the profile directory (-env:UserInstallation) the running LibreOffice uses. */
  profileDir?: string;
}
