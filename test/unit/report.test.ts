import { describe, expect, it } from 'vitest';
import { REPORT_MAX_ISSUES, builtinProfile, issueRows, summaryRows, summaryText, type Issue, type ReportInput } from '../../src/lib/core/index';
import { check, row } from './helpers';

/** A report input over `n` made-up phone issues, as a lazy sequence (what the command line passes). */
function input(n: number): ReportInput {
  const issues = function* (): Generator<Issue> {
    for (let i = 0; i < n; i++) yield { rule: 'phone.format', severity: 'error', row: i + 2, column: '手机号码', value: '123', message: '手机号码应为11位数字', fix: null };
  };
  const base = check([row()]);
  return {
    fileName: 'x.xlsx', sha256: 'ab', sheetName: 'Sheet1', headerRow: 1, profile: builtinProfile('national'), settings: base.roster.settings,
    summary: { ...base.summary, errors: n, warnings: 0, infos: 0 }, issues: issues(), mask: false, generatedAt: '2026-11-22T00:00:00Z',
  };
}

describe('report limits', () => {
  it('lists every issue up to the limit, and says nothing of a limit then', () => {
    const r = input(REPORT_MAX_ISSUES);
    expect(issueRows(r)).toHaveLength(REPORT_MAX_ISSUES + 1);
    expect(summaryRows(input(REPORT_MAX_ISSUES)).flat().join()).not.toContain('只列出');
  });

  it('cuts the issue sheet at the limit and says so on the summary sheet', () => {
    const rows = issueRows(input(REPORT_MAX_ISSUES + 5));
    expect(rows).toHaveLength(REPORT_MAX_ISSUES + 1);
    expect(rows.at(-1)?.[0]).toBe(REPORT_MAX_ISSUES + 1);
    expect(summaryRows(input(REPORT_MAX_ISSUES + 5))).toContainEqual(['问题清单', `共 ${REPORT_MAX_ISSUES + 5} 处问题，只列出前 ${REPORT_MAX_ISSUES} 处`]);
  });

  it('prints at most the given number of issues as text, and how many more there are', () => {
    const r = input(12);
    const text = summaryText('x.xlsx', 'Sheet1', 1, r.profile, r.summary, r.issues, 10);
    expect(text.split('\n').filter((l) => l.startsWith('  [错误]'))).toHaveLength(10);
    expect(text).toContain('另有 2 处问题未列出');
    const all = input(10);
    expect(summaryText('x.xlsx', 'Sheet1', 1, all.profile, all.summary, all.issues, 10)).not.toContain('另有');
  });
});
