// Rule `share.min`: out-of-province plus grassroots attendees ≥ 10% (notices 002, 003), national
// projects only, counted in people. needMore is for recruiting next time, never a hint to alter data.
import type { Profile } from '../profile';
import type { Issue, Summary } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

/** The least k ≥ 0 with (qualifying + k) / (attendees + k) ≥ min. */
export function needMore(qualifying: number, attendees: number, min: number): number {
  if (attendees === 0 || qualifying / attendees >= min) return 0;
  let k = Math.max(0, Math.ceil((min * attendees - qualifying) / (1 - min)));
  // Guard against floating-point error on either side of the exact answer.
  while (k > 0 && (qualifying + k - 1) / (attendees + k - 1) >= min) k--;
  while ((qualifying + k) / (attendees + k) < min) k++;
  return k;
}

/**
 * A share as text, one decimal, cut rather than rounded, so that no share is ever shown at or above
 * a threshold it is below ("8.3%" for 4/48). Just under a given threshold, two decimals show how
 * close it is: 200 of 2,001 (9.995%) against 10% is "9.99%", never "10.0%".
 */
export function formatPercent(share: number, threshold?: number): string {
  const near = threshold !== undefined && share < threshold && share >= threshold - 0.001;
  const digits = near ? 2 : 1;
  const unit = 10 ** digits;
  // The epsilon undoes binary error (0.29 * 1000 = 289.99999999999994); real shares are k/n with
  // n far below 10^6, so it never lifts a share across a step.
  let shown = Math.floor(share * 100 * unit + 1e-6) / unit;
  if (threshold !== undefined && share < threshold) shown = Math.min(shown, (Math.round(threshold * 100 * unit) - 1) / unit);
  return `${shown.toFixed(digits)}%`;
}

/** The threshold itself as text: "10%". */
export function formatThreshold(min: number): string {
  return `${Math.round(min * 10000) / 100}%`;
}

export function shareIssue(summary: Summary, profile: Profile): Issue | null {
  const { enabled, min } = profile.shareRule;
  if (!enabled || summary.attendees === 0 || summary.share >= min) return null;
  return issue(
    'share.min',
    'warning',
    null,
    null,
    formatPercent(summary.share, min),
    `外省及基层学员占 ${formatPercent(summary.share, min)}（${summary.outOfProvinceOrGrassroots}/${summary.attendees} 人），低于 ${formatThreshold(min)}；如需达标，下期还需招收外省或基层学员 ${summary.needMore} 人`,
  );
}

export const rule = defineRule({
  scope: 'roster',
  info: [{ id: 'share.min', name: '外省及基层学员占比', description: '国家级项目外省学员和基层学员（每人只计一次）占全部学员不低于 10%，否则下一年度不建议再次申报（通知 002）', severity: 'warning' }],
  check(roster, out) {
    const found = shareIssue(roster.summary, roster.profile);
    if (found) out.push(found);
  },
});
