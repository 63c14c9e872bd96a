// Rules `signin.*`: the roster against the sign-in or attendance record (issue #20). The findings
// are made by core/attendance/reconcile.ts, which sees both; here are their names and descriptions.
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'attendance',
  info: [
    { id: 'signin.missing', name: '签到了但名单中没有', description: '签到记录中有、学员通讯录中没有的人：学员通讯录有遗漏（通知 001：学员通讯录无遗漏）；不会替名单编造内容', severity: 'error' },
    { id: 'signin.absent', name: '名单中有但没有签到', description: '名单中有、签到记录中没有的人：请核实是否实际参加（通知 001：按实际参培人数刷卡，不得代刷卡、代签到）', severity: 'warning' },
    { id: 'signin.early', name: '提前刷卡/签到', description: '早于项目开始时间（项目设置的开始日期，写了时间则按时间）的签到或刷卡（通知 001：杜绝提前刷卡）', severity: 'error' },
    { id: 'signin.daily', name: '一天刷卡超过 2 次', description: '同一人一天刷卡超过 2 次（5 分钟内的多次刷卡只计一次），或一天签到超过 2 场（通知 001：一天刷卡次数不超过 2 次）', severity: 'error' },
    { id: 'signin.short', name: '参加时间不足 80%', description: '签退减签到的时间或观看时长，不足当天学时（项目学时按举办天数平均）的 80%（学分平台：参会时长不足 80% 不授分）', severity: 'warning' },
    { id: 'signin.count', name: '签到人数与名单人数', description: '签到人数与名单人数及相差的人数（学分审核会比对签到表识别人数与授分人员名单人数）', severity: 'info' },
    { id: 'signin.unsure', name: '无法确定是谁', description: '只写了姓名，或与名单中不止一人相符的签到记录：列出可能的名单行，由您确定，不会猜测', severity: 'info' },
  ],
});
