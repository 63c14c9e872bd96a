// Rule `count.jjj`: a Beijing 京津冀 mutual-recognition project plans 100 attendees or more, unless
// it is 实操训练类 (notice 002). The notice sets it on 拟招生人数: checked on `planned` when given,
// otherwise on the attendees.
import { issue } from './context';
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'count.jjj', name: '京津冀互认项目人数不足', description: '京津冀互认项目拟招生人数应为 100 人以上，实操训练类项目除外（通知 002）', severity: 'warning' }],
  check({ settings, summary, profile }, out) {
    const p = settings.project ?? {};
    if (p.jjj !== true || settings.practical) return;
    const min = profile.projectRules.jjjMinPlanned.value;
    const n = p.planned ?? summary.attendees;
    if (n >= min) return;
    const what = p.planned !== undefined ? `拟招生人数为 ${n} 人` : `名单中学员 ${n} 人（项目设置中没有拟招生人数）`;
    out.push(issue('count.jjj', 'warning', null, null, String(n), `京津冀互认项目拟招生人数应为 ${min} 人以上，${what}；实操训练类项目不受此限`));
  },
});
