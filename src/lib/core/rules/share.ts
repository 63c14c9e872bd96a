// Rule `share.min`: out-of-province plus grassroots attendees ≥ 10% (notices 002, 003), national
// projects only. needMore is for recruiting next time, never a hint to alter data.
import type { Profile } from '../profile';
import type { Issue, Summary } from '../types';
import { issue } from './context';

/** The least k ≥ 0 with (qualifying + k) / (attendees + k) ≥ min. */
export function needMore(qualifying: number, attendees: number, min: number): number {
  if (attendees === 0 || qualifying / attendees >= min) return 0;
  let k = Math.max(0, Math.ceil((min * attendees - qualifying) / (1 - min)));
  // Guard against floating-point error on either side of the exact answer.
  while (k > 0 && (qualifying + k - 1) / (attendees + k - 1) >= min) k--;
  while ((qualifying + k) / (attendees + k) < min) k++;
  return k;
}

export function formatPercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

export function shareIssue(summary: Summary, profile: Profile): Issue | null {
  const { enabled, min } = profile.shareRule;
  if (!enabled || summary.attendees === 0 || summary.share >= min) return null;
  return issue(
    'share.min',
    'warning',
    null,
    null,
    formatPercent(summary.share),
    `外省及基层学员占 ${formatPercent(summary.share)}（${summary.outOfProvinceOrGrassroots}/${summary.attendees} 人），低于 ${formatPercent(min)}；如需达标，下期还需招收外省或基层学员 ${summary.needMore} 人`,
  );
}
