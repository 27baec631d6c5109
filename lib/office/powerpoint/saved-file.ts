import { openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import type { OfficeCheck } from '../../model/office.js';
import type { SaveFormat } from '../../model/office-powerpoint.js';
import { check } from '../office-function.js';
import { zipEntry, zipEntryNames } from './zip-entries.js';

/*
 * The read-back of save_as, from the file itself (not the suite's word that it stored): it exists, was written
 * by this save (not left from an earlier one), starts the way its format does, and where it is cheap to read,
 * holds as many slides as the presentation: a .pptx's ppt/slides/slideN.xml parts, an .odp's draw:page
 * elements, a PDF's /Type /Page objects (LibreOffice and PowerPoint write them uncompressed).
 */

const MAGIC: Readonly<Record<SaveFormat, number[]>> = {
  '.pptx': [0x50, 0x4b, 0x03, 0x04],
  '.odp': [0x50, 0x4b, 0x03, 0x04],
  '.ppt': [0xd0, 0xcf, 0x11, 0xe0],
  '.pdf': [0x25, 0x50, 0x44, 0x46],
  '.png': [0x89, 0x50, 0x4e, 0x47],
  '.jpg': [0xff, 0xd8, 0xff],
  '.gif': [0x47, 0x49, 0x46, 0x38],
  '.bmp': [0x42, 0x4d],
};

function head(path: string, n: number): number[] {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return [...b.subarray(0, got)];
  } finally {
    closeSync(fd);
  }
}

/** How many slides the saved file holds, or undefined when the format is not one read here. */
export function savedSlideCount(path: string, format: SaveFormat): number | undefined {
  if (format === '.pptx') return zipEntryNames(path).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
  if (format === '.odp') return (zipEntry(path, 'content.xml')?.toString('utf8').match(/<draw:page[\s/>]/g) ?? []).length;
  if (format === '.pdf') return (readFileSync(path, 'latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  return undefined;
}

/** Checks of one file save_as wrote. `since`: when the save began (ms epoch); `slides`: the count it should hold. */
export function savedFileChecks(path: string, format: SaveFormat, since: number, slides?: number): OfficeCheck[] {
  let size = -1;
  let mtime = 0;
  try {
    const st = statSync(path);
    size = st.isFile() ? st.size : -1;
    mtime = st.mtimeMs;
  } catch {
    return [check(`${path} exists`, true, false)];
  }
  const magic = MAGIC[format];
  const checks = [
    check(`${path} exists`, true, size > 0, size > 0),
    // File times may be coarser than the clock (1-2 s on some file systems).
    check(`${path} written by this save`, true, mtime >= since - 2000),
    check(`${path} is a ${format} file`, magic, head(path, magic.length)),
  ];
  if (slides !== undefined) {
    let count: number | string | undefined;
    try {
      count = savedSlideCount(path, format);
    } catch (e) {
      count = `unreadable: ${(e as Error).message}`;
    }
    if (count !== undefined) checks.push(check(`${path} slides`, slides, count));
  }
  return checks;
}
