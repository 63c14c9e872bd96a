// roster-check: the command line over the engine. Chinese summary by default, --json for tools.
// Exit 0: no errors; 1: errors found; 2: a file cannot be read (one line on stderr, no stack trace).
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BUILTIN_PROFILES,
  LocateError,
  ProfileError,
  builtinProfile,
  defaultSettings,
  profileFromJson,
  summaryText,
  type Issue,
  type Profile,
  type Settings,
  type Summary,
} from '../lib/core/index';
import { LARGE_CSV_BUDGET, ReadError, sizeError } from '../lib/io/read';
import { checkFile, correctedFile, type Checked } from '../lib/io/pipeline';
import { correctedFileName, reportFileName } from '../lib/io/write';
import { sha256Hex, writeReport } from '../lib/io/report';
import { runBatch } from './batch';

const USAGE = `用法：roster-check [--json] [--profile national|beijing] [--profile-file 方案.json]
                    [--host-province 北京市] [--practical] [--fix 输出文件] [--report 报告.xlsx] 文件...`;

class UsageError extends Error {}

interface FileResult {
  file: string;
  profile: string;
  sheet: string;
  headerRow: number;
  summary: {
    attendees: number;
    outOfProvince: number;
    grassroots: number;
    outOfProvinceOrGrassroots: number;
    share: number;
    needMore: number;
    errors: number;
    warnings: number;
  };
  issues: Pick<Issue, 'rule' | 'severity' | 'row' | 'column' | 'value' | 'message' | 'fix'>[];
}

/**
 * Output to stdout in chunks of about 1 MB: a million-row roster can have millions of issues, and
 * neither its whole JSON text nor an object per issue fits in memory at once.
 */
class Out {
  private parts: string[] = [];
  private size = 0;
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 19) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    process.stdout.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
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
    out.write(`${first ? '\n' : ',\n'}    {"rule":${q(i.rule)},"severity":${q(i.severity)},"row":${i.row === null ? 'null' : i.row},"column":${q(i.column)},"value":${q(i.value)},"message":${q(i.message)},"fix":${q(i.fix)}}`);
    first = false;
  }
  out.write(first ? ']\n}' : '\n  ]\n}');
}

function jsonHead(file: string, profile: Profile, c: Checked, s: Summary): Omit<FileResult, 'issues'> {
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
      share: Math.round(s.share * 10000) / 10000,
      needMore: s.needMore,
      errors: s.errors,
      warnings: s.warnings,
    },
  };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Where to write an output for `input`: OUT itself, or OUT/<name> when OUT is a folder or there are several inputs. */
function outputPath(out: string, input: string, many: boolean, name: string, ext: string): { path: string; note?: string } {
  if (many || isDirectory(out)) return { path: join(out, name) };
  const given = extname(out).slice(1).toLowerCase();
  if (given === ext) return { path: out };
  const path = join(dirname(out), `${basename(out, extname(out))}.${ext}`);
  return { path, note: `${basename(input)}：输出为 .${ext} 格式，已写入 ${path}` };
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--batch')) return runBatch(argv);
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        profile: { type: 'string' },
        'profile-file': { type: 'string' },
        'host-province': { type: 'string' },
        practical: { type: 'boolean', default: false },
        fix: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const o = args.values;
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError(`请指定要校验的文件\n${USAGE}`);
  if (o.profile && !(o.profile in BUILTIN_PROFILES)) throw new UsageError(`未知的校验方案“${o.profile}”，可选：${Object.keys(BUILTIN_PROFILES).join('、')}`);

  let profile = builtinProfile(o.profile ?? 'national');
  if (o['profile-file']) {
    let text: string;
    try {
      text = readFileSync(o['profile-file'], 'utf8');
    } catch {
      throw new UsageError(`无法读取校验方案文件：${o['profile-file']}`);
    }
    profile = profileFromJson(text);
  }
  const overrides: Partial<Settings> = { practical: o.practical };
  if (o['host-province']) overrides.hostProvince = o['host-province'];
  const settings = defaultSettings(profile, overrides);
  const provinces = profile.dictionaries['province']?.values ?? [];
  const hostOk = provinces.includes(settings.hostProvince) || Object.keys(profile.dictionaries['province']?.slips ?? {}).includes(settings.hostProvince);
  if (!hostOk) throw new UsageError(`主办省份“${settings.hostProvince}”不是省份字典中的值，例如：北京市`);

  const files = args.positionals;
  const many = files.length > 1;
  const out = new Out();
  let emitted = 0;
  /** Start one file's JSON result (inside an array when there are several files). */
  const nextJson = () => {
    if (many) out.write(emitted === 0 ? '[\n' : ',\n');
    emitted++;
  };
  const failed = (file: string, error: string) => {
    process.stderr.write(`roster-check: ${file}：${error}\n`);
    if (o.json) {
      nextJson();
      out.write(JSON.stringify({ file, error }, null, 2));
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
      checked = checkFile(bytes, profile, settings, { budget: LARGE_CSV_BUDGET, roster: { retainIssues: false } });
    } catch (e) {
      if (e instanceof ReadError || e instanceof LocateError) {
        failed(file, e.message);
        worst = 2;
        continue;
      }
      throw e;
    }
    const summary = checked.roster.summary();
    if (summary.errors > 0) worst = Math.max(worst, 1);
    if (o.json) {
      nextJson();
      writeJson(out, jsonHead(file, profile, checked, summary), checked.roster.eachIssue());
    } else out.write(`${summaryText(basename(file), checked.located.sheetName, checked.located.headerRow + 1, profile, summary, checked.roster.eachIssue())}\n\n`);
    out.flush();

    if (o.fix) {
      let written;
      try {
        written = correctedFile(bytes, checked);
      } catch (e) {
        if (!(e instanceof ReadError)) throw e;
        process.stderr.write(`roster-check: ${file}：无法写出校正文件：${e.message}\n`);
        worst = 2;
        continue;
      }
      const { path, note } = outputPath(o.fix, file, many, correctedFileName(basename(file), written.ext), written.ext);
      writeFileSync(path, written.bytes);
      if (note) process.stderr.write(`${note}\n`);
      if (!o.json) process.stdout.write(`已写出校正文件：${path}（修改 ${written.changed} 处）\n`);
    }
    if (o.report) {
      const report = writeReport({
        fileName: basename(file),
        sha256: await sha256Hex(bytes),
        sheetName: checked.located.sheetName,
        headerRow: checked.located.headerRow + 1,
        profile,
        settings: checked.roster.settings,
        summary,
        issues: checked.roster.eachIssue(),
        mask: false,
        generatedAt: new Date().toISOString(),
      });
      const name = reportFileName(basename(file));
      const { path, note } = outputPath(o.report, file, many, name, 'xlsx');
      writeFileSync(path, report);
      if (note) process.stderr.write(`${note}\n`);
      if (!o.json) process.stdout.write(`已写出校验报告：${path}\n`);
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
    const msg = e instanceof UsageError || e instanceof ProfileError ? e.message : `内部错误：${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`roster-check: ${msg.split('\n')[0]}\n`);
    if (e instanceof UsageError && msg.includes('\n')) process.stderr.write(`${msg.split('\n').slice(1).join('\n')}\n`);
    process.exitCode = 2;
  },
);
