import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LambError } from '../../model/errors.js';
import { WORD_DEFAULT_SAVE_EXTENSION, WordSaveAsArgs, type WordSaveExtension } from '../../model/office-word.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { saveTarget } from '../save-target.js';
import { wordDocument } from './word-of.js';

/**
 * UFO's save_as(file_dir="", file_name="", file_ext=""): the document written as file_name + file_ext in
 * file_dir (empty: the document's folder, its own name, ".pdf"), within the folder rules of lib/office/save-target.ts.
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
    const target = saveTarget({ fn: 'save_as', noun: 'document', location: info.path, fileDir: args.file_dir, fileName: args.file_name, ext, untitledName: info.title });
    const before = stat(target.path);
    const { method } = await word.saveAs(target.path, ext);
    const after = stat(target.path);
    const size = after?.size ?? -1;
    const signature = SIGNATURES[ext];
    const head = size > 0 ? readHead(target.path, 4096) : Buffer.alloc(0);
    const checks = [
      check('file exists', true, size >= 0),
      check('file is not empty', true, size > 0),
      // An existing file of that name must have been rewritten, not merely found.
      check('file written by this call', true, after !== null && (before === null || after.mtimeMs !== before.mtimeMs || after.size !== before.size)),
    ];
    if (signature) checks.push(check(`file starts as ${ext} does`, true, startsAsFormat(head, signature)));
    return { method, result: { path: target.path }, expected: `${target.path} written as ${ext}`, checks };
  },
};

/** How each format's file begins: leading bytes in hex, or (HTML, whose tag may follow a doctype) a pattern. */
const ZIP = '504b0304';
const OLE = 'd0cf11e0a1b11ae1';
const SIGNATURES: Partial<Record<WordSaveExtension, { hex: string } | { text: RegExp }>> = {
  '.pdf': { hex: '255044462d' },
  '.docx': { hex: ZIP },
  '.docm': { hex: ZIP },
  '.dotx': { hex: ZIP },
  '.dotm': { hex: ZIP },
  '.doc': { hex: OLE },
  '.dot': { hex: OLE },
  '.rtf': { text: /^\{\\rtf/ },
  '.htm': { text: /<html/i },
  '.html': { text: /<html/i },
  '.xml': { text: /^(\ufeff)?<\?xml/ },
};

function startsAsFormat(head: Buffer, signature: { hex: string } | { text: RegExp }): boolean {
  return 'hex' in signature ? head.toString('hex').startsWith(signature.hex) : signature.text.test(head.toString('utf8'));
}

function stat(path: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
