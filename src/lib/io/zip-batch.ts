// The rosters inside a .zip given to the page's batch (issue #12), read in the browser's worker.
// The same rules as the command line's reader (src/cli/zipin.ts, which inflates with node:zlib):
// the directory is checked before anything is inflated, each entry is inflated into a buffer of
// its declared size (never more) and checked against its CRC, and an entry is inflated only when
// asked for, so one roster is in memory at a time besides the zip itself.
import { inflateSync } from 'fflate';
import { MAX_INPUT_BYTES } from './limits';
import { crc32 } from './package';

/** Largest .zip of rosters the page takes. */
export const MAX_BATCH_ZIP_BYTES = 256 * 1024 * 1024;
/** Most entries in a .zip of rosters (folders and other files included). */
export const MAX_BATCH_ZIP_ENTRIES = 5000;

export class BatchZipError extends Error {
  override name = 'BatchZipError';
}

export interface BatchZipMember {
  /** Path inside the zip. */
  name: string;
  /** Bytes, or the sentence why the entry cannot be read. */
  read(): Uint8Array | { error: string };
}

export const NESTED_ZIP = '压缩包中又套了压缩包，不会读取；请先把它解压，再把其中的名单放进文件夹或压缩包';
const CORRUPT = '压缩包已损坏或不完整，无法读取；请重新压缩后再试';
const TOO_BIG = `解压后过大（超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB），无法读取`;

const u16 = (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8);
const u32 = (b: Uint8Array, p: number) => ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1000000;

/** A name in the zip: UTF-8 when flagged or valid, else GBK (Chinese Windows writes GBK names unflagged). */
function entryName(raw: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gb18030').decode(raw);
  }
}

/** The file entries of a zip, each read on demand. Throws BatchZipError with a sentence. */
export function batchZipMembers(bytes: Uint8Array): BatchZipMember[] {
  const n = bytes.length;
  if (n > MAX_BATCH_ZIP_BYTES) throw new BatchZipError(`压缩包过大（超过 ${MAX_BATCH_ZIP_BYTES / 1024 / 1024} MB），请分成几个较小的压缩包`);
  let eocd = n - 22;
  const stop = Math.max(0, n - 22 - 65_535);
  while (eocd >= stop && !(bytes[eocd] === 0x50 && bytes[eocd + 1] === 0x4b && bytes[eocd + 2] === 0x05 && bytes[eocd + 3] === 0x06)) eocd--;
  if (eocd < stop) throw new BatchZipError(CORRUPT);
  const count = u16(bytes, eocd + 10);
  const cdStart = u32(bytes, eocd + 16);
  if (count === 0xffff || cdStart === 0xffffffff) throw new BatchZipError('压缩包过大或使用了不支持的格式（ZIP64），请分成几个较小的压缩包');
  if (count > MAX_BATCH_ZIP_ENTRIES) throw new BatchZipError(`压缩包中的文件过多（${count} 个，最多 ${MAX_BATCH_ZIP_ENTRIES} 个），请分成几个压缩包`);
  if (cdStart + count * 46 > eocd) throw new BatchZipError(CORRUPT);
  const out: BatchZipMember[] = [];
  let p = cdStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) throw new BatchZipError(CORRUPT);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const csize = u32(bytes, p + 20);
    const usize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    const name = entryName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    p += 46 + nameLen + extraLen + commentLen;
    if (p > eocd) throw new BatchZipError(CORRUPT);
    if (name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part.startsWith('~$') || part === '__MACOSX')) continue;
    const read = (): Uint8Array | { error: string } => {
      if (flags & 1) return { error: '压缩包中的这个文件设置了密码，无法读取；请解压后直接提交' };
      if (usize > MAX_INPUT_BYTES || csize === 0xffffffff) return { error: TOO_BIG };
      if (local + 30 > n || u32(bytes, local) !== 0x04034b50) return { error: CORRUPT };
      const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
      if (start + csize > n) return { error: CORRUPT };
      const data = bytes.subarray(start, start + csize);
      let got: Uint8Array;
      if (method === 0) got = data;
      else if (method === 8) {
        try {
          // The output buffer has the declared size: a stream that would make more cannot.
          got = inflateSync(data, { out: new Uint8Array(usize) });
        } catch {
          return { error: CORRUPT };
        }
      } else return { error: '压缩包使用了不支持的压缩方式，请用常见的压缩软件重新压缩（zip 格式）' };
      // A stream that made more (or less) than declared fails its checksum.
      return got.length === usize && crc32(got) === crc ? got : { error: CORRUPT };
    };
    out.push({ name, read });
  }
  return out;
}
