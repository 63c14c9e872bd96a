// The corrected file of a checked roster, and the one sentence for an unforeseen failure: the
// part of the flow the page's roster engine needs (pipeline.ts adds reading and checking, which
// installs SheetJS's code-page table up front; the page's engine loads it only for an .xls).
import { applyFixes, cellKey, type Fix, type Located, type RawWorkbook, type Roster } from '../core/index';
import type { Package } from './package';
import { ReadError } from './read';
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
 * The corrected file: the roster as it is now (with the user's edits, without the rows the user
 * deleted or whose proposed deletion was not declined) plus the accepted fixes (rows as read, as Roster.acceptedFixList() gives them).
 * `accepted` defaults to every proposed fix.
 */
export function correctedFile(original: Uint8Array, checked: Checked, accepted: readonly Fix[] = checked.roster.fixes(), options: { as?: 'csv' | 'xlsx' } = {}): WrittenFile & { applied: Fix[]; skipped: Fix[] } {
  const { workbook, located, roster } = checked;
  const current = { name: located.sheetName, rows: roster.table() as string[][], numeric: new Set<number>() };
  // Header cell fixes (the official template's header text) go with every export.
  const header = roster.headerFixes().filter((h) => !accepted.some((f) => f.row === h.row && f.column === h.column));
  const { sheet, applied, skipped } = applyFixes(current, located, header.length > 0 ? [...header, ...accepted] : accepted);
  const key = (f: Fix) => cellKey(f.row - 1, located.columns[f.column] as number);
  const fixed = new Set(applied.map(key));
  let written: WrittenFile;
  try {
    // Rows the user deleted and the accepted proposed deletions (a repeated header; sheet rows as
    // read) are left out of the file; the rows below move up.
    const deleted = roster.exportedDeletions();
    written = writeCorrected(original, workbook, located, sheet.rows, { pkg: checked.pkg, fixed, as: options.as, ...(deleted.length ? { deleted } : {}) });
  } catch (e) {
    throw unexpectedError('写出校正文件', e);
  }
  // A fix the writer could not apply (over a number that has lost digits) is skipped after all.
  const kept = new Set(written.kept.filter((k) => k.fix).map((k) => cellKey(k.r, k.c)));
  if (kept.size === 0) return { ...written, applied, skipped };
  return { ...written, applied: applied.filter((f) => !kept.has(key(f))), skipped: [...skipped, ...applied.filter((f) => kept.has(key(f)))] };
}

/**
 * The errors left in a corrected file as it was written: the roster's afterFixes with the fixes
 * the writer could not write (`skipped`) counted as not made. What the command line and the page
 * claim after an export ("可以上传") is this count, never the promise before it.
 */
export function errorsAfterExport(checked: Checked, skipped: readonly Fix[]): number {
  const { roster, located } = checked;
  const undo: [number, number][] = [];
  for (const f of skipped) {
    const c = located.columns[f.column];
    const r = f.row - 1;
    if (c === undefined || r < located.firstDataRow || roster.isDeclined(r, c)) continue;
    roster.declineFix(r, c);
    undo.push([r, c]);
  }
  const left = roster.summary().afterFixes.errors;
  for (const [r, c] of undo) roster.acceptFix(r, c);
  return left;
}
