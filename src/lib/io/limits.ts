// Size budgets for reading, in one place for the reader, the package layer (package.ts, which
// enforces the zip ones while it inflates) and the page. Pure: runs in Node and in browsers.
import { MAX_COLUMNS, MAX_INPUT_BYTES } from '../core/types';

/** Largest input file, any format (defined in core so that the page need not import io). */
export { MAX_INPUT_BYTES };

/** The refusal of a file over a size budget, in one place for the reader and the page. */
export function tooLargeMessage(size: number, max: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `文件过大（${mb(size)}），最多能读取 ${mb(max)}；学员通讯录通常不到 1 MB，请确认选对了文件`;
}
/**
 * Largest CSV the command line reads (LARGE_CSV_BUDGET in read.ts): a 1,000,000-row roster is
 * about 150 MB; Excel itself opens no more than 1,048,576 rows.
 */
export const MAX_LARGE_CSV_BYTES = 256 * 1024 * 1024;
/**
 * Most cells in a CSV read by the page (empty ones count: each is a string in memory). A
 * 120,000-row roster of 13–25 columns fits; 30 MB of empty cells (30 million) would not.
 */
export const MAX_CSV_CELLS = 3_000_000;
/**
 * Most cells in a CSV read by the command line: a 1,000,000-row roster of 13 columns (13 million)
 * takes about 1 GB; 20 million stays under 2 GB.
 */
export const MAX_LARGE_CSV_CELLS = 20_000_000;
/** Most directory entries in an OLE container (.xls); a real one has about a dozen. */
export const MAX_OLE_ENTRIES = 4096;
/** Most merged ranges in an HTML/XML "spreadsheet"; a roster has a few merged title cells. */
export const MAX_MERGES = 2000;
/**
 * Largest total of a zip's entries once inflated. A 100,000-row roster is about 60 MB of sheet XML;
 * SheetJS needs roughly 6–8 times that in memory and about 10 s on a slow machine to parse it.
 */
export const MAX_UNZIPPED_BYTES = 80 * 1024 * 1024;
/** Most entries in a zip. An .xlsx has about 10 plus a few per sheet; 200 sheets need about 500. */
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Largest HTML/XML "spreadsheet" (what some systems save with an .xls name; a 1,000-attendee one
 * is about 0.5 MB). SheetJS's HTML and XML readers take about 60 times the file size in memory.
 */
export const MAX_MARKUP_BYTES = 4 * 1024 * 1024;
/**
 * Most rows with content in one sheet (for CSV: most rows). The engine is built and benchmarked for
 * 100,000-row rosters (scripts/bench.mjs), 100 times the 1,000-attendee ceiling; this leaves room
 * for title and blank rows. Every row may carry several issues: 120,000 rows that are all wrong take
 * about 3 s and 800 MB through `roster-check --json`, and Excel's 1,048,576 would take minutes.
 */
export const MAX_ROWS = 120_000;
/**
 * Most cells in all sheets of an .xlsx (<c> elements) or .xls (cell records). SheetJS's parse
 * time goes with the number of cells (about 4–8 µs each on a slow 2-core machine): a 100,000-row
 * roster of 13–15 columns has 1.3–1.5 million and takes about 10 s; a 15 MB .xlsx of 2.85 million
 * number cells took 21 s and 1.8 GB before this limit.
 */
export const MAX_CELLS = 1_500_000;
/**
 * Most cells of table (rows × their width up to their last cell, empty cells included) read from
 * a workbook's sheets together: a 120,000-row roster of 40 columns is 4.8 million; 100,000 rows
 * with one stray cell in column XFD would be 1.6 billion.
 */
export const MAX_READ_AREA = 20_000_000;
/**
 * Most array formulas in an .xlsb written anew as .xlsx: SheetJS compares every cell with every
 * array formula while it reads formulas (200,000 of each would be 40 billion steps).
 */
export const MAX_ARRAY_FORMULAS = 1000;
/** Excel's own limits: a file beyond them was not made by Excel, and no roster needs more. */
export const MAX_ROW_INDEX = 1_048_576;
export { MAX_COLUMNS };
export const MAX_CELL_CHARS = 32_767;
/**
 * Largest range (rows × columns, empty cells included) of a sheet in a corrected .xlsx: SheetJS's
 * writer visits every cell of it (20 million took 0.7 s on a slow 2-core machine). A 120,000-row
 * roster of 40 columns is 4.8 million; one stray cell at XFD1048576 makes 17 billion.
 */
export const MAX_WRITE_AREA = 20_000_000;
