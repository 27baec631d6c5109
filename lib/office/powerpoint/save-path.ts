import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { LambError } from '../../model/errors.js';

/*
 * Where save_as may write (UFO's rule, ufo/automator/path_validator.py validate_save_file_path): file_dir is
 * resolved against the presentation's own folder and the file must stay inside that folder, whether file_dir
 * is relative ("exports") or absolute; "..", symlinks out of it and sibling folders are refused with
 * INVALID_ARGUMENT. The one exception: a presentation that was never saved has no folder, so there an absolute
 * file_dir is required and is where it goes (an agent that made a new deck must be able to save it). System
 * folders (/etc, /usr/bin, C:\Windows, ...) are refused always. The folder must exist (PowerPoint's SaveAs
 * does not make one). file_name is one path component, checked as UFO does.
 */

const SENSITIVE = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc', '/boot', '/dev', '/proc', '/sys', '/var/run', '/lib', '/lib64', 'C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData'];
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export interface SaveTarget {
  /** The folder, absolute and real (symlinks resolved). */
  dir: string;
  /** The file's name without extension. */
  name: string;
  /** dir/name + ext. */
  path: string;
}

/** Checks UFO's rules for one path component (file_name). */
export function checkFileName(name: string): void {
  const bad =
    name === '' ? 'is empty'
    : name === '.' || name === '..' ? `cannot be "${name}"`
    : /[\u0000-\u001f]/.test(name) ? 'contains a control character'
    : /[\\/]/.test(name) ? 'contains a path separator (put folders in file_dir)'
    : /[<>:"|?*]/.test(name) ? 'contains one of < > : " | ? *'
    : name !== name.replace(/[ .]+$/, '') ? 'ends with a space or a dot'
    : RESERVED.test(name.split('.')[0]?.trim() ?? '') ? 'is a reserved device name'
    : undefined;
  if (bad) throw new LambError('INVALID_ARGUMENT', `file_name ${JSON.stringify(name)} ${bad}`);
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The file save_as writes, from UFO's file_dir / file_name / file_ext and the presentation's own location. */
export function saveTarget(location: string | null, fileDir: string, fileName: string, ext: string): SaveTarget {
  const documentDir = location === null ? null : dirname(location);
  let dir: string;
  if (documentDir === null) {
    if (fileDir === '' || !isAbsolute(fileDir)) {
      throw new LambError('INVALID_ARGUMENT', `the presentation was never saved, so it has no folder to save beside: give file_dir as an absolute folder${fileDir ? ` (got ${JSON.stringify(fileDir)})` : ''}`);
    }
    dir = resolve(fileDir);
  } else {
    dir = resolve(documentDir, fileDir);
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new LambError('TARGET_NOT_FOUND', `file_dir ${JSON.stringify(fileDir)} is not an existing folder (${dir})`);
  }
  const real = realpathSync(dir);
  if (documentDir !== null) {
    const base = realpathSync(documentDir);
    if (!inside(real, base)) {
      throw new LambError('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} is outside the presentation's folder ${base}; save_as writes only there or in a folder inside it (give file_dir relative to it, or "" for the folder itself)`);
    }
  }
  const sensitive = SENSITIVE.find((s) => inside(real, s));
  if (sensitive) throw new LambError('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} is in the system folder ${sensitive}`);
  let name = fileName;
  if (name === '') {
    if (location === null) throw new LambError('INVALID_ARGUMENT', 'the presentation was never saved, so it has no name to reuse: give file_name');
    name = basename(location, extname(location));
  }
  checkFileName(name);
  return { dir: real, name, path: join(real, name + ext) };
}
