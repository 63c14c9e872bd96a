// A text file a user hands the command line (a profile, project settings) as Windows writes it:
// Notepad saves UTF-8 with a byte order mark, and Windows PowerShell 5.1's `>` writes UTF-16LE with
// one (so `roster-check --make-profile 模板.xlsx > 方案.json` gives UTF-16). The mark decides;
// without one the text is UTF-8. Pure: runs in Node and in browsers.

/** The text of a file's bytes: a UTF-8 byte order mark dropped, UTF-16 (LE or BE) decoded by its mark. */
export function decodeTextFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('utf-8').decode(bytes);
}
