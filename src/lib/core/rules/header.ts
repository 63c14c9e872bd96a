// Rules `header.missing` (a required template column is absent) and `header.unknown` (a column the
// template does not know: kept untouched, reported once as information).
import { headerLabel, type Located } from '../locate';
import { columnLetter } from '../columns';
import type { Profile } from '../profile';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export function headerIssues(located: Located, profile: Profile, header: readonly string[] = []): Issue[] {
  const out: Issue[] = [];
  const headerExcelRow = located.headerRow + 1;
  for (const col of profile.columns) {
    if (col.required && !(col.name in located.columns)) {
      out.push(issue('header.missing', 'error', headerExcelRow, col.name, '', `缺少必填列“${col.name}”，请按模板补上这一列`));
    }
  }
  // A column the user matched under another header: checked as that column; the header stays.
  // (With an official template, template.header asks for the template's text instead.)
  if (!profile.template) {
    for (const c of located.userMatched ?? []) {
      const col = located.byIndex[c];
      const cell = header[c] ?? '';
      if (!col || cell.trim() === col.name) continue;
      const shown = cell.trim() ? `“${headerLabel(cell).replace(/\s+/g, ' ')}”列` : `第 ${columnLetter(c)} 列`;
      out.push(issue('header.matched', 'info', headerExcelRow, col.name, cell, `${shown}按您的指定作为“${col.name}”校验；上传前最好把表头改为“${col.name}”`));
    }
  }
  // With an official template, the template's rules name the columns it lacks.
  if (profile.template) return out;
  for (const u of located.unknown) {
    out.push(issue('header.unknown', 'info', headerExcelRow, null, u.header, `“${u.header.replace(/\s+/g, ' ')}”不是模板中的列，将原样保留`));
  }
  return out;
}

export const rule = defineRule({
  scope: 'roster',
  info: [
    { id: 'header.missing', name: '缺少必填列', description: '模板的必填列须在表头中', severity: 'error' },
    { id: 'header.matched', name: '按指定核对的列', description: '表头与模板不同、由您在“核对列”中指定的列，按指定的列校验，只作提示', severity: 'info' },
    { id: 'header.unknown', name: '模板以外的列（原样保留）', description: '模板以外的列原样保留，只提示一次', severity: 'info' },
  ],
  check(roster, out) {
    out.push(...headerIssues(roster.located, roster.profile, roster.header));
  },
});
