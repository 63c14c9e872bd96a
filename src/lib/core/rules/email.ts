// Rule `email.format`: a plausible e-mail address (optional column). Full-width characters and
// spaces are `format` fixes.
import type { Issue } from '../types';
import { issue } from './context';
import { formatIssue } from './format';
import { pushFix } from './invisible';
import { defineRule } from './rule';
import { compactCode } from '../normalize';

// Linear-time pattern: no nested quantifiers (a crafted cell must not hang the check).
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const MAX_EMAIL = 254;

export function checkEmail(value: string, column: string, row: number, out: Issue[]): string | null {
  if (value.length <= MAX_EMAIL && EMAIL.test(value)) return value;
  const compact = compactCode(value).toLowerCase();
  if (compact.length <= MAX_EMAIL && EMAIL.test(compact)) {
    pushFix(out, formatIssue(row, column, value, `邮箱中有空格或全角字符，应为 ${compact}`, compact));
    return compact;
  }
  out.push(issue('email.format', 'warning', row, column, value, '电子邮箱格式不正确，请核对'));
  return null;
}

export const rule = defineRule({
  scope: 'cell',
  kinds: ['email'],
  info: [{ id: 'email.format', name: '电子邮箱格式有误', description: '电子邮箱（选填）须是有效的地址', severity: 'warning' }],
  check(value, cell, out) {
    return checkEmail(value, cell.column ?? '', cell.row, out);
  },
});
