// Rule `credit.daily`: at most 2 credits a day of the event (notice 001: 分次刷卡授分-2学分/天;
// 004: 每天授予2学分，检查证书天数与分数是否匹配).
import { dayNumber } from '../dates';
import { issue } from './context';
import { defineRule } from './rule';
import { skippedIssue } from './project-skipped';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'credit.daily', name: '每天学分超过上限', description: '每天最多授予 2 学分：学分不能多于举办天数 × 2（通知 001、004）', severity: 'error' }],
  check({ settings, profile }, out) {
    const p = settings.project ?? {};
    if (p.credits === undefined || p.start === undefined || p.end === undefined) {
      const missing = (['start', 'end', 'credits'] as const).filter((k) => p[k] === undefined);
      out.push(skippedIssue('每天的学分', missing));
      return;
    }
    const a = dayNumber(p.start);
    const b = dayNumber(p.end);
    if (a === null || b === null || b < a) return;
    const days = b - a + 1;
    const per = profile.projectRules.creditsPerDay.value;
    if (p.credits <= days * per) return;
    out.push(issue('credit.daily', 'error', null, null, String(p.credits), `举办 ${days} 天（${p.start} 至 ${p.end}），每天最多 ${per} 学分，最多授予 ${days * per} 学分，现为 ${p.credits} 学分`));
  },
});
