// The report's 签到核对 sheet and the command line's JSON counts: every sign-in finding with the
// rows of both files, and the counts; ID and phone digits masked when the report is.
import type { FileRow, Issue } from '../types';
import { SEVERITY_TEXT } from '../types';
import { ruleName } from '../rules/index';
import { maskDigitsInMessage } from '../report';
import type { Reconciliation, SigninCounts } from './reconcile';

export type { SigninCounts };

export function signinCounts(r: Reconciliation): SigninCounts {
  return { files: r.files, people: r.people, matched: r.matched, missing: r.missing, absent: r.absent, unsure: r.unsure };
}

/** The sign-in part of a report: counts and findings (with the user's decisions, when any). */
export interface SigninReport {
  counts: SigninCounts;
  rosterPeople: number;
  issues: readonly Issue[];
  /** The user's decisions, as sentences (“签到表.xlsx 第 19 行：是名单第 36 行”). */
  decisions?: readonly string[];
}

/** "签到表.xlsx 第 3、5 行；刷卡记录.csv 第 22 行" */
function where(refs: readonly FileRow[]): string {
  const byFile = new Map<string, number[]>();
  for (const r of refs) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r.row]);
  return [...byFile].map(([f, rows]) => `${f} 第 ${[...new Set(rows)].sort((a, b) => a - b).join('、')} 行`).join('；');
}

export function signinRows(s: SigninReport, rosterFile: string, mask: boolean): (string | number)[][] {
  const c = s.counts;
  const rows: (string | number)[][] = [
    ['签到核对'],
    ['签到文件', c.files.join('、')],
    ['签到人数', c.people],
    ['名单人数（同一证件号码只计一人）', s.rosterPeople],
    ['与名单对上的人数', c.matched],
    ['签到了但名单中没有', c.missing],
    ['名单中有但没有签到', c.absent],
    ['无法确定是谁', c.unsure],
    ...(s.decisions ?? []).map((d) => ['您的决定', d]),
    [],
    ['级别', '问题', `名单行号（${rosterFile}）`, '签到记录所在行', '姓名', '说明'],
  ];
  for (const i of s.issues) {
    const refs = i.refs ?? (i.source ? [i.source] : []);
    rows.push([SEVERITY_TEXT[i.severity], ruleName(i.rule), i.row ?? '', where(refs.filter((r) => r.file !== rosterFile)), i.value, maskDigitsInMessage(i.message, mask)]);
  }
  return rows;
}
