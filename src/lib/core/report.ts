// The report: plain rows for a summary sheet and an issues sheet (io/report writes them), and the
// human-readable text the command line prints.
import { SEVERITY_TEXT, isRowDeletion, type Issue, type Summary, type Settings } from './types';
import type { Profile } from './profile';
import { formatPercent, formatThreshold } from './rules/share';
import { isProjectRule, ruleName } from './rules/index';
import { printable } from './printable';
import type { SigninReport } from './attendance/report';
import { verdict, verdictInput, verdictLine, type Verdict } from './verdict';

export { printable };

export interface ReportInput {
  fileName: string;
  sha256: string;
  sheetName: string;
  /** Why this sheet was checked (Located.sheetNote), when there is something to say. */
  sheetNote?: string;
  headerRow: number;
  profile: Profile;
  settings: Settings;
  summary: Summary;
  /** Every issue, in order (an array, or a roster's eachIssue() for very large rosters). */
  issues: Iterable<Issue>;
  /** When set, ID and phone numbers in the report are masked (110101********1234). */
  mask: boolean;
  /** When the report was made, as the user's clock says (ISO text). */
  generatedAt: string;
  /** Project-level issues (row null: credits, dates, enrolment), shown on the summary sheet too. */
  projectIssues?: readonly Issue[];
  /** Every change the export makes or the user declined (the 修改记录 sheet); absent: no such sheet. */
  changes?: readonly ChangeRecord[];
  /** The corrected file's name, for the verdict ("请上传导出的…"). */
  exportName?: string;
  /** Whether the input is a CSV (the verdict never says to upload a CSV). */
  csv?: boolean;
  /** The roster against its sign-in records (the 签到核对 sheet); absent: no such sheet. */
  signin?: SigninReport;
  /** The roster's verdict (core/verdict.ts), as the page and the command line show it. */
  verdict?: Verdict;
}

/** How a cell or row came to differ from the file as given (the 修改记录 sheet's 方式). */
export type ChangeHow = 'auto' | 'hand' | 'deleted' | 'declined';
export const CHANGE_HOW_TEXT: Record<ChangeHow, string> = { auto: '自动修正', hand: '手工修改', deleted: '删除行', declined: '未采纳' };

export interface ChangeRecord {
  /** Excel row in the file as given. */
  row: number;
  /** Excel row in the exported file; null for a deleted row. */
  exportedRow: number | null;
  /** The column's name (canonical, or the header, or its letter); '' for a whole row. */
  column: string;
  /** Masking follows this canonical column (null: never masked). */
  canonical: string | null;
  from: string;
  to: string;
  how: ChangeHow;
  reason: string;
}

/**
 * The report's 结论: core/verdict.ts's one verdict, as one line. `r.verdict` when the caller has it
 * (the page and the command line, from the roster's whole-roster issues); else from the summary and
 * the project's issues, the file counted as edited when a hand edit or a deleted row is recorded.
 */
export function reportVerdict(r: Pick<ReportInput, 'summary' | 'projectIssues' | 'changes' | 'exportName' | 'csv' | 'verdict'>): string {
  const edited = (r.changes ?? []).some((c) => c.how === 'hand' || c.how === 'deleted');
  const v = r.verdict ?? verdict(verdictInput(r.summary, r.projectIssues ?? [], { exportName: r.exportName ?? '校正文件', csv: r.csv === true, edited }));
  return verdictLine(v);
}

/** The 修改记录 sheet: a header and one row per change, ID and phone digits masked when asked. */
export function changeRows(changes: readonly ChangeRecord[], mask: boolean): (string | number)[][] {
  const rows: (string | number)[][] = [['原行号', '导出后行号', '列', '原内容', '修改为', '方式', '原因']];
  for (const c of changes) {
    if (rows.length > REPORT_MAX_ISSUES) break;
    const m = (t: string) => (c.canonical === null ? maskDigitsInMessage(t, mask) : masked(t, c.canonical, mask));
    rows.push([c.row, c.exportedRow ?? '', c.column, m(c.from), m(c.to), CHANGE_HOW_TEXT[c.how], c.reason]);
  }
  return rows;
}


/**
 * Most issues listed in a report's 问题清单 sheet. Excel shows at most 1,048,576 rows, and a
 * sheet of a million issues takes minutes and gigabytes to write; nobody reads past the first
 * hundred thousand. The 汇总 sheet says when the list was cut.
 */
