import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/*
 * Just enough of a zip reader for save_as to re-read what it wrote (a .pptx or .odp is a zip package): the
 * central directory's names, and one entry's bytes (stored or deflated). No ZIP64: a presentation saved here
 * that is over 4 GB is not one save_as verifies.
 */

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function entries(zip: Buffer): Entry[] {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (after an optional comment).
  const from = Math.max(0, zip.length - 65_557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    out.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** The names of the entries of the zip file at `path`. */
export function zipEntryNames(path: string): string[] {
  return entries(readFileSync(path)).map((e) => e.name);
}

/** One entry's content, or undefined when the zip has no such entry. */
export function zipEntry(path: string, name: string): Buffer | undefined {
  const zip = readFileSync(path);
  const e = entries(zip).find((x) => x.name === name);
  if (!e) return undefined;
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`zip entry ${name} uses compression method ${e.method}`);
}
