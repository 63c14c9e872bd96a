// Rule `header.repeat`: a row below the header that repeats it (the header pasted again, as when
// the rosters of several sessions are pasted one under another). Such a row is not an attendee:
// `Roster` leaves it out of every count and runs no cell rule on it (thirteen "不是字典值" errors
// for one pasted header help nobody), and this rule says so once for the row. It is an error (the
// upload would read it as an attendee named 姓名) whose fix is the row's deletion: accepted unless
// declined, applied by the export and by `--fix` (core/types.ts, the fix model).
import { cleanText } from '../normalize';
import { shortText } from '../quote';
import { issue } from './context';
import { defineRule } from './rule';

/**
 * True when a row repeats the header: at least two of its template cells hold their column's
 * header text (spaces at either end aside), and they are at least half of its filled template
 * cells. `headers[i]` is the header text of the column at `indexes[i]`, cleaned. Cheap on an
 * ordinary row: a cell is cleaned only when it contains its header text.
 */
/**
 * Whether a cell starting with code unit `c` can clean to a text starting with `h0`: it starts
 * with h0, or with a character cleanText() removes (a space of any kind, or an invisible one; a
 * few more here, never fewer). Most cells of a person's row fail this and are not searched.
 */
export function mayLead(c: number, h0: number): boolean {
  if (c === h0 || c <= 0x20) return true;
  if (c < 0x7f) return false;
  if (c >= 0x3400) return c === 0xdb40 || c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f);
  return c <= 0xa0 || c === 0xad || c === 0x061c || c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x206f) || c === 0x3000;
}

/** Whether cell text `v` holds header text `h` (the same, or the same once cleaned of spaces and hidden characters). */
export function holdsHeader(v: string, h: string): boolean {
  if (h === '' || v.length < h.length) return false;
  return v === h || (v.length <= h.length + 16 && mayLead(v.charCodeAt(0), h.charCodeAt(0)) && v.includes(h) && cleanText(v) === h);
}

export function repeatsHeader(row: readonly string[], indexes: readonly number[], headers: readonly string[], isBlank: (s: string) => boolean): boolean {
  let same = 0;
  for (let i = 0; i < indexes.length; i++) {
    const h = headers[i] as string;
    const v = row[indexes[i] as number];
    if (v !== undefined && holdsHeader(v, h)) same++;
  }
  if (same < 2) return false;
  let filled = 0;
  for (const c of indexes) {
    const v = row[c];
    if (v !== undefined && v !== '' && !isBlank(v)) filled++;
  }
  return same * 2 >= filled;
}

export const rule = defineRule({
  scope: 'roster',
  info: [{ id: 'header.repeat', name: '重复的表头行（可自动删去）', description: '表头下方又出现一行表头（如几份名单粘贴在一起）：上传时会被当作一名学员，校正文件删去这一行；这一行不计为学员，也不逐格检查', severity: 'error' }],
  check(roster, out) {
    for (const r of roster.headerRepeats) {
      const cells = (roster.table[r - 1] ?? []).filter((v) => v.trim() !== '').join(' ');
      // The fix '' on a row with no column: the row's deletion (core/types.ts, isRowDeletion).
      out.push(issue('header.repeat', 'error', r, null, shortText(cells), '这一行重复了表头，上传时会被当作一名学员：校正文件将删去这一行（如要保留，请不采用这项修正）', ''));
    }
  },
});
