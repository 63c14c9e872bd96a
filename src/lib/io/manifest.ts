// The batch manifest (项目清单): one row per roster with its project settings, from an .xlsx/.xls
// or a CSV. Dates are read as dates — an Excel date serial or YYYY-MM-DD text — never through a
// cell's display format (SheetJS shows a date cell as "3/10/26", which reads either way).
import * as XLSX from 'xlsx';
import type { ProjectSettings } from '../core/types';
import { checkProject } from '../core/project-check';
import { readWithBook, type ReadBudget } from './read';

export type { ProjectSettings };

export interface ManifestEntry {
  /** The file name of the 文件 column (a path is reduced to its last part). */
  file: string;
  /**
   * The 文件 column as written, with "/" between folders ("内科\\名单.xlsx" → "内科/名单.xlsx"): a
   * path picks one of several files of the same name in different folders.
   */
  path: string;
  /** Excel row (1-based) of this entry in the manifest. */
  row: number;
  /** 项目名称 ('' when blank). */
  name: string;
  /** 项目级别, or null when blank. */
  level: string | null;
  /** null when a required setting is missing or cannot be read (see `problems`). */
  project: ProjectSettings | null;
  /** Sentences for the user about this row. */
  problems: string[];
  /** The 签到文件 column: sign-in files of this roster, relative to the manifest's folder ("/" between folders); absent: none. */
  signin?: string[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const COLUMNS = {
  file: ['文件', '文件名', '文件名称'],
  name: ['项目名称'],
  start: ['开始日期', '举办开始日期', '开始时间'],
  end: ['结束日期', '举办结束日期', '结束时间'],
  hours: ['学时'],
  credits: ['学分', '授予学分'],
  mode: ['举办形式', '举办方式'],
  planned: ['计划人数', '拟招生人数', '计划招生人数'],
  level: ['项目级别', '级别'],
  signin: ['签到文件', '签到记录', '考勤文件', '签到表'],
} as const;
type Key = keyof typeof COLUMNS;
const REQUIRED: Key[] = ['file', 'start', 'end', 'hours', 'credits'];
const LABEL: Record<Key, string> = { file: '文件', name: '项目名称', start: '开始日期', end: '结束日期', hours: '学时', credits: '学分', mode: '举办形式', planned: '计划人数', level: '项目级别', signin: '签到文件' };

/** A cell as read: a number (Excel number or date serial), or text. */
type Cell = number | string;

const headerKey = (s: string) => s.replace(/[\s*＊:：]/g, '').replace(/[(（][^)）]*[)）]/g, '');

function toIso(y: number, m: number, d: number): string | null {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (y < 1900 || y > 2200 || back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return back.toISOString().slice(0, 10);
}

/** An Excel date serial (1900 or 1904 date system) as YYYY-MM-DD; the time of day is dropped. */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 61)) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(base + Math.floor(serial) * 86_400_000);
  return toIso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A date cell: a serial, or text with the year first (2026-03-10, 2026/3/10, 2026年3月10日). */
