// The kinds of file a roster may come in, and the batch's shared limits: one list for the page's
// file picker, the page's batch and the command line (issue #21: four lists had drifted apart).

/** Workbook and text kinds the engine reads as rosters (.xls and .xlsb are exported as .xlsx). */
export const ROSTER_EXTENSIONS = ['.xlsx', '.xlsm', '.xlsb', '.xls', '.csv'] as const;
/** The MIME types the file picker offers beside the extensions. */
const ROSTER_MIME = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'text/csv'];

/** Kinds a user may well give as a roster that cannot be read, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  '.et': 'WPS 表格文件无法读取，请在 WPS 中另存为 .xlsx 后再试',
  '.ett': 'WPS 表格模板无法读取，请在 WPS 中另存为 .xlsx 后再试',
  '.ods': 'OpenDocument 表格无法读取，请另存为 .xlsx 后再试',
  '.numbers': 'Numbers 表格无法读取，请在 Numbers 中导出为 Excel 文件后再试',
  '.xltx': 'Excel 模板文件不是名单，请另存为 .xlsx 后再试',
  '.rar': '无法打开 .rar 压缩包，请解压后再选择，或压缩为 .zip',
  '.7z': '无法打开 .7z 压缩包，请解压后再选择，或压缩为 .zip',
};

/** Most rosters one batch takes (folders are searched recursively; zips count their rosters). */
export const MAX_BATCH_FILES = 20_000;
/** A roster's issues a batch keeps for its outputs; beyond this they are counted (or read again). */
export const KEEP_ISSUES = 20_000;

export type FileKind = { kind: 'roster' } | { kind: 'zip' } | { kind: 'hidden' } | { kind: 'other'; reason: string };

/** Lower-case extension with its dot, or ''. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** Hidden files (".DS_Store", "._名单.xlsx") and Excel's lock files ("~$名单.xlsx"): not the user's files. */
export function isHiddenName(name: string): boolean {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.startsWith('.') || base.startsWith('~$');
}

/** What a batch does with a file of this name: read it as a roster, open it as a zip, pass over it, or list it with the reason. */
export function fileKind(name: string): FileKind {
  if (isHiddenName(name)) return { kind: 'hidden' };
  const ext = extensionOf(name);
  if ((ROSTER_EXTENSIONS as readonly string[]).includes(ext)) return { kind: 'roster' };
  if (ext === '.zip') return { kind: 'zip' };
  return { kind: 'other', reason: UNSUPPORTED[ext] ?? '不是名单文件（应为 .xlsx、.xls 或 .csv），未校验' };
}

export const isRosterName = (name: string): boolean => fileKind(name).kind === 'roster';
export const isZipName = (name: string): boolean => extensionOf(name) === '.zip';

/** The file picker's `accept`: rosters, and zips when several files are taken. */
export function acceptList(zip: boolean): string {
  return [...ROSTER_EXTENSIONS, ...(zip ? ['.zip'] : []), ...ROSTER_MIME, ...(zip ? ['application/zip'] : [])].join(',');
}
