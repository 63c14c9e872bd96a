// Long values in outputs. A cell may hold 32,767 characters; a message, a report cell or a line on
// the terminal that quotes it whole is useless to the reader, and a report cell over Excel's limit
// makes the writer fail after a good check. Every output built by io (report workbook, command
// line text and JSON messages) quotes at most a short prefix of a long value, saying how long it
// was. Pure: runs in Node and in browsers.

/** Most characters of a value quoted inside a message. */
export const QUOTE_MAX = 40;
/** Most characters of a value shown in a cell of its own (the report's 单元格内容 and 建议修改为). */
export const VALUE_MAX = 200;
/** Most characters of a whole message. */
export const MESSAGE_MAX = 300;

/**
 * `text` when it has at most `max` characters; otherwise its first `max` (never half of a
 * surrogate pair) and "…（共 N 个字符）".
 */
export function shortText(text: string, max: number = VALUE_MAX): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…（共 ${text.length} 个字符）`;
}

/**
 * A message with every quoted text (between “ and ”) of more than QUOTE_MAX characters cut to a
 * short prefix, and the whole message to at most MESSAGE_MAX characters (plus the note).
 */
export function shortMessage(message: string): string {
  if (message.length <= QUOTE_MAX) return message;
  const quoted = message.replace(/“([^”]*)”/g, (all, inner: string) => (inner.length > QUOTE_MAX ? `“${shortText(inner, QUOTE_MAX)}”` : all));
  return shortText(quoted, MESSAGE_MAX);
}

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
