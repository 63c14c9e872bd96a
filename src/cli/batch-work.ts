// One roster's share of a batch: read, check, and keep only what the batch needs. Runs in the
// batch's worker threads (batch-worker.ts), or in the main thread when there are none.
import { readFileSync, statSync } from 'node:fs';
import { LocateError, type Issue, type Profile, type Settings } from '../lib/core/index';
import { peopleOf as rosterPeople, type BatchPerson } from '../lib/core/batch';
import { LARGE_CSV_BUDGET, ReadError, sizeError } from '../lib/io/read';
import { checkFile, type Checked } from '../lib/io/pipeline';
import { exportFileName } from '../lib/io/write';
import { formatPercent } from '../lib/core/rules/share';
import { verdictInput, type VerdictInput } from '../lib/core/verdict';
import { KEEP_ISSUES } from '../lib/core/files';

export { KEEP_ISSUES };

export type IssueOut = Pick<Issue, 'row' | 'column' | 'value' | 'message' | 'fix'> & { rule: string; severity: Issue['severity'] };

export interface FileHead {
  file: string;
  profile: string;
  sheet: string;
  headerRow: number;
  summary: { attendees: number; outOfProvince: number; grassroots: number; outOfProvinceOrGrassroots: number; share: number; shareText: string; needMore: number; errors: number; warnings: number };
  /** What the verdict is made of (core/verdict.ts); the batch adds its errors across rosters. */
  counts: VerdictInput;
}

/** What a roster leaves behind: its summary, its issues (null: too many to keep) and its people; or why it cannot be read. */
export type Processed = { error: string } | { head: FileHead; issues: IssueOut[] | null; people: BatchPerson[] };

export function fileHead(file: string, profile: Profile, c: Checked): FileHead {
  const s = c.roster.summary();
  const rule = profile.shareRule;
  return {
    file,
    profile: profile.id,
    sheet: c.located.sheetName,
    headerRow: c.located.headerRow + 1,
    summary: {
      attendees: s.attendees,
      outOfProvince: s.outOfProvince,
      grassroots: s.grassroots,
      outOfProvinceOrGrassroots: s.outOfProvinceOrGrassroots,
      share: s.share,
      shareText: formatPercent(s.share, rule.enabled ? rule.min : undefined),
      needMore: s.needMore,
      errors: s.errors,
      warnings: s.warnings,
    },
    counts: verdictInput(s, c.roster.rosterIssues(), { exportName: exportFileName(file.split(/[\\/]/).pop() ?? file, c.workbook.format), csv: c.workbook.format === 'csv' }),
  };
}

export const lite = (i: Issue): IssueOut => ({ rule: i.rule, severity: i.severity, row: i.row, column: i.column, value: i.value, message: i.message, fix: i.fix });

/** The people of a checked roster, as the batch needs them. */
const peopleOf = (c: Checked): BatchPerson[] => rosterPeople(c.roster, c.located);

/** Read and check one roster: bytes → Checked, or the sentence why it cannot be read. */
export function checkBytes(bytes: Uint8Array | { error: string }, profile: Profile, settings: Settings, retain = false): Checked | { error: string } {
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    return checkFile(bytes, profile, settings, { budget: LARGE_CSV_BUDGET, roster: { retainIssues: retain } });
  } catch (e) {
    if (e instanceof ReadError || e instanceof LocateError) return { error: e.message };
    throw e;
  }
}

export function processRoster(bytes: Uint8Array | { error: string }, file: string, profile: Profile, settings: Settings): Processed {
  const c = checkBytes(bytes, profile, settings);
  if ('error' in c) return c;
  const issues: IssueOut[] = [];
  let count = 0;
  for (const i of c.roster.eachIssue()) {
    if (++count > KEEP_ISSUES) break;
    issues.push(lite(i));
  }
  return { head: fileHead(file, profile, c), issues: count > KEEP_ISSUES ? null : issues, people: peopleOf(c) };
}

/** A roster file's bytes, refused before reading when it is too large; or why there are none. */
export function loadFile(path: string): Uint8Array | { error: string } {
  try {
    // Refused before it is read: a file of gigabytes must not be loaded only to be refused.
    const tooLarge = sizeError(statSync(path).size, LARGE_CSV_BUDGET);
    if (tooLarge) return { error: tooLarge.message };
    return readFileSync(path);
  } catch {
    return { error: '找不到文件或无法打开' };
  }
}

/** processRoster that never throws: a file that breaks the engine is listed like an unreadable one. */
export function processSafely(bytes: Uint8Array | { error: string }, file: string, profile: Profile, settings: Settings): Processed {
  try {
    return processRoster(bytes, file, profile, settings);
  } catch {
    return { error: '读取这个文件时程序出错，无法校验；请在 Excel 中打开并另存为 .xlsx 后再试' };
  }
}
