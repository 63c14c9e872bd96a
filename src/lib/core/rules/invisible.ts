// Rule `text.invisible`: characters that cannot be seen, or that change how the text around them is
// shown, in any cell: control characters (NUL, escape …), bidirectional controls (a right-to-left
// override shows "张三" as "三张" and an ID with other digits than it holds) and variation selectors
// (normalize.ts, HAS_HIDDEN). One fixable warning per cell, whose fix removes them.
//
// One fix per cell: the column checkers that propose a fix of their own (spaces and full-width
// characters, a dictionary slip, a 15-digit ID) remove these characters as well, and push that fix
// through `pushFix` below, which folds a `format` fix into this rule's issue (one issue, one fix)
// and lets another rule's fix be the cell's only one. Zero-width characters alone stay a `format`
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
 * Push a column checker's fix for a cell. When this rule already flagged the cell, the cell keeps
 * one fix: a `format` fix (which removes the hidden characters too) becomes this rule's fix, with
 * one message; another rule's fix (a dictionary slip, a 15-digit ID) stays that rule's, and this
 * rule's issue says the fix removes the characters as well.
 */
export function pushFix(out: Issue[], found: Issue): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const o = out[i] as Issue;
    if (o.rule !== 'text.invisible' || o.row !== found.row || o.column !== found.column || o.value !== found.value) continue;
    if (found.rule === 'format') {
      const also = found.fix !== o.fix;
      o.fix = found.fix;
      o.message = shortMessage(message(o.value, found.fix, o.column, also));
      return;
    }
    o.fix = null;
    o.message = message(o.value, null, o.column);
    break;
  }
  out.push(found);
}

export const rule = defineRule({
  scope: 'cell',
  kinds: 'any',
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
