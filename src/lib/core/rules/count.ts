// Rule `count.range`: 50–1000 attendees (notice 002), 实操训练类 exempt. A consequence for the next
// application, so a warning; an empty roster is an error.
import type { Profile } from '../profile';
import type { Issue, Settings } from '../types';
import { issue } from './context';

export function countIssue(attendees: number, profile: Profile, settings: Settings): Issue | null {
  if (attendees === 0) return issue('count.range', 'error', null, null, '0', '名单中没有学员：请确认表头下方填有学员信息');
  const { min, max } = profile.attendeeRange;
  if (settings.practical || (attendees >= min && attendees <= max)) return null;
  const side = attendees < min ? `少于 ${min} 人` : `多于 ${max} 人`;
  return issue('count.range', 'warning', null, null, String(attendees), `学员 ${attendees} 人，${side}：非实操训练类项目下一年度不建议再次申报`);
}
