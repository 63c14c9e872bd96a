// Long values in messages. A cell may hold 32,767 characters; a message that quotes it whole is
// useless to the reader (the page, the report and the command line all show messages), and a
// report cell over Excel's limit makes the writer fail after a good check. Every issue a rule makes
// (rules/context.ts `issue`) quotes at most a short prefix of a long value, saying how long it was;
// the outputs in io use the same functions for values shown in cells of their own. Pure.

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
  if (text.length <= max || isShortened(text, max)) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…（共 ${text.length} 个字符）`;
}

/**
 * A message with every quoted text (between “ and ”) of more than QUOTE_MAX characters cut to a
 * short prefix, and the whole message to at most MESSAGE_MAX characters (plus the note).
 * Idempotent: a message already short is returned as it is.
 */
export function shortMessage(message: string): string {
  if (message.length <= QUOTE_MAX || (message.length <= MESSAGE_MAX && !hasLongQuote(message))) return message;
  const quoted = message.replace(/“([^”]*)”/g, (all, inner: string) => (inner.length > QUOTE_MAX ? `“${shortText(inner, QUOTE_MAX)}”` : all));
  return shortText(quoted, MESSAGE_MAX);
}

const NOTE = /…（共 \d+ 个字符）$/;

/** True when `text` is already a short prefix and its note (so that shortening twice changes nothing). */
function isShortened(text: string, max: number): boolean {
  const m = NOTE.exec(text.slice(-24));
  return m !== null && text.length - m[0].length <= max;
}

/** True when a quote of the message holds more than QUOTE_MAX characters (no allocation). */
function hasLongQuote(message: string): boolean {
  for (let open = message.indexOf('“'); open >= 0; open = message.indexOf('“', open + 1)) {
    const close = message.indexOf('”', open + 1);
    const end = close < 0 ? message.length : close;
    if (end - open - 1 > QUOTE_MAX && !isShortened(message.slice(open + 1, end), QUOTE_MAX)) return true;
    if (close < 0) return false;
    open = close;
  }
  return false;
}
