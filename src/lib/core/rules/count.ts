// Rule `count.range`: 50–1000 attendees (notice 002), 实操训练类 exempt. A consequence for the next
// application, so a warning; an empty roster is an error.
import type { Profile } from '../profile';
import type { Issue, Settings } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export function countIssue(attendees: number, profile: Profile, settings: Settings): Issue | null {
  if (attendees === 0) return issue('count.range', 'error', null, null, '0', '名单中没有学员：请确认表头下方填有学员信息');
  const { min, max } = profile.attendeeRange;
  if (settings.practical || (attendees >= min && attendees <= max)) return null;
  const side = attendees < min ? `少于 ${min} 人` : `多于 ${max} 人`;
  return issue('count.range', 'warning', null, null, String(attendees), `学员 ${attendees} 人，${side}：非实操训练类项目下一年度不建议再次申报`);
}

export const rule = defineRule({
  scope: 'roster',
  info: [{ id: 'count.range', name: '学员人数', description: '学员人数在 50–1000 人之间（实操训练类项目除外），否则下一年度不建议再次申报（通知 002）', severity: 'warning' }],
  check(roster, out) {
    const found = countIssue(roster.summary.attendees, roster.profile, roster.settings);
    if (found) out.push(found);
  },
});
