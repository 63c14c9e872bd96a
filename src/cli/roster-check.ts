// roster-check: the command line over the engine. Chinese summary by default, --json for tools.
// Exit 0: no errors; 1: errors found; 2: a file cannot be read (one line on stderr, no stack trace).
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import {
  LocateError,
  ProfileError,
  ProjectError,
  printable,
  summaryText,
  type Issue,
  type Profile,
  type Summary,
} from '../lib/core/index';
import { LARGE_CSV_BUDGET, ReadError, sizeError } from '../lib/io/read';
import { checkFile, correctedFile, errorsAfterExport, unexpectedError, type Checked } from '../lib/io/pipeline';
import { correctedFileName, exportFileName, reportFileName } from '../lib/io/write';
import { verdict, verdictInput, verdictLine, type Verdict } from '../lib/core/verdict';
import { sha256Hex, writeReport } from '../lib/io/report';
import { describeTemplate, profileFromTemplate } from '../lib/io/template';
import { runBatch } from './batch';
import { matchedColumns, suggestColumns, type MatchBy, type MatchedColumn } from '../lib/core/columns';
import { UsageError, engineOptions, namedProfile, parseOptions } from './options';
import { Out } from './out';
import { readSigninFiles, reconcileChecked, signinLine, signinReport, withSignin } from './signin';
import type { SigninCounts } from '../lib/core/attendance/report';
import { QUOTE_MAX, shortMessage, shortText } from '../lib/io/quote';

const USAGE = `用法：roster-check [--json] [--profile national|beijing] [--profile-file 方案.json]
                    [--host-province 北京市] [--practical] [--project 项目设置.json] [--sheet 工作表名]
                    [--columns "表头=列名,…"] [--fix 输出文件] [--report 报告.xlsx] [--signin 签到文件 ...] 文件...
      roster-check --make-profile 空白模板.xlsx [--profile national|beijing] > 方案.json`;

interface FileResult {
  file: string;
  profile: string;
  sheet: string;
  headerRow: number;
  /** Why this sheet was checked (a hidden sheet, or several sheets that look like rosters); absent when there is nothing to say. */
  sheetNote?: string;
  summary: Pick<
    Summary,
    | 'attendees'
    | 'rows'
    | 'outOfProvince'
    | 'grassroots'
    | 'outOfProvinceOrGrassroots'
    | 'share'
    | 'outOfProvinceShare'
    | 'grassrootsShare'
    | 'needMore'
    | 'needMoreOutOfProvince'
    | 'errors'
    | 'warnings'
    | 'afterFixes'
    | 'filingDue'
    | 'feedbackDue'
  >;
  /** core/verdict.ts on the file as given (as the batch's JSON gives it). */
  verdict: { code: Verdict['code']; text: string };
  /** The roster against its sign-in records (--signin). */
  signin?: SigninCounts;
  /** The columns the checks ran on: sheet column, its header, the template column, how matched. */
  columns?: MatchedColumn[];
  /** Without --columns: proposed matches for template columns the header does not name (not applied). */
  suggestedColumns?: MatchedColumn[];
  issues: Pick<Issue, 'rule' | 'severity' | 'row' | 'column' | 'value' | 'message' | 'fix' | 'refs' | 'source'>[];
}

/** One file's JSON result, its issues streamed one line each (the same JSON as a whole). */
function writeJson(out: Out, head: Omit<FileResult, 'issues'>, issues: Iterable<Issue>): void {
  const text = JSON.stringify(head, null, 2);
  out.write(`${text.slice(0, text.lastIndexOf('}')).trimEnd()},
  "issues": [`);
  let first = true;
  // Written field by field (the same text JSON.stringify gives for the object, without making one).
  const q = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  for (const i of issues) {
    const refs = `${i.refs ? `,"refs":${JSON.stringify(i.refs)}` : ''}${i.source ? `,"source":${JSON.stringify(i.source)}` : ''}`;
    out.write(`${first ? '\n' : ',\n'}    {"rule":${q(i.rule)},"severity":${q(i.severity)},"row":${i.row === null ? 'null' : i.row},"column":${q(i.column)},"value":${q(i.value)},"message":${q(i.message)},"fix":${q(i.fix)}${refs}}`);
    first = false;
  }
  out.write(first ? ']\n}' : '\n  ]\n}');
}

