// The pure engine's public face: locate a roster in a workbook and check it.
import type { Profile } from './profile';
import type { RawWorkbook, Settings } from './types';
import { locate, type LocateOptions, type Located } from './locate';
import { Roster, type RosterOptions } from './check';

export * from './types';
export { locate, LocateError, type LocateOptions, type Located } from './locate';
export { Roster, type RosterOptions } from './check';
export { applyFixes } from './fix';
export { BUILTIN_PROFILES, builtinProfile, profileFromJson, extendProfile, ProfileError, type Profile } from './profile';
export { summaryRows, issueRows, summaryText, afterFixesText, printable, issueTotal, REPORT_MAX_ISSUES, TEXT_MAX_ISSUES, maskCode, maskPhone, type ReportInput } from './report';
export { needMore, formatPercent, formatThreshold } from './rules/share';
export { RULES, RULE_INFO, RULE_NAMES, ruleInfo, ruleName, ruleScope, isProjectRule, rulesTable } from './rules/index';
export type { Rule, RuleInfo } from './rules/rule';
export { parseProjectSettings, ProjectError, PROJECT_KEYS } from './project';

export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function defaultSettings(profile: Profile, overrides: Partial<Settings> = {}): Settings {
  return { hostProvince: profile.hostProvince, practical: false, today: todayIso(), ...overrides };
}

/**
 * Locate the roster sheet (or the one `where.sheet` names) and check it. Throws LocateError when
 * no sheet has a roster header, or the named sheet is missing or has none.
 */
export function analyze(workbook: RawWorkbook, profile: Profile, settings: Settings, options?: RosterOptions, where?: LocateOptions): { located: Located; roster: Roster } {
  const located = locate(workbook, profile, where);
  const sheet = workbook.sheets[located.sheetIndex];
  if (!sheet) throw new Error('located sheet is missing');
  return { located, roster: new Roster(sheet, located, profile, settings, options) };
}
