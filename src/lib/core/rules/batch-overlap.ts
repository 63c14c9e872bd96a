// Rule `batch.overlap`: a person whose attendance in two projects overlaps in time (credit
// platforms refuse 考勤时间与其他项目重叠). Only a batch with sign-in files sees it: each project's
// first-to-last time of the day is compared (core/attendance/reconcile.ts, overlaps()).
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'batch',
  info: [
    {
      id: 'batch.overlap',
      name: '考勤时间与其他项目重叠',
      description: '同一人同一天在两个项目的考勤时间（当天第一次到最后一次签到、刷卡）有重叠（学分平台不授分）；只在批量校验且项目清单给了签到文件时核对',
      severity: 'error',
    },
  ],
});
