// Rule `email.format`: a plausible e-mail address (optional column). Full-width characters and
// spaces are `format` fixes.
import type { Issue } from '../types';
import { issue } from './context';
import { formatIssue } from './format';
import { defineRule } from './rule';
import { compactCode } from '../normalize';

// Linear-time pattern: no nested quantifiers (a crafted cell must not hang the check).
export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const MAX_EMAIL = 254;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * EMAIL.test(s) as one plain loop (it runs on every e-mail cell): a local part of letters, digits
 * and . _ % + -, one @, then two or more labels of letters, digits and -, separated by dots, the
 * last of two or more letters.
 */
export function isEmail(s: string): boolean {
  const n = s.length;
  let at = 0;
  for (; at < n; at++) {
    const c = s.charCodeAt(at);
    if (c === 64) break;
    if (!(isLetter(c) || isDigit(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45)) return false;
  }
  if (at === 0 || at === n) return false;
  let labels = 0;
  let start = at + 1;
  let letters = true;
  for (let i = at + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (i === start) return false;
      labels++;
      start = i + 1;
      letters = true;
    } else if (isDigit(c) || c === 45) letters = false;
    else if (!isLetter(c)) return false;
  }
  // The last label: not counted above, letters only, two or more of them.
  return labels >= 1 && letters && n - start >= 2;
}

export function checkEmail(value: string, column: string, row: number, out: Issue[]): string | null {
  if (value.length <= MAX_EMAIL && isEmail(value)) return value;
  const compact = compactCode(value).toLowerCase();
  if (compact.length <= MAX_EMAIL && isEmail(compact)) {
    out.push(formatIssue(row, column, value, `邮箱中有空格或全角字符，应为 ${compact}`, compact));
    return compact;
  }
  out.push(issue('email.format', 'warning', row, column, value, '电子邮箱格式不正确，请核对'));
  return null;
}

export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: ['email'],
  info: [{ id: 'email.format', name: '电子邮箱格式有误', description: '电子邮箱（选填）须是有效的地址', severity: 'warning' }],
  check(value, cell, out) {
    return checkEmail(value, cell.column ?? '', cell.row, out);
  },
});
