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

/** Characters no file name may hold: control characters, bidi controls and what Windows refuses. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069<>:"/\\|?*]/g;
/** Names Windows reserves for devices, with or without an extension ("NUL.xlsx" is the device too). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/**
 * A name every file system and the browser's download take, from a name that came from a file or
 * a zip member (a NUL in it would make node refuse the path and stop a batch): each unsafe
 * character becomes "_", trailing dots and spaces (which Windows drops) go, and a device name
 * gets "_" in front.
 */
export function safeFileName(name: string): string {
  const s = name.replace(UNSAFE, '_').replace(/[. ]+$/, '');
  return RESERVED.test(s) ? `_${s}` : s;
}
