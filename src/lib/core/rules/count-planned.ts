// Rule `count.planned`: no more attendees than the planned enrolment (notice 002: 项目举办时招生
// 人数原则上不得超过计划招生人数). A warning: 原则上.
import { issue } from './context';
import { defineRule } from './rule';
import { skippedIssue } from './project-skipped';

export const rule = defineRule({
  scope: 'project',
  info: [{ id: 'count.planned', name: '学员多于计划招生人数', description: '招生人数原则上不得超过计划招生人数（通知 002）', severity: 'warning' }],
  check({ settings, summary }, out) {
    const planned = settings.project?.planned;
    if (planned === undefined) {
      out.push(skippedIssue('学员人数是否超过计划', ['planned']));
      return;
    }
    if (summary.attendees <= planned) return;
    out.push(issue('count.planned', 'warning', null, null, String(summary.attendees), `学员 ${summary.attendees} 人，多于计划招生人数 ${planned} 人：招生人数原则上不得超过计划`));
  },
});
