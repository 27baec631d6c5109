import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LambError } from '../../model/errors.js';
import { WORD_DEFAULT_SAVE_EXTENSION, WordSaveAsArgs, type WordSaveExtension } from '../../model/office-word.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { resolveSavePath } from './save-path.js';
import { wordDocument } from './word-of.js';

/**
 * UFO's save_as(file_dir="", file_name="", file_ext=""): the document written as file_name + file_ext in
 * file_dir (empty: the document's folder, its own name, ".pdf"), within the folder rules of save-path.ts.
 * Everything is checked before anything is written. Read back: the file exists, is not empty, and starts the
 * way its format does (%PDF, a ZIP for .docx/.docm/.dotx, an OLE compound file for .doc/.dot, {\rtf ...).
 */
export const saveAs: OfficeFunctionSpec<WordSaveAsArgs> = {
  app: 'word',
  name: 'save_as',
  mutates: false,
  schema: WordSaveAsArgs,
  async run(document, args) {
    const word = wordDocument(document);
    const ext = (args.file_ext === '' ? WORD_DEFAULT_SAVE_EXTENSION : args.file_ext) as WordSaveExtension;
    if (!word.saveExtensions.includes(ext)) {
      throw new LambError('INVALID_ARGUMENT', `save_as (lam-bridge): ${document.suite === 'uno' ? 'LibreOffice' : 'Word'} cannot write ${ext}; file_ext can be ${word.saveExtensions.join(' ')}`);
    }
    const info = await document.info();
    const target = resolveSavePath('save_as', args, info, WORD_DEFAULT_SAVE_EXTENSION);
    const before = stat(target.path);
    const { method } = await word.saveAs(target.path, ext);
    const after = stat(target.path);
    const size = after?.size ?? -1;
    const signature = SIGNATURES[ext];
    const head = size > 0 ? readHead(target.path, 4096) : '';
    const checks = [
      check('file exists', true, size >= 0),
      check('file is not empty', true, size > 0),
      // An existing file of that name must have been rewritten, not merely found.
      check('file written by this call', true, after !== null && (before === null || after.mtimeMs !== before.mtimeMs || after.size !== before.size)),
    ];
    if (signature) checks.push(check(`file starts as ${ext} does`, true, signature.test(head)));
    return { method, result: { path: target.path }, expected: `${target.path} written as ${ext}`, checks };
  },
};

/** How each format's file begins (read as latin1; HTML's tag may come after a doctype). */
const SIGNATURES: Partial<Record<WordSaveExtension, RegExp>> = {
  '.pdf': /^%PDF-/,
  '.docx': /^PK\x03\x04/,
  '.docm': /^PK\x03\x04/,
  '.dotx': /^PK\x03\x04/,
  '.dotm': /^PK\x03\x04/,
  '.doc': /^\xd0\xcf\x11\xe0/,
  '.dot': /^\xd0\xcf\x11\xe0/,
  '.rtf': /^\{\\rtf/,
  '.htm': /<html/i,
  '.html': /<html/i,
  '.xml': /^(\xef\xbb\xbf)?<\?xml/,
};

function stat(path: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}