/**
 * The issues as the command line prints them: messages quote at most a short prefix of a long
 * value (a cell may hold 32,767 characters), and so does a fix shown in the text summary.
 * The JSON's `value` and `fix` stay whole: they are data for other tools.
 */
function* shortIssues(issues: Iterable<Issue>, shortFix: boolean): Iterable<Issue> {
  for (const i of issues) {
    const message = shortMessage(i.message);
    const fix = shortFix && i.fix !== null ? shortText(i.fix, QUOTE_MAX) : i.fix;
    yield message === i.message && fix === i.fix ? i : { ...i, message, fix };
  }
}

function jsonHead(file: string, profile: Profile, c: Checked, s: Summary, v: Verdict): Omit<FileResult, 'issues'> {
  return {
    file,
    profile: profile.id,
    sheet: c.located.sheetName,
    headerRow: c.located.headerRow + 1,
    ...(c.located.sheetNote ? { sheetNote: c.located.sheetNote } : {}),
    // Shares are exact: a rounded 0.1 would pass 200 of 2,001 (9.995%) as 10%.
    summary: {
      attendees: s.attendees,
      rows: s.rows,
      outOfProvince: s.outOfProvince,
      grassroots: s.grassroots,
      outOfProvinceOrGrassroots: s.outOfProvinceOrGrassroots,
      share: s.share,
      outOfProvinceShare: s.outOfProvinceShare,
      grassrootsShare: s.grassrootsShare,
      needMore: s.needMore,
      needMoreOutOfProvince: s.needMoreOutOfProvince,
      errors: s.errors,
      warnings: s.warnings,
      afterFixes: s.afterFixes,
      filingDue: s.filingDue,
      feedbackDue: s.feedbackDue,
    },
    verdict: { code: v.code, text: v.text },
  };
}

/** A matched column with its header escaped for the output. */
const printableColumn = (m: MatchedColumn): MatchedColumn => ({ ...m, header: printable(m.header) });

/** The columns the checks ran on (the JSON's `columns`). */
function columnsOf(c: Checked): MatchedColumn[] {
  return matchedColumns(c.located, c.workbook.sheets[c.located.sheetIndex]?.rows[c.located.headerRow] ?? []).map(printableColumn);
}

/** Proposed matches for template columns the header does not name (never applied), when a required column is missing or a header is unknown. */
function columnSuggestions(c: Checked, profile: Profile): MatchedColumn[] {
  const missing = profile.columns.some((col) => (col.required || profile.template) && !(col.name in c.located.columns));
  if (!missing && c.located.unknown.length === 0) return [];
  return suggestColumns(c.located, c.workbook.sheets[c.located.sheetIndex]?.rows ?? [], profile);
}

const BY_TEXT: Record<MatchBy, string> = { header: '按表头', alias: '按表头', content: '按内容', user: '按指定' };

/** The suggestions as lines of the text summary: what each column may be, and the --columns that says so. */
function suggestionLines(c: Checked, profile: Profile): string[] {
  const found = columnSuggestions(c, profile);
  if (found.length === 0) return [];
  const name = (m: MatchedColumn) => (m.header.trim() && c.located.unknown.filter((u) => u.header.trim() === m.header.trim()).length <= 1 ? m.header.trim().replace(/[\r\n]+/g, ' ') : `[${m.letter}]`);
  const lines = found.map((m) => printable(`可能的对应：第 ${m.letter} 列“${m.header.trim().replace(/\s+/g, ' ') || '（没有表头）'}”可能是“${m.column}”（${BY_TEXT[m.by]}判断）`));
  lines.push(printable(`如对应无误，请加上 --columns "${found.map((m) => `${name(m)}=${m.column}`).join(',')}" 再校验`));
  return lines;
}

