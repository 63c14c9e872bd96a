// Rule `gender.mismatch`: 性别 disagrees with the sequence digit of a valid resident ID (odd = 男).
import type { Issue } from '../types';
import { sexFromId } from '../idnumber';
import { issue } from './context';

export function checkGenderAgainstId(gender: string, validResidentId: string, column: string, row: number, value: string): Issue | null {
  const fromId = sexFromId(validResidentId);
  if (gender === fromId) return null;
  return issue('gender.mismatch', 'error', row, column, value, `性别与证件号码不符（按证件号码应为“${fromId}”），请核对`);
}
