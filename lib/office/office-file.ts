import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { LambError } from '../model/errors.js';
import type { OfficeApp } from '../model/office.js';

/*
 * Is this file a document of this app? Checked before a suite sees it: LibreOffice opens almost anything (a
 * .txt becomes a text document, a .csv a sheet), and saving that "in its own format" would rewrite a file the
 * user never meant as an Office document. The extension says which app, the first bytes that it really is
 * one (OOXML and ODF are zip packages, the old binary formats OLE2 compound files, RTF starts with {\rtf).
 */

type Container = 'zip' | 'ole2' | 'rtf';

const FORMATS: Readonly<Record<OfficeApp, Readonly<Record<string, Container>>>> = {
  word: { '.docx': 'zip', '.docm': 'zip', '.dotx': 'zip', '.odt': 'zip', '.ott': 'zip', '.doc': 'ole2', '.dot': 'ole2', '.rtf': 'rtf' },
  excel: { '.xlsx': 'zip', '.xlsm': 'zip', '.xltx': 'zip', '.ods': 'zip', '.ots': 'zip', '.xls': 'ole2', '.xlt': 'ole2' },
  powerpoint: { '.pptx': 'zip', '.pptm': 'zip', '.potx': 'zip', '.odp': 'zip', '.otp': 'zip', '.ppt': 'ole2', '.pot': 'ole2' },
};

const MAGIC: Readonly<Record<Container, readonly number[]>> = {
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole2: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  rtf: [0x7b, 0x5c, 0x72, 0x74, 0x66],
};

/** The file extensions `app` opens. */
export function officeExtensions(app: OfficeApp): string[] {
  return Object.keys(FORMATS[app]);
}

/** The absolute path of an existing document of `app`, or INVALID_ARGUMENT / TARGET_NOT_FOUND saying why not. */
export function checkOfficeFile(app: OfficeApp, file: string): string {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  const container = FORMATS[app][ext];
  if (!container) {
    const other = (Object.keys(FORMATS) as OfficeApp[]).find((a) => FORMATS[a][ext]);
    throw new LambError(
      'INVALID_ARGUMENT',
      `${file} is not a ${app} document${other ? ` (a ${ext} file is a ${other} document)` : ''}; ${app} opens ${officeExtensions(app).join(', ')}`,
    );
  }
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new LambError('INVALID_ARGUMENT', `${file} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof LambError) throw e;
    throw new LambError('TARGET_NOT_FOUND', `${file} does not exist (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  const magic = MAGIC[container];
  const head = Buffer.alloc(magic.length);
  if (size >= magic.length) {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, magic.length, 0);
    } finally {
      closeSync(fd);
    }
  }
  if (size < magic.length || !magic.every((b, i) => head[i] === b)) {
    const kind = { zip: 'an OOXML/ODF (zip) package', ole2: 'an OLE2 compound file', rtf: 'an RTF file' }[container];
    throw new LambError('INVALID_ARGUMENT', `${file} is not an Office document: a ${ext} file must be ${kind}, and this one ${size === 0 ? 'is empty' : 'is not'}`);
  }
  return path;
}
