// The one escaping of text that comes from files (names of files, zip members and sheets, cells)
// where it is shown: the command line's text, JSON and error lines, and the page. Pure.

/**
 * Text safe to print on a terminal: control characters (C0, DEL, C1: escape sequences that clear
 * the screen, recolour or retitle it, or move the cursor over what was printed; a NUL; a line
 * break that would split a one-line message), line and paragraph separators and bidi controls
 * (which reorder what the user reads: "名单\u202excsl.exe") are shown as visible escapes (\x1b,
 * \u202e) instead of being sent to the terminal or the page.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** Most columns of a line the command line prints about a file or setting: one terminal line. */
export const LINE_COLUMNS = 80;

/** Whether a code point takes two columns on a terminal (East Asian wide and fullwidth forms). */
function wide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** How many terminal columns `s` takes (Chinese characters and fullwidth punctuation take two). */
export function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += wide(ch.codePointAt(0) as number) ? 2 : 1;
  return n;
}

/** `s` in at most `max` columns: cut on a character and ended with "…" when longer. */
export function fitColumns(s: string, max: number): string {
  if (columns(s) <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const w = wide(ch.codePointAt(0) as number) ? 2 : 1;
    if (n + w > max - 1) break;
    out += ch;
    n += w;
  }
  return `${out}…`;
}

/**
 * Names from a file listed in one short run: "a、b、c 等 300000 项". Each is escaped (printable)
 * and cut to a few columns; as many as fit in `room` columns are listed (at least one), and the
 * count of all follows when some are left out. A file of 300,000 unknown keys gives one short line.
 */
export function fewOf(items: readonly string[], room = 24): string {
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const s = fitColumns(printable(item), 12);
    const w = columns(s) + (shown.length ? 2 : 0);
    if (shown.length && used + w > room) break;
    shown.push(s);
    used += w;
  }
  const list = shown.join('、');
  return shown.length < items.length ? `${list} 等 ${items.length} 项` : list;
}
