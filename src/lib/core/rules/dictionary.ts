// Rule `dictionary`: a dictionary column holds one of the system's values. Known slips get the
// value they certainly mean; vague values (a level instead of a title) are errors with no fix.
import { cleanText, matchKey } from '../normalize';
import { found, issue, ok, type CellResult, type PreparedDictionary } from './context';

export function checkDictionary(value: string, dict: PreparedDictionary, column: string, row: number): CellResult {
  if (dict.values.has(value)) return ok(value);
  const key = matchKey(value);
  const canonical = dict.byKey.get(key);
  if (canonical !== undefined) {
    return found(canonical, issue('format', 'warning', row, column, value, `多余的空格或全角字符，应为“${canonical}”`, canonical));
  }
  const slip = dict.slips.get(key);
  if (slip !== undefined) {
    return found(slip, issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不是字典值，应为“${slip}”`, slip));
  }
  const vague = dict.vague.get(key);
  if (vague !== undefined) {
    return found(null, issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不可用：${vague}`));
  }
  return found(null, issue('dictionary', 'error', row, column, value, `“${cleanText(value)}”不是字典值，请改为模板中的选项（${dict.hint}）`));
}
