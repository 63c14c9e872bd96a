// Rule `credit.max`: at most 10 credits a project, 3 for a remote one (notice 002: 每个项目不超过10
// 学分，远程项目不超过3学分). A 面授+远程 project follows the 10-credit limit.
import { issue } from './context';
import { defineRule } from './rule';
import { skippedIssue } from './project-skipped';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'credit.max', name: '学分超过上限', description: '每个项目不超过 10 学分，远程项目不超过 3 学分（通知 002）', severity: 'error' }],
  check({ settings, profile }, out) {
    const p = settings.project ?? {};
    if (p.credits === undefined) {
      out.push(skippedIssue('学分上限', ['credits']));
      return;
    }
    const { maxCredits, maxCreditsRemote } = profile.projectRules;
    const remote = p.mode === '远程';
    const max = remote ? maxCreditsRemote.value : maxCredits.value;
    if (p.credits > max) {
      out.push(issue('credit.max', 'error', null, null, String(p.credits), `授予 ${p.credits} 学分，超过${remote ? '远程项目' : '每个项目'}的上限 ${max} 学分`));
    } else if (p.mode === undefined && p.credits > maxCreditsRemote.value) {
      out.push(skippedIssue(`远程项目 ${maxCreditsRemote.value} 学分的上限`, ['mode']));
    }
  },
});