export function manifestDate(cell: Cell, date1904 = false): string | null {
  if (typeof cell === 'number') return serialToIso(cell, date1904);
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(cell);
  return m ? toIso(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function manifestNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  const t = String(cell).trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

function manifestMode(cell: Cell): ProjectSettings['mode'] | null {
  const t = String(cell).replace(/\s/g, '').replace(/[＋、/和]/g, '+');
  return t === '面授' || t === '远程' || t === '面授+远程' ? t : t === '远程+面授' ? '面授+远程' : null;
}

const isBlankCell = (c: Cell | undefined) => c === undefined || (typeof c === 'string' && c.trim() === '');
const text = (c: Cell | undefined) => (c === undefined ? '' : String(c).trim());

/** A 文件 cell as a relative path: "/" between folders, no "./", no leading or doubled "/". */
export function manifestPath(cell: string): string {
  return cell
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** The manifest's rows from its table of cells (header found in the first 20 rows). */
export function parseManifestRows(rows: readonly (readonly (Cell | undefined)[])[], date1904 = false): ManifestEntry[] {
  let header = -1;
  const at: Partial<Record<Key, number>> = {};
  for (let r = 0; r < Math.min(rows.length, 20) && header < 0; r++) {
    const found: Partial<Record<Key, number>> = {};
    (rows[r] ?? []).forEach((c, i) => {
      const k = headerKey(text(c));
      for (const key of Object.keys(COLUMNS) as Key[]) {
        if (found[key] === undefined && (COLUMNS[key] as readonly string[]).includes(k)) found[key] = i;
      }
    });
    if (found.file !== undefined && found.start !== undefined) {
      header = r;
      Object.assign(at, found);
    }
  }
  if (header < 0) throw new ManifestError('项目清单中找不到表头（应有“文件”“开始日期”等列）');
  const missing = REQUIRED.filter((k) => at[k] === undefined).map((k) => `“${LABEL[k]}”`);
  if (missing.length > 0) throw new ManifestError(`项目清单缺少 ${missing.join('、')} 列`);

  const out: ManifestEntry[] = [];
  for (let r = header + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const get = (k: Key): Cell | undefined => (at[k] === undefined ? undefined : row[at[k] as number]);
    if ((Object.keys(at) as Key[]).every((k) => isBlankCell(get(k)))) continue;
    const problems: string[] = [];
    const path = manifestPath(text(get('file')));
    const file = path.split('/').pop() ?? '';
    if (!file) problems.push('没有填写文件名');
    const start = manifestDate(get('start') ?? '', date1904);
    const end = manifestDate(get('end') ?? '', date1904);
    for (const [k, v] of [['start', start], ['end', end]] as const) {
      if (v === null) problems.push(isBlankCell(get(k)) ? `没有填写${LABEL[k]}` : `${LABEL[k]}“${text(get(k))}”无法识别，请写成 2026-03-10 的形式`);
    }
    if (start && end && end < start) problems.push(`结束日期 ${end} 早于开始日期 ${start}`);
    const hours = manifestNumber(get('hours') ?? '');
    const credits = manifestNumber(get('credits') ?? '');
    if (hours === null) problems.push(isBlankCell(get('hours')) ? '没有填写学时' : `学时“${text(get('hours'))}”不是数字`);
    if (credits === null) problems.push(isBlankCell(get('credits')) ? '没有填写学分' : `学分“${text(get('credits'))}”不是数字`);
    let mode: ProjectSettings['mode'] | null | undefined;
    if (!isBlankCell(get('mode'))) {
      mode = manifestMode(get('mode') as Cell);
      if (mode === null) problems.push(`举办形式“${text(get('mode'))}”应为 面授、远程 或 面授+远程`);
    }
    let planned: number | null | undefined;
    if (!isBlankCell(get('planned'))) {
      planned = manifestNumber(get('planned') as Cell);
      if (planned === null || !Number.isInteger(planned)) problems.push(`计划人数“${text(get('planned'))}”不是整数`);
    }
    const level = isBlankCell(get('level')) ? null : text(get('level'));
    let project: ProjectSettings | null = null;
    if (start && end && end >= start && hours !== null && credits !== null) {
      project = { start, end, hours, credits, jjj: false, practical: false };
      if (mode) project.mode = mode;
      if (typeof planned === 'number' && Number.isInteger(planned)) project.planned = planned;
      // The ranges of --project and the page's form (one checker): 1e300 学时 is a slip, not a project.
      const checked = checkProject(project);
      if ('errors' in checked) {
        for (const e of checked.errors) problems.push(`${LABEL[e.field as Key] ?? e.field}${e.message}`);
        project = null;
      }
    }
    // Several sign-in files are separated by ； ; or 、.
    const signin = text(get('signin')).split(/[；;、]/).map((x) => manifestPath(x.trim())).filter(Boolean);
    out.push({ file, path, row: r + 1, name: text(get('name')), level, project, problems, ...(signin.length ? { signin } : {}) });
  }
  return out;
}

/** Read a manifest file (.xlsx, .xls or CSV) under the same budgets as a roster. */
export function readManifest(bytes: Uint8Array, budget?: ReadBudget): ManifestEntry[] {
  // The reader enforces every budget and reads a CSV; a workbook is then read again for the
  // cells' values (numbers and date serials, not their display text).
  // One read, as a roster is read (the same budgets and package layer): the display text gives
  // each row's extent (already bounded by the reader), SheetJS's cells their values.
  const { workbook: wb, book } = readWithBook(bytes, budget);
  if (wb.format === 'csv' || !book) return parseManifestRows(wb.sheets[0]?.rows ?? []);
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
  let lastError: unknown = null;
  for (const sheet of wb.sheets) {
    const ws = book.Sheets[sheet.name];
    if (!ws) continue;
    const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
    const rows: Cell[][] = sheet.rows.map((row, r) => row.map((_, c) => valueOf(data[r]?.[c])));
    try {
      return parseManifestRows(rows, date1904);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError instanceof ManifestError ? lastError : new ManifestError('项目清单中找不到表头（应有“文件”“开始日期”等列）');
}

/** A cell's value: a number (or date serial) as it is, anything else as text ('' for none). */
function valueOf(cell: XLSX.CellObject | undefined): Cell {
  const v = cell?.v;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return v === undefined || v === null ? '' : String(cell?.w ?? v);
}

/** How a manifest's rows fit the files of a batch. */
export interface ManifestMatch {
  /** The row of each file (by its index in the files given), when one names it alone. */
  entryOf: (ManifestEntry | undefined)[];
  /** Rows that name no file of the batch. */
  missing: ManifestEntry[];
  /** Rows that fit several files (a bare name found in several folders): none of them gets the row. */
  ambiguous: { entry: ManifestEntry; files: string[] }[];
  /** Sentences about single rows (a file named by two rows: the first one counts). */
  notes: { row: number; file: string; message: string }[];
}

/**
 * Which file each manifest row names. A row's 文件 names a file by its name ("名单.xlsx") or by
 * its path, whole or its last folders ("内科/名单.xlsx" fits ".../2026/内科/名单.xlsx", never
 * ".../外科/名单.xlsx"). A row that fits two files is reported as ambiguous, never guessed; a file
 * named by two rows gets the first. `files` are the batch's files as shown (folders joined by "/"
 * or "\"; a roster inside a zip is "archive.zip/inside/name.xlsx").
 */
export function matchManifest(entries: readonly ManifestEntry[], files: readonly string[]): ManifestMatch {
  const byName = new Map<string, number[]>();
  const paths = files.map((f) => manifestPath(f));
  paths.forEach((p, i) => {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(i);
    else byName.set(name, [i]);
  });
  const out: ManifestMatch = { entryOf: files.map(() => undefined), missing: [], ambiguous: [], notes: [] };
  const firstRow = new Map<number, ManifestEntry>();
  for (const m of entries) {
    if (!m.file) continue;
    const fits = (byName.get(m.file) ?? []).filter((i) => {
      const p = paths[i] as string;
      return p === m.path || p.endsWith(`/${m.path}`);
    });
    if (fits.length === 0) out.missing.push(m);
    else if (fits.length > 1) out.ambiguous.push({ entry: m, files: fits.map((i) => files[i] as string) });
    else {
      const i = fits[0] as number;
      const first = firstRow.get(i);
      if (first) out.notes.push({ row: m.row, file: m.path, message: repeatedMessage(m.path, first.row) });
      else {
        firstRow.set(i, m);
        out.entryOf[i] = m;
      }
    }
  }
  return out;
}

/** The sentence for a row that fits several files: which ones, and how to name one of them. */
/** A file named on two rows of the manifest: the first row counts. */
export const repeatedMessage = (file: string, firstRow: number) => `“${file}”在项目清单中出现了不止一次，以第 ${firstRow} 行为准`;
/** A manifest row whose file is not among the rosters. */
export const missingMessage = (row: number, file: string) => `项目清单第 ${row} 行的“${file}”没有找到对应的名单文件`;
/** A roster the manifest does not name. */
export const unlistedMessage = (file: string) => `${file}：项目清单中没有这个文件`;

export function ambiguousMessage(a: ManifestMatch['ambiguous'][number]): string {
  const p = manifestPath(a.files[0] ?? '').split('/');
  const example = p.slice(-2 - (a.entry.path.split('/').length - 1)).join('/');
  return `项目清单第 ${a.entry.row} 行的“${a.entry.path}”对应 ${a.files.length} 个文件（${a.files.join('；')}），无法确定是哪一个：请在“文件”列写上所在的文件夹，如“${example}”`;
}
