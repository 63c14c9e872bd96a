// One place that runs the whole flow on a file: read → locate → check, and fix → write. Used by
// the command line and the browser worker alike.
import { analyze, applyFixes, cellKey, type Fix, type Located, type Profile, type RawWorkbook, type Roster, type RosterOptions, type Settings } from '../core/index';
import type { Package } from './package';
import { readFile, sheetJsBytes, type ReadBudget } from './read';
import { writeCorrected, type WrittenFile } from './write';

export interface Checked {
  workbook: RawWorkbook;
  located: Located;
  roster: Roster;
  /** The package of an .xlsx/.xlsm/.xlsb, kept so that the export need not read the file again. */
  pkg?: Package | null;
}

/**
 * Read and check a file (`options.sheet`: the sheet of that name, not the one we would choose).
 * Throws ReadError (unreadable) or LocateError (no roster header, or no such sheet).
 */
export function checkFile(bytes: Uint8Array, profile: Profile, settings: Settings, options: { budget?: ReadBudget; roster?: RosterOptions; sheet?: string } = {}): Checked {
  const { workbook, pkg } = readFile(bytes, options.budget);
  const { located, roster } = analyze(workbook, profile, settings, options.roster, options.sheet === undefined ? undefined : { sheet: options.sheet });
  return { workbook, located, roster, pkg };
}

/**
 * The corrected file: the roster as it is now (with the user's edits) plus the accepted fixes.
 * `accepted` defaults to every proposed fix.
 */
export function correctedFile(original: Uint8Array, checked: Checked, accepted: readonly Fix[] = checked.roster.fixes(), options: { as?: 'csv' | 'xlsx' } = {}): WrittenFile & { applied: Fix[]; skipped: Fix[] } {
  const { workbook, located, roster } = checked;
  const current = { name: located.sheetName, rows: roster.table() as string[][], numeric: new Set<number>() };
  const { sheet, applied, skipped } = applyFixes(current, located, accepted);
  const key = (f: Fix) => cellKey(f.row - 1, located.columns[f.column] as number);
  const fixed = new Set(applied.map(key));
  // (An HTML/XML "xls" is given to the writer decoded, as the reader gave it to SheetJS.)
  const written = writeCorrected(workbook.format === 'xls' ? sheetJsBytes(original) : original, workbook, located, sheet.rows, { pkg: checked.pkg, fixed, as: options.as });
  // A fix the writer could not apply (over a number that has lost digits) is skipped after all.
  const kept = new Set(written.kept.filter((k) => k.fix).map((k) => cellKey(k.r, k.c)));
  if (kept.size === 0) return { ...written, applied, skipped };
  return { ...written, applied: applied.filter((f) => !kept.has(key(f))), skipped: [...skipped, ...applied.filter((f) => kept.has(key(f)))] };
}
