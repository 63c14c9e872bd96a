// Rules `header.missing` (a required template column is absent) and `header.unknown` (a column the
// template does not know: kept untouched, reported once as information).
import type { Located } from '../locate';
import type { Profile } from '../profile';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export function headerIssues(located: Located, profile: Profile): Issue[] {
  const out: Issue[] = [];
  const headerExcelRow = located.headerRow + 1;
  for (const col of profile.columns) {
    if (col.required && !(col.name in located.columns)) {
      out.push(issue('header.missing', 'error', headerExcelRow, col.name, '', `缺少必填列“${col.name}”，请按模板补上这一列`));
    }
  }
  for (const u of located.unknown) {
    out.push(issue('header.unknown', 'info', headerExcelRow, null, u.header, `“${u.header.replace(/\s+/g, ' ')}”不是模板中的列，将原样保留`));
  }
  return out;
}

export const rule = defineRule({
  scope: 'roster',
  info: [
    { id: 'header.missing', name: '缺少必填列', description: '模板的必填列须在表头中', severity: 'error' },
    { id: 'header.unknown', name: '模板以外的列（原样保留）', description: '模板以外的列原样保留，只提示一次', severity: 'info' },
  ],
  check(roster, out) {
    out.push(...headerIssues(roster.located, roster.profile));
  },
});
