import { statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LambError } from '../../model/errors.js';

/*
 * Where save_as may write (UFO's rule, ufo/automator/path_validator.py, made stricter where UFO is loose):
 * - file_dir "" is the document's own folder (UFO's default);
 * - a relative file_dir is taken inside the document's folder and must stay there: "exports" is fine,
 *   "../elsewhere" is refused (UFO resolves a relative dir against its own working directory, which for an
 *   agent is arbitrary; the document's folder is what a model means);
 * - an absolute file_dir is accepted (UFO accepts one too: a model that names a folder means it), unless it
 *   contains ".." or lies in a system folder (UFO's list: /etc, /usr/bin, C:\Windows ...);
 * - the folder must exist (TARGET_NOT_FOUND otherwise; nothing is created);
 * - file_name "" is the document's own name without its extension; file_ext "" is UFO's ".pdf".
 * A new document has no folder: it needs an absolute file_dir.
 */

const SENSITIVE_POSIX = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc', '/boot', '/dev', '/proc', '/sys', '/var/run', '/lib', '/lib64'];
const SENSITIVE_WINDOWS = ['c:\\windows', 'c:\\program files', 'c:\\program files (x86)', 'c:\\programdata'];

export interface SaveTarget {
  readonly dir: string;
  readonly path: string;
}

export function resolveSavePath(
  fn: string,
  args: { file_dir: string; file_name: string; file_ext: string },
  document: { path: string | null; title: string },
  defaultExt: string,
): SaveTarget {
  const fail = (code: 'INVALID_ARGUMENT' | 'TARGET_NOT_FOUND', message: string): never => {
    throw new LambError(code, `${fn} (lam-bridge): ${message}`);
  };
  const docDir = document.path ? dirname(resolve(document.path)) : null;
  let dir: string;
  if (args.file_dir === '') {
    dir = docDir ?? fail('INVALID_ARGUMENT', 'the document is new and has no folder yet: give file_dir as an absolute folder');
  } else if (isAbsolute(args.file_dir)) {
    if (args.file_dir.split(/[\\/]+/).includes('..')) fail('INVALID_ARGUMENT', `file_dir "${args.file_dir}" contains ".."; give the folder itself`);
    dir = resolve(args.file_dir);
    const lower = dir.toLowerCase();
    const system = (sep === '\\' ? SENSITIVE_WINDOWS : SENSITIVE_POSIX).find((s) => lower === s || lower.startsWith(s + sep));
    if (system) fail('INVALID_ARGUMENT', `file_dir "${args.file_dir}" is inside the system folder ${system}; save next to the document (file_dir "") or in a folder of your own`);
  } else {
    if (!docDir) fail('INVALID_ARGUMENT', `the document is new and has no folder yet: a relative file_dir ("${args.file_dir}") needs one; give an absolute folder`);
    const base = docDir as string;
    dir = resolve(base, args.file_dir);
    const rel = relative(base, dir);
    if (rel.startsWith('..') || isAbsolute(rel)) fail('INVALID_ARGUMENT', `file_dir "${args.file_dir}" leads outside the document's folder ${base}; a relative file_dir must stay inside it`);
  }
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) fail('TARGET_NOT_FOUND', `the folder ${dir} does not exist (save_as creates no folders)`);
  const ext = args.file_ext === '' ? defaultExt : args.file_ext;
  const own = document.path ? basename(document.path, extname(document.path)) : document.title.replace(/\.[^.]*$/, '');
  const name = args.file_name === '' ? own.replace(/[\\/:*?"<>|\0]/g, '_') : args.file_name;
  if (name.trim() === '') fail('INVALID_ARGUMENT', 'the document has no name to save under: give file_name');
  return { dir, path: join(dir, name + ext) };
}
