// The attendance file's sheets as records: every sheet whose header names who and when (found by
// the header aliases of profiles/attendance.json, profile data like the roster's aliases), one
// record per row. A log that names people by card number only cannot be reconciled: refused.
import aliasesJson from '../profiles/attendance.json';
import type { RawSheet, RawWorkbook } from '../types';
import { headerKeys } from '../locate';
import { cleanName, compactCode, matchKey } from '../normalize';
import { mobileNumber } from '../mobile';
import { checkCharacter } from '../idnumber';
import { parseDay, parseDuration, parseTime } from './times';

export const FIELDS = ['name', 'idNumber', 'code', 'mobile', 'unit', 'dept', 'title', 'date', 'session', 'in', 'out', 'duration', 'card'] as const;
export type Field = (typeof FIELDS)[number];
export type FieldColumns = Partial<Record<Field, number>>;

/** Header aliases of each field (profile data). */
export const ATTENDANCE_ALIASES: Readonly<Record<Field, readonly string[]>> = aliasesJson;

/** What the file is: a typed sign-in sheet, a credit platform's export, or a log of card swipes. */
export type AttendanceKind = 'sheet' | 'platform' | 'log';

export interface SignRecord {
  /** The attendance file's name, as the user gave it. */
  file: string;
  sheet: string;
  /** Excel row, 1-based. */
  row: number;
  kind: AttendanceKind;
  name: string;
  unit: string;
  /** An ID number (证件号码, or 人员编号 when that column holds ID numbers), compact; null: none. */
  id: string | null;
  mobile: string | null;
  /** The day of the record (days since 1970-01-01), null when unknown. */
  day: number | null;
  /** Sign-in or swipe time, minutes since the epoch (clock time), null when unknown. */
  at: number | null;
  /** Sign-out time, null when none. */
  out: number | null;
  /** Minutes present as the file gives them (观看时长), null when none. */
  duration: number | null;
  /** 场次: its column, else the sheet's name. */
  session: string;
}

/** One attendance file read, or why it cannot be used (one Chinese sentence). */
export type AttendanceRead = { records: SignRecord[]; sheets: string[] } | { error: string };

/**
 * The step that matches columns a header alias did not find (the roster's column matching, when it
 * exists: issue #19), given the header cells and what the aliases found; returns what to use.
 */
export type ColumnMatcher = (header: readonly string[], found: FieldColumns) => FieldColumns;

const INDEX: ReadonlyMap<string, Field> = (() => {
  const m = new Map<string, Field>();
  for (const f of FIELDS) for (const a of ATTENDANCE_ALIASES[f]) if (!m.has(matchKey(a))) m.set(matchKey(a), f);
  return m;
})();

const HEADER_SCAN_ROWS = 20;
const WHO: readonly Field[] = ['name', 'idNumber', 'code', 'mobile'];
const WHEN: readonly Field[] = ['in', 'out', 'duration', 'date'];

/** The fields a header row names (first column of each field wins). */
export function headerFields(row: readonly string[]): FieldColumns {
  const found: FieldColumns = {};
  row.forEach((cell, c) => {
    for (const k of headerKeys(cell ?? '')) {
      const f = INDEX.get(k);
      if (f !== undefined) {
        if (found[f] === undefined) found[f] = c;
        return;
      }
    }
  });
  return found;
}

const isHeader = (f: FieldColumns) => WHO.some((k) => f[k] !== undefined) && WHEN.some((k) => f[k] !== undefined);
const cardsOnly = (f: FieldColumns) => f.card !== undefined && !WHO.some((k) => f[k] !== undefined) && WHEN.some((k) => f[k] !== undefined);

/** A resident ID number whose check character is right (what 人员编号 must hold to count as an ID). */
export function isValidResidentId(s: string): boolean {
  return /^\d{17}[\dX]$/.test(s) && checkCharacter(s.slice(0, 17)) === s[17];
}

export const CARDS_ONLY_MESSAGE = '这份刷卡记录只有卡号，没有姓名、证件号码或手机号码，无法与名单核对；请导出带姓名或证件号码的记录';
export const NO_HEADER_MESSAGE = '没有找到签到记录的表头（应有“姓名”或“证件号码”，以及“签到时间”“考勤时间”或“观看时长”等列）';

/** Read the records of every sheet whose header matches. */
export function readAttendance(workbook: RawWorkbook, file: string, matcher?: ColumnMatcher): AttendanceRead {
  const records: SignRecord[] = [];
  const sheets: string[] = [];
  let sawCardsOnly = false;
  for (const sheet of workbook.sheets) {
    if (sheet.hidden) continue;
    const found = findHeader(sheet, matcher);
    if (found === null) continue;
    if (found === 'cards') {
      sawCardsOnly = true;
      continue;
    }
    sheets.push(sheet.name);
    sheetRecords(sheet, found.row, found.columns, file, records);
  }
  if (sheets.length === 0) return { error: sawCardsOnly ? CARDS_ONLY_MESSAGE : NO_HEADER_MESSAGE };
  return { records, sheets };
}

function findHeader(sheet: RawSheet, matcher?: ColumnMatcher): { row: number; columns: FieldColumns } | 'cards' | null {
  let cards = false;
  for (let r = 0; r < Math.min(sheet.rows.length, HEADER_SCAN_ROWS); r++) {
    const row = sheet.rows[r] ?? [];
    let f = headerFields(row);
    if (matcher) f = matcher(row, f);
    if (isHeader(f)) return { row: r, columns: f };
    if (cardsOnly(f)) cards = true;
  }
  return cards ? 'cards' : null;
}

function sheetRecords(sheet: RawSheet, headerRow: number, f: FieldColumns, file: string, out: SignRecord[]): void {
  const kind: AttendanceKind = f.duration !== undefined ? 'platform' : f.out !== undefined || f.session !== undefined ? 'sheet' : 'log';
  const at = (row: readonly string[], field: Field) => (f[field] === undefined ? '' : (row[f[field] as number] ?? '').trim());
  // 人员编号 is an ID only when every value it holds is a valid ID number.
  let codeIsId = f.code !== undefined;
  let codes = 0;
  for (let r = headerRow + 1; codeIsId && r < sheet.rows.length; r++) {
    const v = at(sheet.rows[r] ?? [], 'code');
    if (!v) continue;
    codes++;
    if (!isValidResidentId(compactCode(v))) codeIsId = false;
  }
  codeIsId &&= codes > 0;
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const name = cleanName(at(row, 'name'));
    const idText = compactCode(at(row, 'idNumber')) || (codeIsId ? compactCode(at(row, 'code')) : '');
    const mobile = mobileNumber(at(row, 'mobile'));
    if (!name && !idText && !mobile) continue;
    const dayText = at(row, 'date');
    const dateDay = dayText ? parseDay(dayText) ?? dayOfTime(dayText) : null;
    const inAt = parseTime(at(row, 'in'), dateDay);
    const day = inAt !== null ? Math.floor(inAt / 1440) : dateDay;
    const outAt = parseTime(at(row, 'out'), day);
    out.push({
      file,
      sheet: sheet.name,
      row: r + 1,
      kind,
      name,
      unit: cleanName(at(row, 'unit')),
      id: idText || null,
      mobile,
      day,
      at: inAt,
      out: outAt,
      duration: parseDuration(at(row, 'duration')),
      session: at(row, 'session') || sheet.name,
    });
  }
}

function dayOfTime(text: string): number | null {
  const t = parseTime(text);
  return t === null ? null : Math.floor(t / 1440);
}
