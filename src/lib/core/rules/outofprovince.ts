// Rule `share.outOfProvince`: notice 003 reads the national share as recruitment from outside the
// province ("面向全国招收的学员占比不低于 10%"), while 002 counts out-of-province and grassroots
// attendees together. The ≥10% rule stays on the union (share.min); a national project whose
// out-of-province share alone is below it gets a note in 003's words.
import { issue } from './context';
import { defineRule } from './rule';
import { formatPercent, formatThreshold } from './share';

export const rule = defineRule({
  scope: 'roster',
  info: [{ id: 'share.outOfProvince', name: '外省学员占比', description: '通知 003：国家级项目“面向全国招收的学员占比不低于 10%”；只计外省学员不足时提示', severity: 'info' }],
  check({ summary: s, profile }, out) {
    const { enabled, min } = profile.shareRule;
    if (!enabled || s.attendees === 0 || s.outOfProvinceShare >= min) return;
    out.push(
      issue(
        'share.outOfProvince',
        'info',
        null,
        null,
        formatPercent(s.outOfProvinceShare, min),
        `只计外省学员占 ${formatPercent(s.outOfProvinceShare, min)}（${s.outOfProvince}/${s.attendees} 人）。2026 年通知要求国家级项目“面向全国招收的学员占比不低于 ${formatThreshold(min)}”，如按此要求，下期还需招收外省学员 ${s.needMoreOutOfProvince} 人`,
      ),
    );
  },
});
