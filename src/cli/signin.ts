// --signin FILE (repeatable): the roster against its sign-in or attendance records (issue #20).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { printable, type Issue, type Summary } from '../lib/core/index';
import type { SignRecord } from '../lib/core/attendance/columns';
import { rosterPeople } from '../lib/core/attendance/people';
import { reconcile, type Reconciliation } from '../lib/core/attendance/reconcile';
import { signinCounts, type SigninReport } from '../lib/core/attendance/report';
import { AttendanceError, readAttendanceFile } from '../lib/io/attendance';
import { LARGE_CSV_BUDGET, sizeError } from '../lib/io/read';
import type { Checked } from '../lib/io/pipeline';

/** The records of the sign-in files, or the one Chinese line of the first that cannot be read. */
export function readSigninFiles(paths: readonly string[]): { files: string[]; records: SignRecord[] } | { path: string; error: string } {
  const records: SignRecord[] = [];
  const files: string[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      const tooLarge = sizeError(statSync(path).size, LARGE_CSV_BUDGET);
      if (tooLarge) return { path, error: `签到文件：${tooLarge.message}` };
      bytes = readFileSync(path);
    } catch {
      return { path, error: '找不到签到文件或无法打开' };
    }
    const name = basename(path);
    try {
      records.push(...readAttendanceFile(bytes, name, LARGE_CSV_BUDGET).records);
    } catch (e) {
      if (!(e instanceof AttendanceError)) throw e;
      return { path, error: `签到文件：${e.message}` };
    }
    files.push(name);
  }
  return { files, records };
}

/** The reconciliation of a checked roster with the records read. */
export function reconcileChecked(rosterFile: string, checked: Checked, read: { files: string[]; records: SignRecord[] }): Reconciliation {
  const { people, hasIdColumn } = rosterPeople(checked.roster, checked.located);
  return reconcile({ rosterFile, people, hasIdColumn, files: read.files, records: read.records, project: checked.roster.settings.project });
}

/** The summary with the sign-in findings counted like any issue (so the exit code follows them). */
export function withSignin(s: Summary, issues: readonly Issue[]): Summary {
  const n = (sev: Issue['severity']) => issues.filter((i) => i.severity === sev).length;
  return { ...s, errors: s.errors + n('error'), warnings: s.warnings + n('warning'), infos: s.infos + n('info'), afterFixes: { errors: s.afterFixes.errors + n('error'), warnings: s.afterFixes.warnings + n('warning') } };
}

export function signinReport(r: Reconciliation): SigninReport {
  return { counts: signinCounts(r), rosterPeople: r.rosterPeople, issues: r.issues };
}

/** The line the text summary adds. */
export function signinLine(r: Reconciliation): string {
  return printable(`签到核对（${r.files.join('、')}）：签到 ${r.people} 人，与名单对上 ${r.matched} 人；签到了但名单中没有 ${r.missing} 人，名单中有但没有签到 ${r.absent} 人，无法确定是谁 ${r.unsure} 人`);
}
