// Rules `id.scientific`, `id.format`, `id.legacy`, `id.birthdate`, `id.checksum` for 证件号码.
import type { Issue } from '../types';
import { compactCode } from '../normalize';
import {
  LEGACY_ID_SHAPE,
  digitsAt,
  hasProvinceCode,
  ageOn,
  checkForeignPermanentResident,
  isRealDate,
  permitPlace,
  residencePermitRegion,
  upgradeLegacyId,
  scanResidentId,
  scanned,
} from '../idnumber';
import { issue, type RuleContext } from './context';
import { defineRule } from './rule';
import { formatIssue } from './format';

export interface IdResult {
  /** The number after its fix when it passed every check; null otherwise. */
  valid: string | null;
  /** Key for duplicate detection (the compact, upgraded form), or null for an unusable cell. */
  key: string | null;
  /** True when it was checked as a resident ID (so the sex digit means something). */
  resident: boolean;
  /** hashOf(key) (idindex.ts) when the check worked it out on its way, for the ID index; else absent. */
  hash?: number;
}

/** A number as Excel shows it when it is too wide: 1.10101E+17. */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;
const OTHER_DOC = /^[A-Z0-9]{8,11}$/;
const RESIDENT_ID = '居民身份证';
const RESIDENCE_PERMIT = '港澳台居民居住证';
const FOREIGN_PR = '外国人永久居留身份证';
const MIN_AGE = 16;
const MAX_AGE = 100;

/**
 * A number in the resident ID's form. `type` is the 证件类型 (null when it could not be
 * understood): a 港澳台居民居住证 must carry a Hong Kong, Macau or Taiwan region and has no 15-digit
 * form; a 居民身份证 never starts with 81, 82 or 83, the residence permits' codes.
 */
function resident(value: string, compact: string, type: string | null, column: string, row: number, ctx: RuleContext, issues: Issue[]): IdResult {
  const permit = type === RESIDENCE_PERMIT;
  let id = compact;
  // Shape, check character and the key's hash in one pass ('': not in the resident ID's form).
  let expected = scanResidentId(compact);
  if (permit && expected === '') {
    const what = /^[\dX]*$/.test(compact) ? `当前为 ${compact.length} 位` : '含有数字和X以外的字符';
    issues.push(issue('id.format', 'error', row, column, value, `港澳台居民居住证号码应为18位数字（最后一位可为X），${what}，请核对`));
    return { valid: null, key: compact, resident: true };
  }
  if (compact.length === 15 && LEGACY_ID_SHAPE.test(compact)) {
    const y = 1900 + digitsAt(compact, 6, 2);
    if (!isRealDate(y, digitsAt(compact, 8, 2), digitsAt(compact, 10, 2))) {
      issues.push(issue('id.birthdate', 'error', row, column, value, '15位证件号码中的出生日期不存在，请核对'));
      return { valid: null, key: compact, resident: true };
    }
    id = upgradeLegacyId(compact);
    expected = scanResidentId(id);
    issues.push(issue('id.legacy', 'warning', row, column, value, `15位旧证件号码，应升为18位：${id}`, id));
  } else if (expected === '') {
    const what = /^[\dX]*$/.test(compact) ? `当前为 ${compact.length} 位` : '含有数字和X以外的字符';
    issues.push(issue('id.format', 'error', row, column, value, `身份证号码应为18位数字（最后一位可为X），${what}，请核对`));
    return { valid: null, key: compact, resident: true };
  } else if (compact !== value) {
    issues.push(formatIssue(row, column, value, `证件号码中有空格、全角字符或小写x，应为 ${compact}`, compact));
  }
  let valid: string | null = id;
  if (permit) {
    if (residencePermitRegion(id) === null) {
      issues.push(issue('id.format', 'error', row, column, value, `港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，当前为“${id.slice(0, 6)}”：请核对号码；内地居民请将证件类型改为“居民身份证”`));
      valid = null;
    }
  } else if (type === RESIDENT_ID && permitPlace(id) !== null) {
    issues.push(issue('id.format', 'error', row, column, value, `以${id.slice(0, 2)}开头的是${permitPlace(id)}居民居住证号码，不是居民身份证：请将证件类型改为“港澳台居民居住证”，或核对号码`));
    valid = null;
  } else if (!hasProvinceCode(id)) {
    issues.push(issue('id.format', 'error', row, column, value, `前两位“${id.slice(0, 2)}”不是有效的省份代码，请核对`));
    valid = null;
  }
  const y = digitsAt(id, 6, 4);
  const m = digitsAt(id, 10, 2);
  const d = digitsAt(id, 12, 2);
  const birth = y * 10000 + m * 100 + d;
  if (!isRealDate(y, m, d)) {
    issues.push(issue('id.birthdate', 'error', row, column, value, `出生日期 ${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)} 不存在，请核对`));
    valid = null;
  } else if (birth > ctx.today) {
    issues.push(issue('id.birthdate', 'error', row, column, value, '出生日期晚于今天，请核对'));
    valid = null;
  } else {
    const age = ageOn(birth, ctx.today);
    if (age < MIN_AGE || age > MAX_AGE) {
      issues.push(issue('id.birthdate', 'error', row, column, value, `按证件号码计算年龄为 ${age} 岁，请核对`));
      valid = null;
    }
  }
  const hash = scanned.hash;
  if (id[17] !== expected) {
    issues.push(issue('id.checksum', 'error', row, column, value, `证件号码校验位错误：按前17位计算，最后一位应为 ${expected}，请核对号码`));
    valid = null;
  }
  return { valid, key: id, resident: true, hash };
}

