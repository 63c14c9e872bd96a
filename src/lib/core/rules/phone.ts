// Rule `phone.format`: an 11-digit mobile number, 1[3-9]xxxxxxxxx. A landline is wrong. Spaces,
// dashes, full-width digits and a +86 prefix are `format` fixes.
import { compactCode } from '../normalize';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$|^[2-8]\d{6,7}$/;

export function checkMobile(value: string, column: string, row: number, out: Issue[]): string | null {
  if (MOBILE.test(value)) return value;
  const compact = compactCode(value);
  const digits = compact.replace(/[-()（）.]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (MOBILE.test(digits)) {
    out.push(issue('format', 'warning', row, column, value, `手机号码中有多余字符，应为 ${digits}`, digits));
    return digits;
  }
  if (LANDLINE.test(compact)) {
    out.push(issue('phone.format', 'error', row, column, value, '这是座机号码，请填写本人11位手机号码'));
    return null;
  }
  out.push(issue('phone.format', 'error', row, column, value, '手机号码应为11位数字、以1开头，请核对'));
  return null;
}

// Registered as a rule (appended, so that the checker above stays as it is).
export const rule = defineRule({
  scope: 'cell',
  kinds: ['mobile'],
  info: [{ id: 'phone.format', name: '手机号码有误', description: '本人 11 位手机号码，以 1 开头；座机号码不可用', severity: 'error' }],
  check(value, cell, out) {
    return checkMobile(value, cell.column ?? '', cell.row, out);
  },
});
