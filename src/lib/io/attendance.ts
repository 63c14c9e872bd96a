// Attendance files (签到表, a credit platform's export, a card-swipe log): .xlsx, .xls, .csv, .txt,
// read through the same package layer and budgets as a roster (io/read.ts), then made records by
// core/attendance/columns.ts.
import './codepages';
import { readAttendance, type AttendanceRead, type ColumnMatcher } from '../core/attendance/columns';
import { readFile, ReadError, type ReadBudget } from './read';
import { unexpectedError } from './corrected';

/** An attendance file that cannot be used: one Chinese sentence. */
export class AttendanceError extends Error {
  override name = 'AttendanceError';
}

/** The records of an attendance file. Throws AttendanceError (one Chinese sentence). */
export function readAttendanceFile(bytes: Uint8Array, file: string, budget?: ReadBudget, matcher?: ColumnMatcher): Extract<AttendanceRead, { records: unknown }> {
  let read;
  try {
    read = readFile(bytes, budget);
  } catch (e) {
    throw new AttendanceError(e instanceof ReadError ? e.message : unexpectedError('读取签到文件', e).message);
  }
  const got = readAttendance(read.workbook, file, matcher);
  if ('error' in got) throw new AttendanceError(got.error);
  return got;
}
