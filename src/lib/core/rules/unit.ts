// Rule `unit.short`: the unit must be its full official name; a very short one is an abbreviation.
import type { Issue } from '../types';
import { cleanName } from '../normalize';
import { issue, type CellResult } from './context';

const MIN_UNIT_LENGTH = 4;

export function checkUnit(value: string, column: string, row: number): CellResult {
  const cleaned = cleanName(value);
  const short = [...cleaned].length < MIN_UNIT_LENGTH;
  if (cleaned === value && !short) return { issues: [], effective: value };
  const issues: Issue[] = [];
  if (cleaned !== value) {
    issues.push(issue('format', 'warning', row, column, value, `单位名称中有多余的空格或不可见字符，应为“${cleaned}”`, cleaned));
  }
  if (short) issues.push(issue('unit.short', 'warning', row, column, value, '工作单位过短，请填写单位全称，不用简称'));
  return { issues, effective: cleaned };
}