/**
 * Check one 证件号码 cell. `idType` is the row's 证件类型 after its fix, '' when the cell or the
 * column is empty (the profile's default type applies), or null when it could not be understood.
 */
export function checkIdNumber(
  value: string,
  storedAsNumber: boolean,
  idType: string | null,
  column: string,
  row: number,
  ctx: RuleContext,
  out: Issue[],
): IdResult {
  const compact = compactCode(value);
  // Excel keeps 15 significant digits: an 18-digit ID stored as a number has lost its last
  // digits, and nothing can bring them back. Report it, never guess.
  if ((compact.length < 18 && SCIENTIFIC.test(compact)) || (storedAsNumber && compact.replace(/\D/g, '').length > 15)) {
    out.push(issue('id.scientific', 'error', row, column, value, '证件号码被存成了数字，末几位已丢失：请将该列设为“文本”格式后重新录入原号码'));
    return { valid: null, key: null, resident: false };
  }
  const type = idType === '' ? ctx.profile.defaultIdType : idType;
  const isResident = type === null ? /^\d{15}(\d{2}[\dX])?$/.test(compact) : ctx.residentIdTypes.has(type);
  if (isResident) return resident(value, compact, type, column, row, ctx, out);

  let valid: string | null = compact;
  if (type === '其他' || type === null) {
    // Nothing more can be checked.
  } else if (type === FOREIGN_PR) {
    const pr = checkForeignPermanentResident(compact);
    if (pr.kind === 'shape') {
      out.push(issue('id.format', 'error', row, column, value, '外国人永久居留身份证号码应为18位（2023年起的新证：以9开头，最后一位可为X）或15位（旧证：3个字母加12位数字），请核对'));
      valid = null;
    } else if (pr.kind === 'checksum') {
      out.push(issue('id.checksum', 'error', row, column, value, `证件号码校验位错误：按前17位计算，最后一位应为 ${pr.expected}，请核对号码`));
      valid = null;
    }
  } else if (!OTHER_DOC.test(compact)) {
    out.push(issue('id.format', 'error', row, column, value, `${type}号码应为 8–11 位字母或数字，请核对`));
    valid = null;
  }
  if (valid !== null && compact !== value) {
    out.push(formatIssue(row, column, value, `证件号码中有空格或全角字符，应为 ${compact}`, compact));
  }
  return { valid, key: compact || null, resident: false };
}

// Registered as one row rule (appended, so that the checker above stays as it is): the number is
// read with its row's 证件类型, so it runs after the cells.
export const rule = defineRule({
  scope: 'row',
  info: [
    { id: 'id.scientific', name: '证件号码被存成了数字', description: 'Excel 只保留 15 位有效数字，存成数字的 18 位证件号码末几位已丢失，不能猜回', severity: 'error' },
    { id: 'id.format', name: '证件号码格式错误', description: '居民身份证为 18 位（末位可为 X），前两位是有效的省份代码；其他证件按其格式', severity: 'error' },
    { id: 'id.legacy', name: '15位旧证件号码（可升为18位）', description: '15 位旧身份证号码可升为 18 位', severity: 'warning' },
    { id: 'id.birthdate', name: '证件号码中的出生日期有误', description: '出生日期须真实存在、不晚于今天，年龄在 16–100 岁之间', severity: 'error' },
    { id: 'id.checksum', name: '证件号码校验位错误', description: '按前 17 位计算的校验位须与最后一位相符', severity: 'error' },
  ],
  check(row, out) {
    const col = row.column('idNumber');
    if (!col || row.empty('idNumber')) return;
    row.id = checkIdNumber(row.raw('idNumber'), row.storedAsNumber('idNumber'), row.value('idType'), col.name, row.row, row.ctx, out);
  },
});
