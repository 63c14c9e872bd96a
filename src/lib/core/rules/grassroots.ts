// Rule `grassroots.suggest`: a unit whose name names a grassroots institution (乡镇卫生院, 社区卫生
// 服务中心 …) while 是否基层单位 says 否 or is empty. Only a suggestion: never assumed.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule, type RowView } from './rule';

/** The value of 是否基层单位 that makes a person grassroots (the dictionary's yes). */
const YES = '是';

export function grassrootsKeyword(unit: string, keywords: readonly string[]): string | null {
  for (const k of keywords) if (unit.includes(k)) return k;
  return null;
}

/** Units repeat a lot: the answers of grassrootsKeyword, by the profile's keyword list. */
const keywordCache = new WeakMap<readonly string[], Map<string, string | null>>();

/** grassrootsKeyword with the row's profile keywords, cached (units repeat a lot). */
export function unitKeyword(row: RowView, unit: string): string | null {
  const keywords = row.ctx.profile.grassrootsKeywords;
  let cache = keywordCache.get(keywords);
  if (cache === undefined) keywordCache.set(keywords, (cache = new Map()));
  let k = cache.get(unit);
  if (k === undefined) {
    if (cache.size > 50_000) cache.clear();
    k = grassrootsKeyword(unit, keywords);
    cache.set(unit, k);
  }
  return k;
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
    // The fact the people counts and the share read: this rule's column says the person is grassroots.
    row.facts.grassroots = row.value('grassroots') === YES;
    const col = row.column('grassroots');
    if (!col) return;
    const unit = row.value('unit') ?? row.raw('unit');
    const empty = row.empty('grassroots');
    if (empty ? col.required : row.value('grassroots') !== '否') return;
    if (unitKeyword(row, unit) === null) return;
    const found = suggestGrassroots(unit, row.raw('grassroots'), row.ctx.profile.grassrootsKeywords, col.name, row.row);
    if (found) out.push(found);
  },
});
