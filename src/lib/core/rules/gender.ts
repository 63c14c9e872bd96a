// Rule `gender.mismatch`: 性别 disagrees with the sequence digit of a valid resident ID (odd = 男).
import type { Issue } from '../types';
import { sexFromId } from '../idnumber';
import { issue } from './context';
import { defineRule } from './rule';

export function checkGenderAgainstId(gender: string, validResidentId: string, column: string, row: number, value: string): Issue | null {
  const fromId = sexFromId(validResidentId);
  if (gender === fromId) return null;
  return issue('gender.mismatch', 'error', row, column, value, `性别与证件号码不符（按证件号码应为“${fromId}”），请核对`);
}

export const rule = defineRule({
  scope: 'row',
  info: [{ id: 'gender.mismatch', name: '性别与证件号码不符', description: '身份证号码第 17 位奇数为男、偶数为女', severity: 'error' }],
  check(row, out) {
    const id = row.id;
    const col = row.column('gender');
    const gender = row.value('gender');
    if (!col || !id?.resident || !id.valid || row.empty('gender') || gender === null) return;
    const g = checkGenderAgainstId(gender, id.valid, col.name, row.row, row.raw('gender'));
    if (g) out.push(g);
  },
});