/** The sheet note as the text summary prints it, with how to choose another sheet; null: none. */
function sheetNoteLine(located: Checked['located']): string | null {
  if (!located.sheetNote) return null;
  const choose = located.rosterSheets.length > 1 ? '（要校验其他工作表，请加 --sheet 工作表名）' : '';
  return printable(`注意：${located.sheetNote}${choose}`);
}

/** Why a file could not be written, in words a clerk understands. */
function writeProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'ENAMETOOLONG':
      return '文件名或路径过长';
    case 'ENOENT':
    case 'ENOTDIR':
      return '所在的文件夹不存在';
    case 'EACCES':
    case 'EPERM':
      return '没有写入这个位置的权限';
    case 'EROFS':
      return '这个位置是只读的';
    case 'ENOSPC':
    case 'EDQUOT':
      return '磁盘空间不足';
    case 'EISDIR':
      return '已有同名的文件夹';
    default:
      return '写入失败';
  }
}

/** Write an output; on failure one Chinese line on stderr and false. */
function writeOutput(input: string, path: string, bytes: Uint8Array, what: string): boolean {
  try {
    writeFileSync(path, bytes);
    return true;
  } catch (e) {
    process.stderr.write(`roster-check: ${printable(input)}：无法写出${what}（${printable(path)}）：${writeProblem(e)}\n`);
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `--fix`: the corrected file of `file` and the verdict on it (what the exit code follows); false
 * (after one Chinese line on stderr) when it cannot be written.
 */
function writeFix(file: string, bytes: Uint8Array, checked: Checked, fix: string, many: boolean, say: boolean): Verdict | false {
  let written;
  try {
    // `--fix out.xlsx` on a CSV roster writes .xlsx (IDs as text cells, which Excel keeps).
    const as = !many && !isDirectory(fix) && extname(fix).toLowerCase() === '.xlsx' ? 'xlsx' : undefined;
    written = correctedFile(bytes, checked, undefined, { as });
  } catch (e) {
    const message = unexpectedError('写出校正文件', e).message;
    process.stderr.write(`roster-check: ${printable(file)}：${message.includes('校正') ? message : `无法写出校正文件：${message}`}\n`);
    return false;
  }
  const { path, note } = outputPath(fix, file, many, correctedFileName(basename(file), written.ext), written.ext);
  if (!writeOutput(file, path, written.bytes, '校正文件')) return false;
  if (note) process.stderr.write(`${printable(note)}\n`);
  if (written.note) process.stderr.write(`${printable(basename(file))}：${written.note}\n`);
  // Every proposed fix is applied, so what is left is the roster's state after its fixes: the
  // written file as given, with the project's errors (which no file carries).
  const left = errorsAfterExport(checked, written.skipped);
  const project = checked.roster.rosterIssues().filter((i) => i.row === null && i.severity === 'error').length;
  const v = verdict({ given: left, exported: left, project, exportName: basename(path), csv: written.ext === 'csv' });
  if (say) {
    const removed = checked.roster.exportedDeletions().length;
    process.stdout.write(`已写出校正文件：${printable(path)}（修改 ${written.changed} 处${removed ? `，删除 ${removed} 行` : ''}；这个文件的结论：${printable(verdictLine(v))}）
`);
  }
  return v;
}

/** Where to write an output for `input`: OUT itself, or OUT/<name> when OUT is a folder or there are several inputs. */
function outputPath(out: string, input: string, many: boolean, name: string, ext: string): { path: string; note?: string } {
  if (many || isDirectory(out)) return { path: join(out, name) };
  const given = extname(out).slice(1).toLowerCase();
  if (given === ext) return { path: out };
  const path = join(dirname(out), `${basename(out, extname(out))}.${ext}`);
  return { path, note: `${basename(input)}：输出为 .${ext} 格式，已写入 ${path}` };
}

/**
 * `--make-profile`: the profile file of an official blank template on stdout, and what it adds to
 * or drops from the built-in profile on stderr (so `> 方案.json` keeps only the profile).
 */
function makeProfile(file: string, base: Profile): number {
  let bytes: Uint8Array;
  try {
    const tooLarge = sizeError(statSync(file).size);
    if (tooLarge) {
      process.stderr.write(`roster-check: ${printable(file)}：${tooLarge.message}\n`);
      return 2;
    }
    bytes = readFileSync(file);
  } catch {
    process.stderr.write(`roster-check: ${printable(file)}：找不到文件或无法打开\n`);
    return 2;
  }
  try {
    const derived = profileFromTemplate(bytes, base, { fileName: basename(file) });
    process.stdout.write(`${JSON.stringify(derived.extension, null, 2)}\n`);
    process.stderr.write(`${describeTemplate(derived).join('\n')}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    process.stderr.write(`roster-check: ${printable(file)}：${e.message}\n`);
    return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--batch')) return runBatch(argv);
  const args = parseOptions(argv, USAGE);
  const o = args.values;
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (o['make-profile'] !== undefined) {
    if (args.positionals.length > 0 || o['profile-file']) throw new UsageError(`--make-profile 只生成校验方案，不能同时校验文件或使用 --profile-file\n${USAGE}`);
    return makeProfile(o['make-profile'], namedProfile(o.profile));
  }
  if (args.positionals.length === 0) throw new UsageError(`请指定要校验的文件\n${USAGE}`);
  const { profile, settings, columns } = engineOptions(o);

  const files = args.positionals;
  const signinPaths = o.signin ?? [];
  if (signinPaths.length > 0 && files.length !== 1) throw new UsageError(`--signin 只能与一份名单一起使用（批量校验请在项目清单的“签到文件”列填写）\n${USAGE}`);
  const signinRead = signinPaths.length > 0 ? readSigninFiles(signinPaths) : null;
  if (signinRead && 'error' in signinRead) {
    process.stderr.write(`roster-check: ${printable(signinRead.path)}：${printable(signinRead.error)}\n`);
    return 2;
  }
  const many = files.length > 1;
  const out = new Out();
  let emitted = 0;
  /** Start one file's JSON result (inside an array when there are several files). */
  const nextJson = () => {
    if (many) out.write(emitted === 0 ? '[\n' : ',\n');
    emitted++;
  };
  // The sentence may quote the file's own text (a sheet's name): escaped like the file's name.
  const failed = (file: string, error: string) => {
    process.stderr.write(`roster-check: ${printable(file)}：${printable(error)}\n`);
    if (o.json) {
      nextJson();
      out.write(JSON.stringify({ file: printable(file), error: printable(error) }, null, 2));
    }
  };
  let worst = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      // Refused before it is read: a file of gigabytes must not be loaded only to be refused.
      const tooLarge = sizeError(statSync(file).size, LARGE_CSV_BUDGET);
      if (tooLarge) {
        failed(file, tooLarge.message);
        worst = 2;
        continue;
      }
      bytes = readFileSync(file);
    } catch {
      failed(file, '找不到文件或无法打开');
      worst = 2;
      continue;
    }
    let checked: Checked;
    try {
      // Issues are only counted, and worked out again for each pass over them (the printout, the
      // fixes, the report): a few microseconds a row with issues, against gigabytes of objects
      // for a CSV of a million bad rows (even a 1 MB file can have 200,000 rows).
      checked = checkFile(bytes, profile, settings, { budget: LARGE_CSV_BUDGET, roster: { retainIssues: false }, ...(o.sheet === undefined ? {} : { sheet: o.sheet }), ...(columns.length > 0 ? { byHeader: columns } : {}) });
    } catch (e) {
      failed(file, e instanceof LocateError ? e.message : unexpectedError('读取文件', e).message);
      worst = 2;
      continue;
    }
    // The sign-in findings count like any issue and follow the roster's own.
    const signin = signinRead ? reconcileChecked(basename(file), checked, signinRead) : null;
    const allIssues = function* (): Iterable<Issue> {
      yield* checked.roster.eachIssue();
      if (signin) yield* signin.issues;
    };
    const summary = signin ? withSignin(checked.roster.summary(), signin.issues) : checked.roster.summary();
    const format = checked.workbook.format;
    const exportName = exportFileName(basename(file), bytes, checked);
    const given = verdict(verdictInput(summary, checked.roster.rosterIssues(), { exportName, csv: format === 'csv' }));
    // The exit follows the file as given; with --fix, the file written (below). Sign-in errors are
    // in no file: they stay whatever is written.
    if ((!o.fix || signin?.issues.some((i) => i.severity === 'error')) && summary.errors > 0) worst = Math.max(worst, 1);
    if (o.json) {
      nextJson();
      const head = jsonHead(printable(file), profile, checked, summary, given);
      const suggested = o.columns === undefined ? columnSuggestions(checked, profile) : [];
      writeJson(out, { ...head, columns: columnsOf(checked), ...(suggested.length > 0 ? { suggestedColumns: suggested.map(printableColumn) } : {}), ...(signin ? { signin: signinReport(signin).counts } : {}) }, shortIssues(allIssues(), false));
    } else {
      const text = summaryText(basename(file), checked.located.sheetName, checked.located.headerRow + 1, profile, summary, shortIssues(allIssues(), true), undefined, checked.roster.settings, given);
      // Which sheet was checked and why, right under the line that names it; then the column
      // suggestions and the sign-in counts.
      const note = [sheetNoteLine(checked.located), ...(o.columns === undefined ? suggestionLines(checked, profile) : []), signin && signinLine(signin)].filter(Boolean).join('\n');
      const cut = text.indexOf('\n');
      out.write(`${note && cut >= 0 ? `${text.slice(0, cut)}\n${note}${text.slice(cut)}` : text}\n\n`);
    }
    out.flush();

    // A corrected file that cannot be written does not keep the report from being written.
    if (o.fix) {
      const fixed = writeFix(file, bytes, checked, o.fix, many, !o.json);
      if (fixed === false) worst = 2;
      else if (fixed.code === 'fix') worst = Math.max(worst, 1);
    }
    if (o.report) {
      let report: Uint8Array;
      try {
        report = writeReport({
          fileName: basename(file),
          sha256: await sha256Hex(bytes),
          sheetName: checked.located.sheetName,
          ...(checked.located.sheetNote ? { sheetNote: checked.located.sheetNote } : {}),
          headerRow: checked.located.headerRow + 1,
          profile,
          settings: checked.roster.settings,
          summary,
          issues: allIssues(),
          mask: false,
          ...(signin ? { signin: signinReport(signin) } : {}),
          generatedAt: new Date().toISOString(),
          projectIssues: checked.roster.projectIssues(),
          exportName,
          ...(format === 'csv' ? { csv: true } : {}),
          verdict: given,
        });
      } catch (e) {
        process.stderr.write(`roster-check: ${printable(file)}：${unexpectedError('写出校验报告', e).message}\n`);
        worst = 2;
        continue;
      }
      const name = reportFileName(basename(file));
      const { path, note } = outputPath(o.report, file, many, name, 'xlsx');
      if (!writeOutput(file, path, report, '校验报告')) {
        worst = 2;
        continue;
      }
      if (note) process.stderr.write(`${printable(note)}\n`);
      if (!o.json) process.stdout.write(`已写出校验报告：${printable(path)}\n`);
    }
  }
  if (o.json) out.write(many ? '\n]\n' : '\n');
  out.flush();
  return worst;
}

// A reader that stops early (`roster-check … | head`) is not an error of ours: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Whatever else fails is said in one Chinese sentence too (never a library's English).
    const msg = e instanceof UsageError || e instanceof ProfileError || e instanceof ProjectError ? e.message : unexpectedError('处理', e).message;
    process.stderr.write(`roster-check: ${msg.split('\n')[0]}\n`);
    // What follows the one-line error: the usage, or what a settings file may hold.
    if ((e instanceof UsageError || e instanceof ProjectError || e instanceof ProfileError) && msg.includes('\n')) process.stderr.write(`${msg.split('\n').slice(1).join('\n')}\n`);
    process.exitCode = 2;
  },
);
