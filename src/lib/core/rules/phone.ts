// Rule `phone.format`: an 11-digit mobile number, 1[3-9]xxxxxxxxx. A landline is wrong. Spaces,
// dashes, full-width digits and a country code (+86, 0086, 86-) are `format` fixes.
import { MOBILE, isLandline, mobileNumber } from '../mobile';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';
import { formatIssue } from './format';

export function checkMobile(value: string, column: string, row: number, out: Issue[]): string | null {
  if (MOBILE.test(value)) return value;
  const digits = mobileNumber(value);
  if (digits !== null) {
    out.push(formatIssue(row, column, value, `手机号码中有多余字符，应为 ${digits}`, digits));
    return digits;
  }
  if (isLandline(value)) {
    out.push(issue('phone.format', 'error', row, column, value, '这是座机号码，请填写本人11位手机号码'));
    return null;
  }
  out.push(issue('phone.format', 'error', row, column, value, '手机号码应为11位数字、以1开头，请核对'));
  return null;
}

// Registered as a rule (appended, so that the checker above stays as it is).
export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: ['mobile'],
  info: [{ id: 'phone.format', name: '手机号码有误', description: '本人 11 位手机号码，以 1 开头；座机号码不可用', severity: 'error' }],
  check(value, cell, out) {
    return checkMobile(value, cell.column ?? '', cell.row, out);
  },
});
