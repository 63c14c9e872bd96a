// One place that runs the whole flow on a file: read → locate → check, and fix → write. Used by
// the command line and the browser worker alike.
import { LocateError, analyze, applyFixes, cellKey, type Fix, type Located, type Profile, type RawWorkbook, type Roster, type RosterOptions, type Settings } from '../core/index';
import type { Package } from './package';
import { ReadError, readFile, sheetJsBytes, type ReadBudget } from './read';
import { writeCorrected, type WrittenFile } from './write';

export interface Checked {
  workbook: RawWorkbook;
  located: Located;
  roster: Roster;
  /** The package of an .xlsx/.xlsm/.xlsb, kept so that the export need not read the file again. */
  pkg?: Package | null;
}

/**
 * What the user reads when something fails that no budget or check foresaw, while `doing` (such
 * as "写出校正文件"): one Chinese sentence, never a library's English. The error itself is kept
 * as `cause` for whoever debugs it.
 */
export function unexpectedError(doing: string, e: unknown): ReadError {
  if (e instanceof ReadError) return e;
  const text = e instanceof Error ? e.message : String(e);
  const memory = e instanceof RangeError || /memory|allocation|invalid (string|array|typed array) length|too large|exceed/i.test(text);
  const err = new ReadError(
    memory ? 'too-large' : 'corrupt',
    memory ? `${doing}时内容过多，超出了能处理的范围；请删去多余的行、列或工作表后再试` : `${doing}时遇到无法处理的内容；请在 Excel 中打开文件并另存为 .xlsx 后再试`,
  );
  return Object.assign(err, { cause: e });
}

/**
 * Read and check a file (`options.sheet`: the sheet of that name, not the one we would choose).
 * Throws ReadError (unreadable) or LocateError (no roster header, or no such sheet).
 */
export function checkFile(bytes: Uint8Array, profile: Profile, settings: Settings, options: { budget?: ReadBudget; roster?: RosterOptions; sheet?: string } = {}): Checked {
  let read;
  try {
    read = readFile(bytes, options.budget);
  } catch (e) {
    throw unexpectedError('读取文件', e);
  }
  const { workbook, pkg } = read;
  let analyzed;
  try {
    analyzed = analyze(workbook, profile, settings, options.roster, options.sheet === undefined ? undefined : { sheet: options.sheet });
  } catch (e) {
    if (e instanceof LocateError) throw e;
    throw unexpectedError('校验', e);
  }
  return { workbook, located: analyzed.located, roster: analyzed.roster, pkg };
}

/**
 * The corrected file: the roster as it is now (with the user's edits, without the rows the user
 * deleted or whose proposed deletion was not declined) plus the accepted fixes (rows as read, as
 * Roster.acceptedFixList() gives them).
 * `accepted` defaults to every proposed fix.
 */
export function correctedFile(original: Uint8Array, checked: Checked, accepted: readonly Fix[] = checked.roster.fixes(), options: { as?: 'csv' | 'xlsx' } = {}): WrittenFile & { applied: Fix[]; skipped: Fix[] } {
  const { workbook, located, roster } = checked;
  const current = { name: located.sheetName, rows: roster.table() as string[][], numeric: new Set<number>() };
  const { sheet, applied, skipped } = applyFixes(current, located, accepted);
  const key = (f: Fix) => cellKey(f.row - 1, located.columns[f.column] as number);
  const fixed = new Set(applied.map(key));
  let written: WrittenFile;
  try {
    // (An HTML/XML "xls" is given to the writer decoded, as the reader gave it to SheetJS.)
    // Rows the user deleted and the accepted proposed deletions (a repeated header; sheet rows as
    // read) are left out of the file; the rows below move up.
    const deleted = roster.exportedDeletions();
    written = writeCorrected(workbook.format === 'xls' ? sheetJsBytes(original) : original, workbook, located, sheet.rows, { pkg: checked.pkg, fixed, as: options.as, ...(deleted.length ? { deleted } : {}) });
  } catch (e) {
    throw unexpectedError('写出校正文件', e);
  }
  // A fix the writer could not apply (over a number that has lost digits) is skipped after all.
  const kept = new Set(written.kept.filter((k) => k.fix).map((k) => cellKey(k.r, k.c)));
  if (kept.size === 0) return { ...written, applied, skipped };
  return { ...written, applied: applied.filter((f) => !kept.has(key(f))), skipped: [...skipped, ...applied.filter((f) => kept.has(key(f)))] };
}
