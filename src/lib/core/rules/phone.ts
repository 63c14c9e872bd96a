// Rule `phone.format`: an 11-digit mobile number, 1[3-9]xxxxxxxxx. A landline is wrong. Spaces,
// dashes, full-width digits and a country code (+86, 0086, 86-) are `format` fixes.
import { MOBILE, isLandline, mobileNumber } from '../mobile';
import type { Issue } from '../types';
import { issue } from './context';

export function checkMobile(value: string, column: string, row: number, out: Issue[]): string | null {
  if (MOBILE.test(value)) return value;
  const digits = mobileNumber(value);
  if (digits !== null) {
    out.push(issue('format', 'warning', row, column, value, `手机号码中有多余字符，应为 ${digits}`, digits));
    return digits;
  }
  if (isLandline(value)) {
    out.push(issue('phone.format', 'error', row, column, value, '这是座机号码，请填写本人11位手机号码'));
    return null;
  }
  out.push(issue('phone.format', 'error', row, column, value, '手机号码应为11位数字、以1开头，请核对'));
  return null;
}
