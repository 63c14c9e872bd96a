// The rosters inside a .zip given to --batch. The zip itself is hostile: its directory is checked
// (by the package layer's walk, the one .xlsx files get) before anything is inflated, each entry
// is inflated with a hard output limit, and an entry is handed out only when asked for, so one
// roster is in memory at a time.
import { inflateRawSync } from 'node:zlib';
import { MAX_INPUT_BYTES } from '../lib/io/limits';
import { PackageError, zipDirectory } from '../lib/io/package';

/** Largest .zip of rosters (the command line's largest file). */
export const MAX_BATCH_ZIP_BYTES = 256 * 1024 * 1024;
/** Most entries in a .zip of rosters (folders and other files included). */
export const MAX_BATCH_ZIP_ENTRIES = 5000;
/** Largest roster inside it, unzipped: the same as any roster file. */
export const MAX_BATCH_ENTRY_BYTES = MAX_INPUT_BYTES;

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipMember {
  /** Path inside the zip. */
  name: string;
  /** Bytes, or the sentence why the entry cannot be read. */
  read(): Uint8Array | { error: string };
}

const CORRUPT = '压缩包已损坏或不完整，无法读取；请重新压缩后再试';

/** A name in the zip: UTF-8 when flagged or valid, else GBK (Chinese Windows writes GBK names unflagged). */
function entryName(raw: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gb18030').decode(raw);
  }
}

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

const TOO_LARGE = `解压后过大（超过 ${MAX_BATCH_ENTRY_BYTES / 1024 / 1024} MB），无法读取`;

/**
 * The entries of a zip (files only), each read on demand. The directory is walked by the package
 * layer (one walk for workbooks and for zips of rosters, with the same strictness); the limit on
 * each roster's size applies to each entry, so one oversized entry does not refuse the others.
 * Throws ZipError with a sentence.
 */
export function zipMembers(bytes: Uint8Array): ZipMember[] {
  if (bytes.length > MAX_BATCH_ZIP_BYTES) throw new ZipError(`压缩包过大（超过 ${MAX_BATCH_ZIP_BYTES / 1024 / 1024} MB），请分成几个较小的压缩包`);
  let entries;
  try {
    // Sizes are checked per entry below (never used to allocate): no total budget on the directory.
    entries = zipDirectory(bytes, { maxEntries: MAX_BATCH_ZIP_ENTRIES, maxBytes: Number.MAX_SAFE_INTEGER });
  } catch (e) {
    if (e instanceof PackageError) throw zipError(e);
    throw e;
  }
  const out: ZipMember[] = [];
  for (const e of entries) {
    const name = entryName(e.nameBytes, (e.flags & 0x800) !== 0);
    if (name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')) continue;
    const read = (): Uint8Array | { error: string } => {
      if (e.usz > MAX_BATCH_ENTRY_BYTES) return { error: TOO_LARGE };
      const data = bytes.subarray(e.dataStart, e.dataStart + e.csz);
      if (e.method === 0) return data;
      try {
        // The declared size may lie: the limit is on what really comes out.
        const inflated = inflateRawSync(data, { maxOutputLength: MAX_BATCH_ENTRY_BYTES });
        return inflated.length === e.usz ? new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length) : { error: CORRUPT };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { error: TOO_LARGE };
        return { error: CORRUPT };
      }
    };
    out.push({ name, read });
  }
  return out;
}
