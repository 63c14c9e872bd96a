// The name of a zip member as Windows Explorer and 7-Zip show it, for every zip the project opens
// (the page's batch and the command line's --batch both read zips through io/zip-batch.ts).
// A zip stores names as bytes and says little about their encoding:
//  1. an Info-ZIP Unicode Path extra field (0x7075) holds the name in UTF-8, trusted only while
//     the CRC-32 it carries matches the stored name (a tool that renamed the entry without updating
//     the field leaves a stale name there);
//  2. general-purpose flag bit 11 says the stored name is UTF-8;
//  3. otherwise the name is in the code page of the system that made the zip: Unix and macOS tools
//     write UTF-8 without setting the flag, Windows writes its ANSI code page (GBK on a Chinese PC,
//     which GB18030 decodes). Many GBK names are valid UTF-8 by accident (学员通讯录 reads as
//     "ѧԱͨѶ¼"), so "valid UTF-8" alone never decides for a zip made on Windows.
// Spec: APPNOTE.TXT 4.4.2 (version made by), 4.4.4 (bit 11), 4.6.9 (Unicode Path extra field).
import { crc32 } from './package';

/** Host systems (upper byte of "version made by") whose tools write names in UTF-8. */
const UNIX = 3;
const MACOS = 19;

const UNICODE_PATH = 0x7075;
const UTF8_FLAG = 0x800;

/** What of a central directory entry the name depends on (io/package.ts's DirEntry has them all). */
export interface ZipNameSource {
  nameBytes: Uint8Array;
  flags: number;
  madeBy: number;
  extra: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** The name of an entry as Windows shows it (see the top of this file). */
export function zipEntryName(e: ZipNameSource): string {
  const unicode = unicodePath(e.extra, e.nameBytes);
  if (unicode !== null) return unicode;
  if (e.flags & UTF8_FLAG) return utf8.decode(e.nameBytes);
  const host = e.madeBy >> 8;
  if (host === UNIX || host === MACOS) {
    try {
      return utf8Strict.decode(e.nameBytes);
    } catch {
      // Not UTF-8 after all: a Unix tool fed a Windows name; the Chinese code page is the best guess.
    }
  }
  return gb18030.decode(e.nameBytes);
}

/** The UTF-8 name of a Unicode Path extra field whose CRC matches `raw`; null when there is none. */
function unicodePath(extra: Uint8Array, raw: Uint8Array): string | null {
  const dv = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = dv.getUint16(q, true);
    const size = dv.getUint16(q + 2, true);
    if (q + 4 + size > extra.length) return null;
    if (id === UNICODE_PATH && size >= 5 && extra[q + 4] === 1 && dv.getUint32(q + 5, true) === crc32(raw)) {
      try {
        return utf8Strict.decode(extra.subarray(q + 9, q + 4 + size));
      } catch {
        return null;
      }
    }
    q += 4 + size;
  }
  return null;
}
