// Rule `dictionary`: a dictionary column holds one of the system's values. Known slips get the
// value they certainly mean; vague values (a level instead of a title) are errors with no fix.
import type { Issue } from '../types';
import { cleanText, matchKey } from '../normalize';
import { issue, type PreparedDictionary } from './context';
import { formatIssue } from './format';
import { defineRule } from './rule';

export function checkDictionary(value: string, dict: PreparedDictionary, column: string, row: number, out: Issue[]): string | null {
  if (dict.values.has(value)) return value;
  const key = matchKey(value);
  const canonical = dict.byKey.get(key);
  if (canonical !== undefined) {
    out.push(formatIssue(row, column, value, `多余的空格或全角字符，应为“${canonical}”`, canonical));
    return canonical;
  }
  const slip = dict.slips.get(key);
  if (slip !== undefined) {
    out.push(issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不是字典值，应为“${slip}”`, slip));
    return slip;
  }
  const vague = dict.vague.get(key);
  if (vague !== undefined) {
    out.push(issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不可用：${vague}`));
    return null;
  }
  out.push(issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不是字典值，请改为模板中的选项（${dict.hint}）`));
  return null;
}

export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: 'dictionary',
  info: [{ id: 'dictionary', name: '不是字典中的值', description: '性别、证件类型、省份、是否基层单位、职称、学历、学科须用申报系统模板的字典值（通知 000、001、004）；常见笔误给出应填的值', severity: 'error' }],
  check(value, cell, out) {
    return cell.dict ? checkDictionary(value, cell.dict, cell.column ?? '', cell.row, out) : value;
  },
});
