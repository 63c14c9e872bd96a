// The rosters inside a .zip of rosters: the command line's --batch and the page's batch both read
// them here. The zip itself is hostile: its directory is checked by the package layer's walk (the
// one .xlsx files get, with the same strictness) before anything is inflated; each entry is
// inflated only when asked for, into at most its declared size, and checked against its CRC, so one
// roster is in memory at a time besides the zip. The inflater is the caller's (node's zlib in the
// command line, fflate in the browser).
import { inflateSync } from 'fflate';
import { MAX_INPUT_BYTES } from './limits';
import { PackageError, crc32, zipDirectory } from './package';
import { printable } from '../core/printable';
import { zipEntryName } from './zip-names';

/** Largest .zip of rosters. */
export const MAX_BATCH_ZIP_BYTES = 256 * 1024 * 1024;
/** Most entries in a .zip of rosters (folders and other files included). */
export const MAX_BATCH_ZIP_ENTRIES = 5000;
/** Largest roster inside it, unzipped: the same as any roster file. */
export const MAX_BATCH_ENTRY_BYTES = MAX_INPUT_BYTES;

export class ZipError extends Error {
  override name = 'ZipError';
}

/** Where an entry's stored bytes are in the zip, and what they must inflate to. */
export interface ZipEntryAt {
  offset: number;
  csz: number;
  usz: number;
  crc: number;
  method: number;
}

export interface ZipMember {
  /** Path inside the zip. */
  name: string;
  at: ZipEntryAt;
  /** Bytes, or the sentence why the entry cannot be read. */
  read(): Uint8Array | { error: string };
  /** Why the entry is not read at all (its name is another entry's but for case), known from the directory. */
  refused?: string;
}

/**
 * Inflates a raw deflate stream whose declared size is `size` (at most MAX_BATCH_ENTRY_BYTES).
 * It never inflates more than `size + 1` bytes: a stream longer than declared is 'too-long' (it
 * lies about its size), found without inflating it whole. It throws on a corrupt stream.
 */
export type Inflate = (data: Uint8Array, size: number) => Uint8Array | 'too-long';

/** fflate, into a buffer one byte longer than declared: a stream that fills it is longer than it says. */
export const inflateWithFflate: Inflate = (data, size) => {
  const got = inflateSync(data, { out: new Uint8Array(size + 1) });
  return got.length > size ? 'too-long' : got;
};

export const NESTED_ZIP = '压缩包中又套了压缩包，不会读取；请先把它解压，再把其中的名单放进文件夹或压缩包';
const CORRUPT = '压缩包已损坏或不完整，无法读取；请重新压缩后再试';
const TOO_LARGE = `解压后过大（超过 ${MAX_BATCH_ENTRY_BYTES / 1024 / 1024} MB），无法读取`;

/** The directory's refusals as the sentence for the whole zip. */
function zipError(e: PackageError): ZipError {
  switch (e.problem) {
    case 'zip-encrypted':
      return new ZipError('压缩包设置了密码，无法读取；请解压后把名单直接放进文件夹，或重新压缩（不设密码）');
    case 'too-many-entries':
      return new ZipError(`压缩包中的文件过多（${e.count ?? '很多'} 个，最多 ${MAX_BATCH_ZIP_ENTRIES} 个），请分成几个压缩包`);
    default:
      return new ZipError(CORRUPT);
  }
}

/**
 * The file entries of a zip, each read on demand (system folders, hidden files and Office's `~$`
 * lock files left out). The limit on each roster's size applies to each entry, so one oversized
 * entry does not refuse the others. Throws ZipError with a sentence.
 */
export function zipMembers(bytes: Uint8Array, inflate: Inflate = inflateWithFflate): ZipMember[] {
  if (bytes.length > MAX_BATCH_ZIP_BYTES) throw new ZipError(`压缩包过大（超过 ${MAX_BATCH_ZIP_BYTES / 1024 / 1024} MB），请分成几个较小的压缩包`);
  let entries;
  try {
    // Sizes are checked per entry below (never used to allocate): no total budget on the directory.
    // Two entries named alike are kept here and the second listed below: one such pair must not
    // cost the zip's other rosters.
    entries = zipDirectory(bytes, { maxEntries: MAX_BATCH_ZIP_ENTRIES, maxBytes: Number.MAX_SAFE_INTEGER }, 'keep');
  } catch (e) {
    if (e instanceof PackageError) throw zipError(e);
    throw e;
  }
  const out: ZipMember[] = [];
  // Names as Windows compares them (case does not count): unpacking the zip there, the second of
  // two such entries overwrites the first, so it is listed with the reason and not checked.
  const first = new Map<string, string>();
  for (const e of entries) {
    const name = zipEntryName(e);
    if (name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part.startsWith('~$') || part === '__MACOSX')) continue;
    const at: ZipEntryAt = { offset: e.dataStart, csz: e.csz, usz: e.usz, crc: e.crc, method: e.method };
    const twin = first.get(name.toLowerCase());
    if (twin !== undefined) {
      const error = twin === name ? `压缩包中有两个同名的文件，只检查了第一个；请改名后重新压缩` : `与压缩包中的「${printable(twin)}」同名（只差大小写），解压时会互相覆盖，没有检查；请改名后重新压缩`;
      out.push({ name, at, read: () => ({ error }), refused: error });
      continue;
    }
    first.set(name.toLowerCase(), name);
    const read = () => readZipEntry(at.usz > MAX_BATCH_ENTRY_BYTES ? new Uint8Array(0) : bytes.subarray(at.offset, at.offset + at.csz), at, inflate);
    out.push({ name, at, read });
  }
  return out;
}

/**
 * An entry's bytes from its stored bytes (`data`: the `at.csz` bytes at `at.offset`, from the zip
 * or read again from its file): inflated into at most its declared size, checked against its CRC.
 */
export function readZipEntry(data: Uint8Array, at: ZipEntryAt, inflate: Inflate = inflateWithFflate): Uint8Array | { error: string } {
  if (at.usz > MAX_BATCH_ENTRY_BYTES) return { error: TOO_LARGE };
  let got: Uint8Array;
  if (at.method === 0) got = data;
  else if (at.method === 8) {
    let inflated: Uint8Array | 'too-long';
    try {
      inflated = inflate(data, at.usz);
    } catch {
      return { error: CORRUPT };
    }
    if (inflated === 'too-long') return { error: TOO_LARGE };
    got = inflated;
  } else return { error: '压缩包使用了不支持的压缩方式，请用常见的压缩软件重新压缩（zip 格式）' };
  // A stream that made less than declared, or other bytes, fails here.
  return got.length === at.usz && crc32(got) === at.crc ? got : { error: CORRUPT };
}
