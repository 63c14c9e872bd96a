// Rule `template.mismatch`: the roster's header differs from the official template the active
// profile was derived from (io/template.ts). The reporting system may refuse such an upload, so the
// user gets one note (提示) naming the columns that differ; the checks themselves still run on every
// column found, as they do for any header.
import { headerIndex, headerKeys, headerLabel, type Located } from '../locate';
import { matchKey } from '../normalize';
import type { Profile } from '../profile';
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

/** Column names listed in the note, at most, per kind of difference. */
const MAX_NAMED = 10;

const quoted = (names: readonly string[]) =>
  names.length <= MAX_NAMED ? names.map((n) => `“${n}”`).join('') : `${names.slice(0, MAX_NAMED).map((n) => `“${n}”`).join('')}等 ${names.length} 列`;

/**
 * One `template.mismatch` note when the profile comes from a template and `header` (the roster's
 * header row as read) does not name the template's columns in the template's order; none otherwise.
 */
export function templateIssues(located: Located, header: readonly string[], profile: Profile): Issue[] {
  const template = profile.template;
  if (!template) return [];
  const index = headerIndex(profile);
  const canonical = (label: string) => {
    for (const k of headerKeys(label)) {
      const col = index.get(k);
      if (col) return col.name;
    }
    return null;
  };
  const expected = template.columns.map((label) => ({ label, key: matchKey(label), column: canonical(label) }));
  const actual: { label: string; key: string; column: string | null }[] = [];
  header.forEach((cell, c) => {
    if (!cell || !cell.trim()) return;
    const label = headerLabel(cell);
    actual.push({ label, key: matchKey(label), column: located.byIndex[c]?.name ?? null });
  });
  const expectedKeys = new Set(expected.map((e) => e.key));
  const actualKeys = new Set(actual.map((a) => a.key));
  const missing = expected.filter((e) => !actualKeys.has(e.key));
  const extra = actual.filter((a) => !expectedKeys.has(a.key));
  // A column under another name (an alias such as 身份证号 for 证件号码) is one difference, not two.
  const renamed: string[] = [];
  const renamedExpected = new Set<string>();
  const renamedActual = new Set<string>();
  for (const a of extra) {
    const e = a.column === null ? undefined : missing.find((m) => m.column === a.column && !renamedExpected.has(m.key));
    if (!e) continue;
    renamed.push(`“${a.label}”（模板为“${e.label}”）`);
    renamedExpected.add(e.key);
    renamedActual.add(a.key);
  }
  const absent = missing.filter((m) => !renamedExpected.has(m.key)).map((m) => m.label);
  const unknown = extra.filter((a) => !renamedActual.has(a.key)).map((a) => a.label);
  const parts: string[] = [];
  if (absent.length > 0) parts.push(`缺少${quoted(absent)}`);
  if (unknown.length > 0) parts.push(`模板中没有${quoted(unknown)}`);
  if (renamed.length > 0) parts.push(`列名不同：${renamed.slice(0, MAX_NAMED).join('、')}${renamed.length > MAX_NAMED ? `等 ${renamed.length} 列` : ''}`);
  const differing = [...absent, ...unknown, ...renamed];
  if (parts.length === 0) {
    const order = actual.filter((a) => expectedKeys.has(a.key)).map((a) => a.key);
    if (order.length === expected.length && order.every((k, i) => k === expected[i]?.key)) return [];
    parts.push('列的顺序与模板不同');
  }
  const value = differing.length > 0 ? [...absent, ...unknown, ...extra.filter((a) => renamedActual.has(a.key)).map((a) => a.label)].slice(0, MAX_NAMED).join('、') : '';
  return [issue('template.mismatch', 'info', located.headerRow + 1, null, value, `表头与官方模板不一致（${parts.join('；')}），上传时可能被系统拒绝，请按模板调整表头`)];
}

export const rule = defineRule({
  scope: 'roster',
  info: [
    {
      id: 'template.mismatch',
      name: '表头与官方模板不一致',
      description: '按官方空白模板校验时，表头的列名和顺序须与模板一致，否则上传时可能被系统拒绝',
      severity: 'info',
    },
  ],
  check(roster, out) {
    out.push(...templateIssues(roster.located, roster.header, roster.profile));
  },
});
