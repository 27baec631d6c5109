import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { LambError } from '../../model/errors.js';
import { ExcelSaveAsArgs, type ExcelSaveExtension } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { calcSaveExtensions } from './calc-uno.js';
import { cellText, workbookOf } from './excel-sheets.js';

/*
 * save_as(file_dir="", file_name="", file_ext=""): UFO's defaults: the workbook's own folder, its own name,
 * and .csv. Where it may write is the rule Word's and PowerPoint's save_as follow too (UFO's path_validator,
 * stricter where UFO is loose): "" is the workbook's folder; a relative file_dir is taken inside the workbook's
 * folder and must stay there ("exports" yes, "../elsewhere" INVALID_ARGUMENT, also through a symlink); an
 * absolute file_dir is taken as given (a model that names a folder means it) unless it has a ".." in it or
 * lies in a system folder (/etc, /usr/bin, C:\Windows ...); a workbook never saved has no folder, so it needs
 * an absolute one. The folder must exist (nothing is created); file_name is one path component. Calc writes
 * what it has a filter for (.xlsb, .xps, .prn are refused before anything is written, naming what it writes).
 * Verified on the file: it exists, was written now, and starts as its format does (a zip package, %PDF, an
 * OLE2 file; the header cells on the first line of a .csv).
 */

const SENSITIVE = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/etc', '/boot', '/dev', '/proc', '/sys', '/var/run', '/lib', '/lib64', 'c:\\windows', 'c:\\program files', 'c:\\program files (x86)', 'c:\\programdata'];
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46];
const MAGIC: Partial<Record<ExcelSaveExtension, number[]>> = {
  '.xlsx': ZIP, '.xlsm': ZIP, '.xltx': ZIP, '.xltm': ZIP, '.xlsb': ZIP, '.ods': ZIP, '.xls': OLE2, '.pdf': PDF,
};

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

function checkFileName(name: string): void {
  const bad =
    name === '.' || name === '..' ? `cannot be "${name}"`
    : /[\u0000-\u001f]/.test(name) ? 'contains a control character'
    : /[\\/]/.test(name) ? 'contains a path separator (put folders in file_dir)'
    : /[<>:"|?*]/.test(name) ? 'contains one of < > : " | ? *'
    : RESERVED.test(name) ? 'is a reserved device name'
    : undefined;
  if (bad) throw new LambError('INVALID_ARGUMENT', `save_as: file_name ${JSON.stringify(name)} ${bad}`);
}

/** The absolute file save_as writes, or INVALID_ARGUMENT / TARGET_NOT_FOUND saying why not. */
export function excelSavePath(location: string | null, fileDir: string, fileName: string, ext: string): string {
  const own = location === null ? null : dirname(location);
  const absolute = isAbsolute(fileDir);
  if (own === null && !absolute) {
    throw new LambError('INVALID_ARGUMENT', `save_as: the workbook was never saved, so it has no folder: give file_dir as an absolute folder${fileDir ? ` (got ${JSON.stringify(fileDir)})` : ''}`);
  }
  if (absolute && fileDir.split(/[\\/]/).includes('..')) throw new LambError('INVALID_ARGUMENT', `save_as: file_dir ${JSON.stringify(fileDir)} has a ".." in it; give the folder itself`);
  const dir = absolute ? resolve(fileDir) : resolve(own as string, fileDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LambError('TARGET_NOT_FOUND', `save_as: file_dir ${JSON.stringify(fileDir)} is not an existing folder (${dir})`);
  const real = realpathSync(dir);
  if (!absolute && !inside(real, realpathSync(own as string))) {
    throw new LambError('INVALID_ARGUMENT', `save_as: file_dir ${JSON.stringify(fileDir)} leads outside the workbook's folder ${realpathSync(own as string)}; a relative file_dir stays inside it (or give an absolute folder)`);
  }
  const system = SENSITIVE.find((s) => inside(real.toLowerCase(), s) || inside(real, s));
  if (system) throw new LambError('INVALID_ARGUMENT', `save_as: file_dir ${JSON.stringify(fileDir)} is in the system folder ${system}`);
  let name = fileName.trim();
  if (name === '') {
    if (location === null) throw new LambError('INVALID_ARGUMENT', 'save_as: the workbook was never saved, so it has no name to reuse: give file_name');
    name = basename(location, extname(location));
  }
  checkFileName(name);
  return join(real, name + ext);
}

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export const excelSaveAs: OfficeFunctionSpec<ExcelSaveAsArgs> = {
  app: 'excel',
  name: 'save_as',
  mutates: true,
  schema: ExcelSaveAsArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const ext = args.file_ext;
    if (wb.suite === 'uno' && !calcSaveExtensions().includes(ext)) {
      throw new LambError('INVALID_ARGUMENT', `save_as: LibreOffice Calc cannot write ${ext}; it writes ${calcSaveExtensions().join(', ')}`);
    }
    const path = excelSavePath(await wb.location(), args.file_dir, args.file_name, ext);
    const started = Date.now();
    await wb.saveAs(path, ext);
    const st = existsSync(path) ? statSync(path) : null;
    const checks = [
      check(`${path} exists`, true, st !== null && st.isFile()),
      check(`${path} written by this save`, true, st !== null && st.mtimeMs >= started - 2000 && st.size > 0),
    ];
    const magic = MAGIC[ext];
    if (st && magic) {
      const b = head(path, magic.length);
      checks.push(check(`${path} starts as a ${ext} file`, magic, [...b]));
    }
    if (st && (ext === '.csv' || ext === '.txt')) {
      // The first line holds the first sheet's first row (Excel and Calc export the active/first sheet).
      const first = head(path, 64 * 1024).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
      const used = await wb.usedArea(0);
      if (used) {
        const row = ((await wb.read(0, { ...used, endRow: used.startRow }))[0] ?? []).map(cellText).filter((t) => t !== '' && !/[",\t]/.test(t));
        checks.push(check(`${path} first line holds the header cells`, row, row.filter((t) => first.includes(t))));
      }
    }
    return {
      method: `${wb.api} ${wb.suite === 'uno' ? 'storeAsURL/storeToURL' : 'SaveAs/ExportAsFixedFormat'}`,
      result: `Document is saved to ${path}.`,
      expected: `${path} written as ${ext}`,
      checks,
    };
  },
};
