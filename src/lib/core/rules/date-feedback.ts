// Rule `date.feedback`: the execution report (with this roster) is due within 2 weeks after the
// event (notice 002; 003: 在项目举办结束后的 2 周内认真填报执行情况). A warning when the deadline
// has passed or is close; never an error, since it depends on today's date.
import { dayNumber } from '../dates';
import { issue } from './context';
import { defineRule } from './rule';
import { skippedIssue } from './project-skipped';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'date.feedback', name: '执行情况反馈期限', description: '项目结束后 2 周内须填报执行情况（通知 002、003）；已过期或不足 3 天时提醒', severity: 'warning' }],
  check({ settings, summary, profile }, out) {
    const end = settings.project?.end;
    if (end === undefined) {
      out.push(skippedIssue('执行情况反馈期限', ['end']));
      return;
    }
    const due = summary.feedbackDue;
    const dueDay = due === null ? null : dayNumber(due);
    const today = dayNumber(settings.today);
    if (due === null || dueDay === null || today === null) return;
    const left = dueDay - today;
    if (left > profile.projectRules.feedbackWarnDays) return;
    const message = left < 0
      ? `执行情况反馈截止日 ${due}（项目结束后 2 周内）已过 ${-left} 天，请尽快填报并联系继教管理部门`
      : `执行情况反馈截止日为 ${due}（项目结束后 2 周内），${left === 0 ? '就是今天' : `还剩 ${left} 天`}，请尽快填报`;
    out.push(issue('date.feedback', 'warning', null, null, due, message));
  },
});
