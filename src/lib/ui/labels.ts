// Chinese names of the rules, as the page groups problems.
import type { RuleId, Severity } from '../core/types';

export const RULE_LABELS: Record<RuleId, string> = {
  'header.missing': '缺少必填列',
  'header.unknown': '模板以外的列（原样保留）',
  'template.mismatch': '表头与官方模板不一致',
  required: '必填项为空',
  dictionary: '不是字典中的值',
  format: '多余空格、全角字符等（可自动修正）',
  'name.format': '姓名有误',
  'unit.short': '单位名称不是全称',
  'grassroots.suggest': '可能是基层单位',
  'id.format': '证件号码格式错误',
  'id.checksum': '证件号码校验位错误',
  'id.birthdate': '证件号码中的出生日期有误',
  'id.scientific': '证件号码被存成了数字',
  'id.legacy': '15位旧证件号码（可升为18位）',
  'id.duplicate': '证件号码重复',
  'gender.mismatch': '性别与证件号码不符',
  'phone.format': '手机号码有误',
  'email.format': '电子邮箱格式有误',
  'cell.formula': '可能被当作公式执行的单元格',
  'count.range': '学员人数',
  'share.min': '外省及基层学员占比',
};

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** Excel column letters: 0 → A, 26 → AA. */
export function columnLetter(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A share as the page shows it: 0.125 → "12.5%". */
export function formatPercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
