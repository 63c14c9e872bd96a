// Rule `unit.short`: the unit must be its full official name; a very short one is an abbreviation.
import type { Issue } from '../types';
import { charLength, cleanName } from '../normalize';
import { issue } from './context';
import { formatIssue } from './format';
import { defineRule } from './rule';

const MIN_UNIT_LENGTH = 4;

export function checkUnit(value: string, column: string, row: number, out: Issue[]): string | null {
  const cleaned = cleanName(value);
  const short = charLength(cleaned) < MIN_UNIT_LENGTH;
  if (cleaned === value && !short) return value;
  if (cleaned !== value) {
    out.push(formatIssue(row, column, value, `单位名称中有多余的空格或不可见字符，应为“${cleaned}”`, cleaned));
  }
  if (short) out.push(issue('unit.short', 'warning', row, column, value, '工作单位过短，请填写单位全称，不用简称'));
  return cleaned;
}

export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: ['unit'],
  info: [{ id: 'unit.short', name: '单位名称不是全称', description: '工作单位须填全称，不用简称', severity: 'warning' }],
  check(value, cell, out) {
    return checkUnit(value, cell.column ?? '', cell.row, out) ?? value;
  },
});
