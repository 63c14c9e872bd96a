// Rule `name.format`: a name has no digits and is 2–30 characters; stray spaces are a `format` fix.
import type { Issue } from '../types';
import { cleanName } from '../normalize';
import { issue, type CellResult } from './context';

const DIGIT = /[0-9０-９]/;

export function checkName(value: string, column: string, row: number): CellResult {
  const cleaned = cleanName(value);
  if (cleaned === value && !DIGIT.test(value) && value.length >= 2 && value.length <= 30) {
    return { issues: [], effective: value };
  }
  const issues: Issue[] = [];
  if (cleaned !== value) {
    issues.push(issue('format', 'warning', row, column, value, `姓名中有多余的空格或不可见字符，应为“${cleaned}”`, cleaned));
  }
  if (DIGIT.test(cleaned)) {
    issues.push(issue('name.format', 'error', row, column, value, '姓名中不应有数字，请核对'));
  } else {
    const length = [...cleaned].length;
    if (length < 2 || length > 30) {
      issues.push(issue('name.format', 'warning', row, column, value, `姓名长度为 ${length} 个字，请核对是否完整`));
    }
  }
  return { issues, effective: cleaned };
}
