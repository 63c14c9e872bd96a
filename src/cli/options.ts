// The command line's options, parsed once for one roster and for --batch: the profile (built-in or
// a file), the host province (checked against the profile's province dictionary), --practical and
// the --project file (whose `"practical": true` turns 实操训练类 on, as --practical does).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BUILTIN_PROFILES, builtinProfile, defaultSettings, parseProjectSettings, printable, profileFromJson, type Profile, type ProjectSettings, type Settings } from '../lib/core/index';
import { fitColumns } from '../lib/core/printable';
import { ColumnSpecError, parseColumnSpec } from '../lib/core/columns';
import type { HeaderMatch } from '../lib/core/locate';
import { decodeTextFile } from '../lib/io/text-file';

/** A wrong command line: one Chinese sentence (a usage text may follow on further lines). */
export class UsageError extends Error {}

/** The options both modes take. */
const COMMON = {
  json: { type: 'boolean', default: false },
  profile: { type: 'string' },
  'profile-file': { type: 'string' },
  'host-province': { type: 'string' },
  practical: { type: 'boolean', default: false },
  project: { type: 'string' },
  fix: { type: 'string' },
  columns: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The options of one mode: the common ones and its own. */
const ONE = { ...COMMON, sheet: { type: 'string' }, report: { type: 'string' }, 'make-profile': { type: 'string' }, signin: { type: 'string', multiple: true } } as const;
const BATCH = { ...COMMON, batch: { type: 'boolean', default: false }, manifest: { type: 'string' }, 'batch-report': { type: 'string' }, merge: { type: 'string' } } as const;

function parse<T extends typeof ONE | typeof BATCH>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    throw new UsageError(`${argsProblem(e as NodeJS.ErrnoException)}\n${usage}`);
  }
}

/** An option as the user typed it, escaped and short enough for one line. */
const shownOption = (o: string) => fitColumns(printable(o), 30);

/** What node's parseArgs found wrong, in Chinese (its own words are English). */
function argsProblem(e: NodeJS.ErrnoException): string {
  // The option is quoted in node's message: "Unknown option '--bogus'", "Option '--fix <value>' argument missing".
  const option = shownOption(/'(-[^' ]*)/.exec(e.message)?.[1] ?? '');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `不认识的选项 ${option}（选项写法见下方用法）`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(e.message) ? `选项 ${option} 后面缺少要填写的内容（如文件名）` : `选项 ${option} 后面不用填写内容`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return '多写了内容，请对照下方用法';
    default:
      return '命令写得不对，请对照下方用法';
  }
}

/** The options of one roster's check and the files named; a usage error names what is wrong, then the usage. */
export const parseOptions = (argv: string[], usage: string) => parse(argv, ONE, usage);
/** The options of --batch and the paths named. */
export const parseBatchOptions = (argv: string[], usage: string) => parse(argv, BATCH, usage);

/** The built-in profile named by --profile (national when none); a name not built in is refused. */
export function namedProfile(name: string | undefined): Profile {
  if (name !== undefined && !Object.hasOwn(BUILTIN_PROFILES, name)) throw new UsageError(`未知的校验方案“${shownOption(name)}”，可选：${Object.keys(BUILTIN_PROFILES).join('、')}`);
  return builtinProfile(name ?? 'national');
}

/** A JSON file as Windows may write it (a byte order mark, UTF-16: io/text-file.ts). */
function readText(path: string, what: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    // The path is the user's: a line break in it must not split the one-line error.
    throw new UsageError(`无法读取${what}：${fitColumns(printable(path), 40)}`);
  }
  return decodeTextFile(bytes);
}

export interface EngineOptions {
  profile: Profile;
  /** The settings every roster is checked with (the --project file's project included, when given). */
  settings: Settings;
  /** The --project file's settings, or null. */
  project: ProjectSettings | null;
  /** The --columns matches (header text or column letter → template column); empty without it. */
  columns: HeaderMatch[];
}

/** What the engine is run with, from the options both modes share. Throws UsageError, ProfileError, ProjectError. */
export function engineOptions(o: { profile?: string; 'profile-file'?: string; 'host-province'?: string; practical?: boolean; project?: string; columns?: string }): EngineOptions {
  let profile = namedProfile(o.profile);
  if (o['profile-file']) profile = profileFromJson(readText(o['profile-file'], '校验方案文件'));
  const project = o.project ? parseProjectSettings(readText(o.project, '项目设置文件')) : null;
  // --practical and the project's "practical": true are one setting: either turns it on.
  const overrides: Partial<Settings> = { practical: o.practical === true || project?.practical === true };
  if (project) overrides.project = project;
  if (o['host-province']) overrides.hostProvince = o['host-province'];
  const settings = defaultSettings(profile, overrides);
  const dict = profile.dictionaries['province'];
  const hostOk = (dict?.values ?? []).includes(settings.hostProvince) || Object.hasOwn(dict?.slips ?? {}, settings.hostProvince);
  if (!hostOk) throw new UsageError(`主办省份“${shownOption(settings.hostProvince)}”不是省份字典中的值，例如：北京市`);
  let columns: HeaderMatch[] = [];
  try {
    if (o.columns !== undefined) columns = parseColumnSpec(o.columns, profile);
  } catch (e) {
    if (e instanceof ColumnSpecError) throw new UsageError(printable(e.message));
    throw e;
  }
  return { profile, settings, project, columns };
}
