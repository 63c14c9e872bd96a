// Rule `required`: a required cell of an attendee's row is empty.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';
import { unitKeyword } from './grassroots';

export function requiredIssue(column: string, row: number, value: string, extra = ''): Issue {
  return issue('required', 'error', row, column, value, `${column}为必填项，请补充${extra}`);
}

export const rule = defineRule({
  scope: 'row',
  info: [{ id: 'required', name: '必填项为空', description: '模板的必填列（姓名、性别、证件号码、工作单位、职称、手机号码；国家级项目还有单位所在省份、是否基层单位）不能为空', severity: 'error' }],
  check(row, out) {
    if (row.emptyRequired === 0) return;
    const columns = row.columns;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i] as (typeof columns)[number];
      if (!col.required || !row.emptyAt(i)) continue;
      if (col.kind === 'grassroots') {
        // Say what the unit's name suggests, without filling it in.
        const k = unitKeyword(row, row.value('unit') ?? row.raw('unit'));
        const found = requiredIssue(col.name, row.row, row.rawAt(i), k ? `（单位名称含“${k}”，可能是基层单位，请核实后填写）` : '');
        if (k) found.suggestion = '是';
        out.push(found);
      } else out.push(requiredIssue(col.name, row.row, row.rawAt(i)));
    }
  },
});
