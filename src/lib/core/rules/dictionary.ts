// Rule `dictionary`: a dictionary column holds one of the system's values. Known slips get the
// value they certainly mean; vague values (a level instead of a title) are errors with no fix.
import type { Issue } from '../types';
import { cleanText, matchKey } from '../normalize';
import { issue, type PreparedDictionary } from './context';

export function checkDictionary(value: string, dict: PreparedDictionary, column: string, row: number, out: Issue[]): string | null {
  if (dict.values.has(value)) return value;
  const key = matchKey(value);
  const canonical = dict.byKey.get(key);
  if (canonical !== undefined) {
    out.push(issue('format', 'warning', row, column, value, `多余的空格或全角字符，应为“${canonical}”`, canonical));
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
