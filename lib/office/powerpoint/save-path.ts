import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { LambError } from '../../model/errors.js';

/*
 * Where save_as may write, the same rule as Word's and Excel's save_as (lib/office/word/save-path.ts):
 * - file_dir "" is the presentation's own folder (UFO's default);
 * - a relative file_dir is taken inside that folder and must stay there, symlinks resolved: "exports" is fine,
 *   "../elsewhere" is refused with INVALID_ARGUMENT (UFO's rule, ufo/automator/path_validator.py);
 * - an absolute file_dir without ".." is accepted: a model that names a folder means it, and a never-saved deck has no
 *   folder of its own, so there it is required. (UFO's newest validator also refuses an absolute folder
 *   outside the document's; the bridge's three apps chose one rule, this one.) System folders (/etc,
 *   /usr/bin, C:\Windows, ... UFO's list) are refused always;
 * - the folder must exist (TARGET_NOT_FOUND: PowerPoint's SaveAs does not make one);
 * - file_name "" is the presentation's own name; otherwise one path component, checked as UFO does.
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
  const absolute = fileDir !== '' && isAbsolute(fileDir);
  if (documentDir === null && !absolute) {
    throw new LambError('INVALID_ARGUMENT', `the presentation was never saved, so it has no folder to save beside: give file_dir as an absolute folder${fileDir ? ` (got ${JSON.stringify(fileDir)})` : ''}`);
  }
  if (absolute && fileDir.split(/[\\/]/).includes('..')) {
    throw new LambError('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} contains ".."; give the folder itself`);
  }
  const dir = absolute ? resolve(fileDir) : resolve(documentDir as string, fileDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new LambError('TARGET_NOT_FOUND', `file_dir ${JSON.stringify(fileDir)} is not an existing folder (${dir})`);
  }
  const real = realpathSync(dir);
  if (!absolute && documentDir !== null) {
    const base = realpathSync(documentDir);
    if (!inside(real, base)) {
      throw new LambError('INVALID_ARGUMENT', `file_dir ${JSON.stringify(fileDir)} leads outside the presentation's folder ${base}; a relative file_dir must stay inside it (or give an absolute folder)`);
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
