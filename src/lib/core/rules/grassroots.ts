// Rule `grassroots.suggest`: a unit whose name names a grassroots institution (乡镇卫生院, 社区卫生
// 服务中心 …) while 是否基层单位 says 否 or is empty. Only a suggestion: never assumed.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export function grassrootsKeyword(unit: string, keywords: readonly string[]): string | null {
  for (const k of keywords) if (unit.includes(k)) return k;
  return null;
}

export function suggestGrassroots(unit: string, current: string, keywords: readonly string[], column: string, row: number): Issue | null {
  const k = grassrootsKeyword(unit, keywords);
  if (k === null) return null;
  const found = issue('grassroots.suggest', 'info', row, column, current, `单位名称含“${k}”，可能是基层单位，请核实后填写“是”`);
  found.suggestion = '是';
  return found;
}

export const rule = defineRule({
  scope: 'row',
  info: [{ id: 'grassroots.suggest', name: '可能是基层单位', description: '单位名称含乡镇卫生院、社区卫生服务中心等字样而是否基层单位填“否”或未填：只作提示，不自动填写', severity: 'info' }],
  check(row, out) {
    const col = row.column('grassroots');
    if (!col) return;
    const unit = row.value('unit') ?? row.raw('unit');
    const empty = row.empty('grassroots');
    if (empty ? col.required : row.value('grassroots') !== '否') return;
    if (row.grassrootsKeyword(unit) === null) return;
    const found = suggestGrassroots(unit, row.raw('grassroots'), row.ctx.profile.grassrootsKeywords, col.name, row.row);
    if (found) out.push(found);
  },
});
