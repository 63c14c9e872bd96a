// Rule `name.format`: a name has no digits and is 2–30 characters; stray spaces are a `format` fix.
import type { Issue } from '../types';
import { charLength, cleanName } from '../normalize';
import { issue } from './context';
import { formatIssue } from './format';
import { defineRule } from './rule';

const DIGIT = /[0-9０-９]/;

export function checkName(value: string, column: string, row: number, out: Issue[]): string | null {
  const cleaned = cleanName(value);
  if (cleaned === value && value.length >= 2 && value.length <= 30 && !DIGIT.test(value)) return value;
  if (cleaned !== value) {
    out.push(formatIssue(row, column, value, `姓名中有多余的空格或不可见字符，应为“${cleaned}”`, cleaned));
  }
  if (DIGIT.test(cleaned)) {
    out.push(issue('name.format', 'error', row, column, value, '姓名中不应有数字，请核对'));
  } else {
    const length = charLength(cleaned);
    if (length < 2 || length > 30) out.push(issue('name.format', 'warning', row, column, value, `姓名长度为 ${length} 个字，请核对是否完整`));
  }
  return cleaned;
}

export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: ['name'],
  info: [{ id: 'name.format', name: '姓名有误', description: '姓名不含数字，长度为 2–30 个字', severity: 'error' }],
  check(value, cell, out) {
    return checkName(value, cell.column ?? '', cell.row, out);
  },
});
