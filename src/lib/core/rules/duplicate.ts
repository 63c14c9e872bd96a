// Rule `id.duplicate`: the same 证件号码 on several rows; every row of the group is reported,
// naming the others.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

const NAMED = 5;

/** Issues for one group of rows (Excel rows, ascending) that share an ID. Linear in the group. */
export function duplicateIssues(rows: readonly number[], values: readonly string[], column: string): Issue[] {
  const head = rows.slice(0, NAMED + 1);
  return rows.map((row, i) => {
    const others = head.filter((r) => r !== row).slice(0, NAMED);
    const count = rows.length - 1;
    const list = count > NAMED ? `${others.join('、')} 行等共 ${count} 行` : `${others.join('、')} 行`;
    return issue('id.duplicate', 'error', row, column, values[i] ?? '', `证件号码与第 ${list}重复：同一学员只能出现一次`);
  });
}

export const rule = defineRule({
  scope: 'group',
  info: [{ id: 'id.duplicate', name: '证件号码重复', description: '同一证件号码只能出现一次：每人只发一份学分证书', severity: 'error' }],
  check: duplicateIssues,
});
