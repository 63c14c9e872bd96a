// The rosters inside a .zip given to --batch: the shared reader (src/lib/io/zip-batch.ts) with
// node's zlib, which stops at a hard output limit instead of inflating a lying stream whole.
import { inflateRawSync } from 'node:zlib';
import { zipMembers as members, type ZipMember } from '../lib/io/zip-batch';

export { NESTED_ZIP, ZipError } from '../lib/io/zip-batch';

/** The file entries of a zip, each read on demand. Throws ZipError with a sentence. */
export function zipMembers(bytes: Uint8Array): ZipMember[] {
  return members(bytes, (data, size) => {
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: size });
    } catch (e) {
      // More than declared: the stream lies about its size.
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return 'too-long';
      throw e;
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  });
}
