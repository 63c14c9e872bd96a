// Applying fixes: accepted proposals and the user's own edits, as data. Returns a new sheet; the
// input is never changed.
import type { Located } from './locate';
import type { Fix, RawSheet } from './types';
import { cellKey } from './types';

export interface AppliedFixes {
  sheet: RawSheet;
  applied: Fix[];
  /** Fixes whose cell no longer holds `from` (edited since), or whose column is not in the sheet. */
  skipped: Fix[];
}

export function applyFixes(sheet: RawSheet, located: Located, fixes: readonly Fix[]): AppliedFixes {
  const rows = sheet.rows.slice();
  const numeric = new Set(sheet.numeric);
  const copied = new Set<number>();
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const f of fixes) {
    const c = located.columns[f.column];
    const r = f.row - 1;
    // Data rows, and the header row (a header cell's fix; the header is never edited by hand).
    if (c === undefined || (r < located.firstDataRow && r !== located.headerRow) || r >= rows.length) {
      skipped.push(f);
      continue;
    }
    const current = rows[r]?.[c] ?? '';
    if (current !== f.from) {
      skipped.push(f);
      continue;
    }
    if (!copied.has(r)) {
      rows[r] = (rows[r] ?? []).slice();
      copied.add(r);
    }
    const row = rows[r] as string[];
    while (row.length < c) row.push('');
    row[c] = f.to;
    numeric.delete(cellKey(r, c));
    applied.push(f);
  }
  return { sheet: { name: sheet.name, rows, numeric }, applied, skipped };
}
