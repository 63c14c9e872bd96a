// Rule `batch.daily`: no one is credited more than 2 credits on one day across projects (seed 001:
// 在同一天录入超过2分项目学习学分，不符合管理规定). Only a view across rosters sees it: the batch
// (core/batch.ts) spreads each project's credits over its days and raises it in each file concerned.
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'batch',
  info: [
    {
      id: 'batch.daily',
      name: '同一天学分超过 2 分',
      description: '同一人同一天在各项目获得的学分合计不超过 2 分（项目学分按举办天数平均计入每天；通知 001）；只在同时校验多份名单时核对',
      severity: 'error',
    },
  ],
});
