import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { LambError } from '../../model/errors.js';
import { ExcelSaveAsArgs, type ExcelSaveExtension } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { saveTarget } from '../save-target.js';
import { calcSaveExtensions } from './calc-uno.js';
import { cellText, workbookOf } from './excel-sheets.js';

/*
 * save_as(file_dir="", file_name="", file_ext=""): UFO's defaults: the workbook's own folder, its own name,
 * and .csv, within the folder rule of lib/office/save-target.ts (the same for Word and PowerPoint). Calc writes
 * what it has a filter for (.xlsb, .xps, .prn are refused before anything is written, naming what it writes).
 * Verified on the file: it exists, was written now, and starts as its format does (a zip package, %PDF, an
 * OLE2 file; the header cells on the first line of a .csv).
 */

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46];
const MAGIC: Partial<Record<ExcelSaveExtension, number[]>> = {
  '.xlsx': ZIP, '.xlsm': ZIP, '.xltx': ZIP, '.xltm': ZIP, '.xlsb': ZIP, '.ods': ZIP, '.xls': OLE2, '.pdf': PDF,
};

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
    const { path } = saveTarget({ fn: 'save_as', noun: 'workbook', location: await wb.location(), fileDir: args.file_dir, fileName: args.file_name, ext });
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
