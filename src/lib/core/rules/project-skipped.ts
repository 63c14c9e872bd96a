// Rule `project.skipped`: a project rule that needs a setting the user did not give is skipped,
// and says so once (only when project settings were given at all). Raised by the project rules.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'shared',
  about: 'project',
  info: [{ id: 'project.skipped', name: '缺少项目设置，未核对', description: '项目设置中缺少某项核对所需的信息时，说明哪一项没有核对', severity: 'info' }],
});

/** Chinese names of the project settings, for messages. */
export const SETTING_NAMES = {
  mode: '举办形式',
  start: '开始日期',
  end: '结束日期',
  hours: '学时',
  credits: '学分',
  planned: '拟招生人数',
  jjj: '是否京津冀互认项目',
  practical: '是否实操训练类',
} as const;

export function skippedIssue(what: string, missing: readonly (keyof typeof SETTING_NAMES)[]): Issue {
  return issue('project.skipped', 'info', null, null, '', `项目设置中没有${missing.map((m) => SETTING_NAMES[m]).join('、')}，未核对${what}`);
}
