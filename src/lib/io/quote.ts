// Long values and long names in outputs. The short quotes of long values live in core (core/quote.ts,
// used by every rule's message) and are re-exported here for the outputs built by io (report
// workbook, command line text and JSON); file names are shortened here. Pure: runs in Node and in
// browsers.

export { QUOTE_MAX, VALUE_MAX, MESSAGE_MAX, shortText, shortMessage } from '../core/quote';

/**
 * An output file name that the file system takes: at most `maxBytes` bytes of UTF-8 (255 on
 * common file systems). `base` is shortened (on a character boundary) so that `suffix` (such as
 * "-已校正.xlsx") stays whole.
 */
export function fitFileName(base: string, suffix: string, maxBytes = 255): string {
  const encoder = new TextEncoder();
  const room = maxBytes - encoder.encode(suffix).length;
  if (encoder.encode(base).length <= room) return `${base}${suffix}`;
  let bytes = 0;
  let out = '';
  for (const ch of base) {
    const n = encoder.encode(ch).length;
    if (bytes + n > room) break;
    bytes += n;
    out += ch;
  }
  return `${out}${suffix}`;
}
