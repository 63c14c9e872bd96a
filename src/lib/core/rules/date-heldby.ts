// Rule `date.heldBy`: dates in a notice that hold for one year, e.g. 003: 2026 年国家级和市级继续
// 医学教育项目,应在 2026 年 12 月 25 日前举办完成. The dates are profile data (projectRules.heldBy),
// with their source. A warning, like every date rule.
import { issue } from './context';
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'date.heldBy', name: '举办时间晚于当年截止日', description: '当年的项目须在通知规定的日期前举办完成（如通知 003：2026 年 12 月 25 日前）', severity: 'warning' }],
  check({ settings, profile }, out) {
    const p = settings.project ?? {};
    const end = p.end ?? p.start;
    if (end === undefined) return;
    const year = Number((p.start ?? end).slice(0, 4));
    const limit = profile.projectRules.heldBy.find((h) => h.year === year);
    if (!limit || end <= limit.date) return;
    out.push(issue('date.heldBy', 'warning', null, null, end, `${year} 年的项目应在 ${limit.date} 前举办完成，项目结束日期为 ${end}，请核对`));
  },
});