export const REPORT_MAX_ISSUES = 100_000;
/** Most issues the command line prints as text (--json lists them all). */
export const TEXT_MAX_ISSUES = 10_000;

/** Issues a summary counts (each is one listed issue). */
export const issueTotal = (s: Summary) => s.errors + s.warnings + s.infos;

/** Keep the first 6 and last 4 characters of a long code, mask the rest. */
export function maskCode(s: string): string {
  const chars = [...s];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  if (chars.length <= 10) return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 5) + chars.slice(-2).join('');
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

/** Mask a phone number: 138****5678. */
export function maskPhone(s: string): string {
  const chars = [...s];
  if (chars.length < 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

const SENSITIVE: Record<string, (s: string) => string> = { 证件号码: maskCode, 手机号码: maskPhone };

function masked(text: string, column: string | null, mask: boolean): string {
  if (!mask || column === null) return text;
  const fn = SENSITIVE[column];
  return fn && text ? fn(text) : text;
}

/**
 * What is left in the roster as it will be exported (accepted fixes and edits applied). Not the
 * verdict (core/verdict.ts), which also counts the project's errors: this line never says 可以上传.
 */
export function afterFixesText(s: Summary): string {
  const { errors, warnings } = s.afterFixes;
  if (errors > 0) return `校正后仍有 ${errors} 处错误需要手工处理`;
  return warnings > 0 ? `校正后名单中没有错误（另有 ${warnings} 处警告，请看一下）` : '校正后名单中没有错误';
}

/** The project's settings and dates as label/value rows (none when no settings were given). */
function projectRows(settings: Settings, s: Summary): (string | number)[][] {
  const p = settings.project;
  if (p === undefined) return [];
  const or = (v: string | number | undefined) => (v === undefined ? '未填写' : v);
  const yes = (v: boolean | undefined) => (v === undefined ? '未填写' : v ? '是' : '否');
  return [
    ['举办形式', or(p.mode)],
    ['举办日期', p.start || p.end ? `${p.start ?? '未填写'} 至 ${p.end ?? '未填写'}` : '未填写'],
    ['学时（小时）', or(p.hours)],
    ['学分', or(p.credits)],
    ['拟招生人数', or(p.planned)],
    ['京津冀互认项目', yes(p.jjj)],
    ['项目报备截止（举办 2 周前）', s.filingDue ?? '未填写开始日期'],
    ['执行情况反馈截止（结束后 2 周内）', s.feedbackDue ?? '未填写结束日期'],
  ];
}

export function summaryRows(r: ReportInput): (string | number)[][] {
  const s = r.summary;
  const { enabled, min } = r.profile.shareRule;
  const project = r.projectIssues ?? [];
  return [
    ['学员通讯录校验报告'],
    [],
    ['结论', reportVerdict(r)],
    ['文件名', r.fileName],
    ['文件识别码', r.sha256],
    ['', '由文件内容算出，文件改动一个字也会不同；用来核对报告说的是不是手上这个文件'],
    ['工作表', r.sheetName],
    ...(r.sheetNote ? [['工作表说明', r.sheetNote]] : []),
    ['表头所在行', r.headerRow],
    ['校验方案', r.profile.name],
    ['主办单位所在省份', r.settings.hostProvince],
    ['实操训练类项目', r.settings.practical ? '是' : '否'],
    ...projectRows(r.settings, s),
    ['学员人数（同一证件号码只计一人）', s.attendees],
    ['名单行数', s.rows],
    ['外省学员', s.outOfProvince],
    ['基层学员', s.grassroots],
    ['外省或基层学员（每人只计一次）', s.outOfProvinceOrGrassroots],
    ['外省及基层学员占比', formatPercent(s.share, min)],
    ['外省学员占比', formatPercent(s.outOfProvinceShare, min)],
    ['基层学员占比', formatPercent(s.grassrootsShare, min)],
    ['占比要求', enabled ? `不低于 ${formatThreshold(min)}` : '不适用'],
    ['达到要求还需招收', enabled ? s.needMore : '不适用'],
    ['只计外省学员达到要求还需招收', enabled ? s.needMoreOutOfProvince : '不适用'],
    ['错误', s.errors],
    ['警告', s.warnings],
    ['提示', s.infos],
    ['按建议修正后', afterFixesText(s)],
    ['按建议修正后的错误', s.afterFixes.errors],
    ['按建议修正后的警告', s.afterFixes.warnings],
    ...project.map((i) => [`项目核对（${SEVERITY_TEXT[i.severity]}）`, i.message]),
    ['报告生成时间', r.generatedAt],
    ['身份证号和手机号', r.mask ? '已隐去部分数字' : '完整显示'],
    ...(issueTotal(s) > REPORT_MAX_ISSUES ? [['问题清单', `共 ${issueTotal(s)} 处问题，只列出前 ${REPORT_MAX_ISSUES} 处`]] : []),
  ];
}

/** An issue's texts as a shared report shows them: ID and phone digits masked when asked. */
export function maskedIssue(i: Issue, mask: boolean): { value: string; message: string; fix: string } {
  const sensitive = mask && i.column !== null && SENSITIVE[i.column] !== undefined;
  return {
    value: masked(i.value, i.column, mask),
    message: sensitive ? maskDigitsInMessage(i.message) : i.message,
    fix: isRowDeletion(i) ? '删除这一行' : masked(i.fix ?? i.suggestion ?? '', i.column, mask),
  };
}

export function issueRows(r: ReportInput): (string | number)[][] {
  const rows: (string | number)[][] = [['行号', '列', '单元格内容', '问题', '建议修改为', '级别', '规则']];
  for (const i of r.issues) {
    if (rows.length > REPORT_MAX_ISSUES) break;
    const m = maskedIssue(i, r.mask);
    rows.push([i.row ?? '', i.column ?? '', m.value, m.message, m.fix, SEVERITY_TEXT[i.severity], ruleName(i.rule)]);
  }
  return rows;
}

/** Messages may quote a corrected ID or phone; mask long digit runs in them too. */
export function maskDigitsInMessage(m: string, mask = true): string {
  if (!mask) return m;
  return m.replace(/[0-9X]{11,}/g, (d) => (d.length === 11 ? maskPhone(d) : maskCode(d)));
}

/** The Chinese summary the command line prints for one file (every line printable()). */
export function summaryText(fileName: string, sheetName: string, headerRow: number, profile: Profile, summary: Summary, issues: Iterable<Issue>, limit = TEXT_MAX_ISSUES, settings?: Settings, v?: Verdict): string {
  const s = summary;
  const { enabled, min } = profile.shareRule;
  const rows = s.rows !== s.attendees ? `（名单 ${s.rows} 行，重复的证件号码只计一人）` : '';
  const lines = [
    `文件：${fileName}（工作表“${sheetName}”，表头在第 ${headerRow} 行，方案：${profile.name}）`,
    `学员 ${s.attendees} 人${rows}；外省 ${s.outOfProvince} 人（${formatPercent(s.outOfProvinceShare, min)}），基层 ${s.grassroots} 人（${formatPercent(s.grassrootsShare, min)}），外省或基层合计 ${s.outOfProvinceOrGrassroots} 人，占 ${formatPercent(s.share, min)}` +
      (enabled && s.needMore > 0 ? `，低于 ${formatThreshold(min)}，达到要求还需招收 ${s.needMore} 人` : ''),
    `错误 ${s.errors} 处，警告 ${s.warnings} 处，提示 ${s.infos} 处；${afterFixesText(s)}`,
    ...(v ? [`结论：${verdictLine(v)}`] : []),
  ];
  if (settings?.project !== undefined) {
    lines.push(`项目报备截止：${s.filingDue ?? '未填写开始日期'}；执行情况反馈截止：${s.feedbackDue ?? '未填写结束日期'}`);
  }
  let shown = 0;
  for (const i of issues) {
    if (shown++ >= limit) {
      lines.push(`  ……另有 ${issueTotal(s) - limit} 处问题未列出；完整清单请用 --json 输出`);
      break;
    }
    const where = i.row === null ? (isProjectRule(i.rule) ? '项目' : '全表') : `第 ${i.row} 行${i.column ? `「${i.column}」` : ''}`;
    const fix = i.fix === null ? '' : isRowDeletion(i) ? '（可自动删去这一行）' : `（可自动修正为：${i.fix}）`;
    lines.push(`  [${SEVERITY_TEXT[i.severity]}] ${where}：${i.message}${fix}`);
  }
  return lines.map(printable).join('\n');
}
