// Rule `credit.hours`: credits match the hours taught, 3 hours = 1 credit (notice 002: 填报时注意
// 学时学分匹配：3小时1学分). Credits above hours ÷ 3 are an error.
import { issue } from './context';
import { defineRule } from './rule';
import { skippedIssue } from './project-skipped';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'credit.hours', name: '学分与学时不匹配', description: '3 小时 1 学分：学分不能多于学时 ÷ 3（通知 002）', severity: 'error' }],
  check({ settings, profile }, out) {
    const p = settings.project ?? {};
    if (p.credits === undefined || p.hours === undefined) {
      out.push(skippedIssue('学分与学时是否匹配', [...(p.hours === undefined ? ['hours' as const] : []), ...(p.credits === undefined ? ['credits' as const] : [])]));
      return;
    }
    const per = profile.projectRules.hoursPerCredit.value;
    if (p.credits * per <= p.hours + 1e-9) return;
    const most = Math.floor((p.hours / per) * 10 + 1e-9) / 10;
    out.push(issue('credit.hours', 'error', null, null, String(p.credits), `授予 ${p.credits} 学分，而学时为 ${p.hours} 小时：按“${per}小时1学分”最多授予 ${most} 学分，请核对学时或学分`));
  },
});
