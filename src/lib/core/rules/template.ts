// Rules `template.*`: with an official template loaded (a profile derived from the blank template,
// io/template.ts), the reporting system imports by the template's header and layout, so the roster's
// header must be the template's: a header cell that is not the template's exact text is an error
// whose fix writes that text into the header cell; a template column missing, the columns in
// another order, or a column the template lacks inside the template's columns is an error with no
// fix and one sentence on what to do in Excel; a column after the template's last is a note. The
// checks themselves run on the columns as matched (header, alias or the user's match).
import { headerIndex, headerKeys, headerLabel, type Located } from '../locate';
import { columnLetter } from '../columns';
import type { Profile } from '../profile';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

/** Extra columns reported one by one, at most; more are counted in one issue. */
const MAX_NAMED = 20;

const MOVE = '请在 Excel 中选中该列的列标，剪切后在正确位置右键选“插入剪切的单元格”';

/** How a sheet column is named in a message: its header, or its letter when blank. */
function named(header: readonly string[], c: number): string {
  const h = (header[c] ?? '').trim();
  return h ? `“${headerLabel(h).replace(/\s+/g, ' ')}”列` : `第 ${columnLetter(c)} 列（没有表头）`;
}

/** The template's issues of this roster's header; none when the profile has no template. */
export function templateIssues(located: Located, header: readonly string[], profile: Profile): Issue[] {
  const template = profile.template;
  if (!template) return [];
  const out: Issue[] = [];
  const row = located.headerRow + 1;
  const index = headerIndex(profile);
  const canonical = (label: string): string | null => {
    for (const k of headerKeys(label)) {
      const col = index.get(k);
      if (col) return col.name;
    }
    return null;
  };
  // The template's columns, in its order: profile column, the exact text its header cell has.
  const expected: { column: string; text: string }[] = [];
  template.columns.forEach((label, i) => {
    const column = canonical(label);
    if (column === null || expected.some((e) => e.column === column)) return;
    expected.push({ column, text: template.cells?.[i]?.trim() || label });
  });
  const expectedNames = new Set(expected.map((e) => e.column));
  const positions: number[] = [];
  for (const e of expected) {
    const c = located.columns[e.column];
    if (c === undefined) {
      if (!profile.columns.find((x) => x.name === e.column)?.required) {
        out.push(issue('template.missing', 'error', row, e.column, '', `缺少模板中的“${e.text.replace(/\s+/g, ' ')}”列：上传时系统按模板的列读取，请在 Excel 中按模板的位置插入这一列`));
      }
      continue;
    }
    positions.push(c);
    const cell = (header[c] ?? '').trim();
    // Without the template's cells (a profile saved before they were kept), notes and markers aside.
    const same = template.cells ? cell === e.text : headerLabel(cell) === headerLabel(e.text);
    if (!same) {
      out.push(issue('template.header', 'error', row, e.column, header[c] ?? '', `表头${named(header, c)}与官方模板不一致，上传时可能被系统拒绝：校正文件将表头改为模板的“${e.text.replace(/\s+/g, ' ')}”`, e.text));
    }
  }
  if (positions.some((c, i) => i > 0 && c < (positions[i - 1] as number))) {
    out.push(issue('template.order', 'error', row, null, '', `列的顺序与官方模板不同，上传时系统按模板的顺序读取：${MOVE}，使各列与模板顺序一致`));
  }
  if (positions.length === 0) return out;
  const first = Math.min(...positions);
  const last = Math.max(...positions);
  const width = Math.max(header.length, located.byIndex.length);
  const inside: number[] = [];
  const after: number[] = [];
  for (let c = first; c < width; c++) {
    const col = located.byIndex[c];
    if (col && expectedNames.has(col.name)) continue;
    const blank = !(header[c] ?? '').trim();
    if (c < last) inside.push(c);
    else if (!blank) after.push(c);
  }
  for (const c of inside.slice(0, MAX_NAMED)) {
    out.push(issue('template.extra', 'error', row, null, header[c] ?? '', `${named(header, c)}不在官方模板中，夹在模板的列之间，上传时会使后面的列错位：请在 Excel 中删去这一列，或把它剪切到模板最后一列之后`));
  }
  if (inside.length > MAX_NAMED) out.push(issue('template.extra', 'error', row, null, '', `另有 ${inside.length - MAX_NAMED} 列不在官方模板中，夹在模板的列之间：请在 Excel 中删去，或移到模板最后一列之后`));
  for (const c of after.slice(0, MAX_NAMED)) {
    out.push(issue('template.after', 'info', row, null, header[c] ?? '', `${named(header, c)}不在官方模板中，位于模板的列之后，将原样保留`));
  }
  if (after.length > MAX_NAMED) out.push(issue('template.after', 'info', row, null, '', `另有 ${after.length - MAX_NAMED} 列不在官方模板中，位于模板的列之后，将原样保留`));
  return out;
}

export const rule = defineRule({
  scope: 'roster',
  info: [
    { id: 'template.header', name: '表头与官方模板不一致（可自动修正）', description: '按官方空白模板校验时，每列的表头须与模板的文字完全一致（系统按模板的表头导入）；校正文件把表头改为模板的文字', severity: 'error' },
    { id: 'template.missing', name: '缺少官方模板中的列', description: '按官方空白模板校验时，模板的每一列都须在名单中', severity: 'error' },
    { id: 'template.order', name: '列的顺序与官方模板不同', description: '按官方空白模板校验时，各列须按模板的顺序排列（系统按模板的位置读取）；须在 Excel 中调整', severity: 'error' },
    { id: 'template.extra', name: '模板的列之间多出的列', description: '按官方空白模板校验时，模板的列之间不能有模板以外的列或空列，否则后面的列会错位；须在 Excel 中删去或移到最后', severity: 'error' },
    { id: 'template.after', name: '模板的列之后多出的列（原样保留）', description: '按官方空白模板校验时，模板最后一列之后的列原样保留，只作提示', severity: 'info' },
  ],
  check(roster, out) {
    out.push(...templateIssues(roster.located, roster.header, roster.profile));
  },
});
