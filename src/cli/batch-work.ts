// What the command line's batch reads from disk: a roster file's bytes, refused before reading
// when it is too large. Checking is the batch engine's (src/lib/worker/batch/service.ts).
import { readFileSync, statSync } from 'node:fs';
import { LARGE_CSV_BUDGET, sizeError } from '../lib/io/read';

/** A roster file's bytes, refused before reading when it is too large; or why there are none. */
export function loadFile(path: string, max?: number): Uint8Array | { error: string } {
  try {
    // Refused before it is read: a file of gigabytes must not be loaded only to be refused.
    const size = statSync(path).size;
    const tooLarge = max === undefined ? sizeError(size, LARGE_CSV_BUDGET) : size > max ? { message: `文件过大（超过 ${max / 1024 / 1024} MB），请分成几个较小的压缩包` } : null;
    if (tooLarge) return { error: tooLarge.message };
    return readFileSync(path);
  } catch {
    return { error: '找不到文件或无法打开' };
  }
}
