// Rule `text.invisible`: characters that cannot be seen, or that change how the text around them is
// shown, in any cell: control characters (NUL, escape …), bidirectional controls (a right-to-left
// override shows "张三" as "三张" and an ID with other digits than it holds) and variation selectors
// (normalize.ts, HAS_HIDDEN). One fixable warning per cell, whose fix removes them.
//
// One fix per cell: the column checkers that propose a fix of their own (spaces and full-width
// characters, a dictionary slip, a 15-digit ID) remove these characters as well. This rule's
// `settle` step, run once after every rule of the row, folds a `format` fix into this rule's issue
// (one issue, one fix) and lets another rule's fix be the cell's only one. Zero-width characters alone stay a `format`
// slip (they were one before this rule, and that fix already removes them).
import type { Issue } from '../types';
import { hasHidden, stripInvisible } from '../normalize';
import { shortMessage } from '../quote';
import { issue } from './context';
import { defineRule } from './rule';

/** What kinds of hidden characters a value holds, in words (one pass, stops when all are found). */
function describe(value: string): string {
  let control = false;
  let bidi = false;
  let selector = false;
  for (let i = 0; i < value.length && !(control && bidi && selector); i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) control = true;
    else if (c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) bidi = true;
    else if ((c >= 0xfe00 && c <= 0xfe0f) || (c === 0xdb40 && (value.charCodeAt(i + 1) & 0xff00) === 0xdd00)) selector = true;
    // The tag characters U+E0000–U+E007F (and a lone lead surrogate) are controls too.
    else if (c === 0xdb40) control = true;
  }
  const names: string[] = [];
  if (control) names.push('控制字符');
  if (bidi) names.push('改变文字显示方向的控制符');
  if (selector) names.push('异体字选择符');
  return names.join('、');
}

function result(to: string): string {
  return to === '' ? '删去后单元格为空' : `删去后应为“${to}”`;
}

/**
 * The message of this rule's issue on `value`, whose fix is `to` (null: another rule's fix);
 * `also`: the fix corrects more than the hidden characters.
 */
function message(value: string, to: string | null, column: string | null, also = false): string {
  const what = `单元格中有看不见的${describe(value)}`;
  if (column === null) return `${what}，请在原表中删去`;
  if (to === null) return `${what}，采用这一格的修正时一并删去`;
  if (also) return `${what}，还有多余的空格或全角字符等，${result(to).replace('删去后', '一并修正后')}`;
  return `${what}，${result(to)}`;
}

export function checkInvisible(value: string, column: string | null, row: number): Issue | null {
  if (!hasHidden(value)) return null;
  // A column the template does not know is kept as it is (a fix needs a template column).
  const to = column === null ? null : stripInvisible(value);
  return issue('text.invisible', 'warning', row, column, value, message(value, to, column), to);
}

/**
 * One fix per cell, decided once after every rule of the row. Where this rule flagged a cell and
 * another rule proposes a fix for it: a `format` fix (which removes the hidden characters too)
 * becomes this rule's fix, with one message, and the `format` issue goes; another rule's fix (a
 * dictionary slip, a 15-digit ID) stays that rule's, and this rule's issue says the fix removes
 * the characters as well. Rows without this rule's issue are not walked twice.
 */
export function settleFixes(issues: Issue[]): void {
  let k = 0;
  while (k < issues.length && (issues[k] as Issue).rule !== 'text.invisible') k++;
  if (k === issues.length) return;
  let w = k + 1;
  for (let j = k + 1; j < issues.length; j++) {
    const found = issues[j] as Issue;
    let keep = true;
    if (found.fix !== null && found.rule !== 'text.invisible') {
      // The latest of this rule's issues on the same cell, as the fix would have found it then.
      for (let i = w - 1; i >= 0; i--) {
        const o = issues[i] as Issue;
        if (o.rule !== 'text.invisible' || o.row !== found.row || o.column !== found.column || o.value !== found.value) continue;
        if (found.rule === 'format') {
          const also = found.fix !== o.fix;
          o.fix = found.fix;
          o.message = shortMessage(message(o.value, found.fix, o.column, also));
          keep = false;
        } else {
          o.fix = null;
          o.message = message(o.value, null, o.column);
        }
        break;
      }
    }
    if (keep) issues[w++] = found;
  }
  issues.length = w;
}

export const rule = defineRule({
  scope: 'cell',
  kinds: 'any',
  pure: true,
  settle: settleFixes,
  info: [
    {
      id: 'text.invisible',
      name: '不可见字符（可自动删去）',
      description: '控制字符（如 NUL）、改变文字显示方向的控制符和异体字选择符看不见，却会让姓名、证件号码和手机号码显示成另一个样子或对不上，可自动删去',
      severity: 'warning',
    },
  ],
  check(value, cell, out) {
    const found = checkInvisible(value, cell.column, cell.row);
    if (found) out.push(found);
    return value;
  },
});
