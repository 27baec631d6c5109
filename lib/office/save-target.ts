import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { LambError } from '../model/errors.js';

/*
 * Where save_as may write, one rule for Word, Excel and PowerPoint (UFO's ufo/automator/path_validator.py,
 * made stricter where UFO is loose):
 * - file_dir "" is the document's own folder (UFO's default);
 * - a relative file_dir is taken inside the document's folder and must stay there, symlinks resolved:
 *   "exports" is fine, "../elsewhere" is refused (UFO resolves a relative dir against its own working
 *   directory, which for an agent is arbitrary; the document's folder is what a model means);
 * - an absolute file_dir without ".." is accepted (a model that names a folder means it, and a never-saved
 *   document has no folder of its own, so there it is required), unless it lies in a system folder (UFO's
 *   list: /etc, /usr/bin, C:\Windows ...), checked on the real path so a symlink cannot hide one;
 * - the folder must exist (TARGET_NOT_FOUND: neither Office nor LibreOffice makes one, nor does the bridge);
 * - file_name "" is the document's own name; otherwise one path component, checked as Windows would (a
 *   name Office refuses on Windows is refused on Linux too, so a model learns one rule).
 */

const SENSITIVE_POSIX = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc', '/boot', '/dev', '/proc', '/sys', '/var/run', '/lib', '/lib64'];
const SENSITIVE_WINDOWS = ['c:\\windows', 'c:\\program files', 'c:\\program files (x86)', 'c:\\programdata'];
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export interface SaveTarget {
  /** The folder, absolute and real (symlinks resolved). */
  readonly dir: string;
  /** The file's name without its extension. */
  readonly name: string;
  /** dir/name + ext. */
  readonly path: string;
}

export interface SaveRequest {
  /** The function's name, for messages ("save_as"). */
  readonly fn: string;
  /** What the document is called in messages: "document", "workbook", "presentation". */
  readonly noun: string;
  /** The document's file, or null when it was never saved. */
  readonly location: string | null;
  readonly fileDir: string;
  readonly fileName: string;
  /** With its dot: ".docx". */
  readonly ext: string;
  /** The name a never-saved document goes by (its window title, "Untitled 1"), used when file_name is "". */
  readonly untitledName?: string;
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Refuses a file_name that is not one valid path component. */
export function checkFileName(fn: string, name: string): void {
  const bad =
    name.trim() === '' ? 'is empty'
    : name === '.' || name === '..' ? `cannot be "${name}"`
    : /[\u0000-\u001f]/.test(name) ? 'contains a control character'
    : /[\\/]/.test(name) ? 'contains a path separator (put folders in file_dir)'
    : /[<>:"|?*]/.test(name) ? 'contains one of < > : " | ? *'
    : name !== name.replace(/[ .]+$/, '') ? 'ends with a space or a dot'
    : RESERVED.test(name.split('.')[0]?.trim() ?? '') ? 'is a reserved device name'
    : undefined;
  if (bad) throw new LambError('INVALID_ARGUMENT', `${fn} (lam-bridge): file_name ${JSON.stringify(name)} ${bad}`);
}

/** The file save_as writes, or INVALID_ARGUMENT / TARGET_NOT_FOUND saying why not; nothing is touched. */
export function saveTarget(req: SaveRequest): SaveTarget {
  const fail = (code: 'INVALID_ARGUMENT' | 'TARGET_NOT_FOUND', message: string): never => {
    throw new LambError(code, `${req.fn} (lam-bridge): ${message}`);
  };
  const { fileDir, noun } = req;
  const documentDir = req.location === null ? null : dirname(resolve(req.location));
  const absolute = fileDir !== '' && isAbsolute(fileDir);
  if (documentDir === null && !absolute) {
    fail('INVALID_ARGUMENT', `the ${noun} was never saved, so it has no folder: give file_dir as an absolute folder${fileDir ? ` (got ${JSON.stringify(fileDir)})` : ''}`);
  }
  if (absolute && fileDir.split(/[\\/]+/).includes('..')) fail('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} contains ".."; give the folder itself`);
  const dir = absolute ? resolve(fileDir) : resolve(documentDir as string, fileDir);
  const outside = (base: string): never =>
    fail('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} leads outside the ${noun}'s folder ${base}; a relative file_dir must stay inside it (or give an absolute folder)`);
  // Written out of the folder is refused before "does it exist", which would only tell the model to mkdir.
  if (!absolute && !inside(dir, documentDir as string)) outside(documentDir as string);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail('TARGET_NOT_FOUND', `file_dir ${JSON.stringify(fileDir)} does not exist as a folder (${dir}); save_as creates no folders`);
  }
  const real = realpathSync(dir);
  if (!absolute) {
    const base = realpathSync(documentDir as string);
    if (!inside(real, base)) outside(base); // through a symlink
  }
  const lower = real.toLowerCase();
  const system = [...SENSITIVE_POSIX, ...SENSITIVE_WINDOWS].find((s) => inside(real, s) || inside(lower, s));
  if (system) fail('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} is inside the system folder ${system}; save next to the ${noun} (file_dir "") or in a folder of your own`);
  let name = req.fileName;
  if (name === '') {
    if (req.location !== null) name = basename(req.location, extname(req.location));
    else if (req.untitledName) name = req.untitledName.replace(/\.[^.]*$/, '').replace(/[\\/:*?"<>|\0]/g, '_');
    else fail('INVALID_ARGUMENT', `the ${noun} was never saved, so it has no name to reuse: give file_name`);
  }
  checkFileName(req.fn, name);
  return { dir: real, name, path: join(real, name + req.ext) };
}
