// Merging the session rosters of one 分次 project (issue #12): one row per person (by ID), in the
// first roster's layout. A person whose rows disagree (name, unit, phone) is written with the
// first row's values and every disagreement is listed for the user to decide: never chosen silently.
import type { Located } from './locate';
import { cleanText, isBlank } from './normalize';
import { repeatsHeader } from './rules/header-repeat';

export interface MergeSource {
  file: string;
  /** The sheet's rows as the engine holds them (display text). */
  rows: readonly (readonly string[])[];
  located: Located;
  /** The engine's ID key of a row (0-based), null when it has no usable ID. */
  keyOf(r: number): string | null;
}

export interface MergeDisagreement {
  id: string;
  column: string;
  kept: { file: string; row: number; value: string };
  other: { file: string; row: number; value: string };
}

/** Columns whose disagreement is listed. */
export const MERGE_COMPARED = ['姓名', '工作单位', '手机号码'] as const;

const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

export class Merger {
  private readonly top: string[][];
  private readonly width: number;
  /** Base column index → canonical column name, or the header text of a column the template does not know. */
  private readonly layout: { name: string | null; header: string | null }[];
  private readonly serialColumn: number | undefined;
  private readonly out: string[][] = [];
  private readonly seen = new Map<string, { file: string; row: number; values: string[] }>();
  readonly disagreements: MergeDisagreement[] = [];
  /** Rows merged into an earlier row of the same person. */
  merged = 0;
  /** Data rows read from all sources. */
  read = 0;

  constructor(first: MergeSource) {
    const { rows, located } = first;
    this.top = rows.slice(0, located.firstDataRow).map((r) => r.slice());
    const headerRow = rows[located.headerRow] ?? [];
    this.width = Math.max(headerRow.length, located.byIndex.length);
    const unknown = new Map(located.unknown.map((u) => [u.index, u.header]));
    this.layout = Array.from({ length: this.width }, (_, c) => ({ name: located.byIndex[c]?.name ?? null, header: unknown.get(c) ?? null }));
    this.serialColumn = located.byIndex.findIndex((c) => c?.kind === 'serial');
    if (this.serialColumn < 0) this.serialColumn = undefined;
  }

  add(src: MergeSource): void {
    const { rows, located } = src;
    const unknownByHeader = new Map(located.unknown.map((u) => [u.header, u.index]));
    const from = this.layout.map((l) => (l.name !== null ? located.columns[l.name] : l.header !== null ? unknownByHeader.get(l.header) : undefined));
    const mappedIndexes = located.byIndex.map((c, i) => (c && c.kind !== 'serial' ? i : -1)).filter((i) => i >= 0);
    // A header pasted again below the header is no person (rule header.repeat): not merged.
    const templateIndexes = located.byIndex.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
    const headerTexts = templateIndexes.map((i) => cleanText(rows[located.headerRow]?.[i] ?? ''));
    for (let r = located.firstDataRow; r < rows.length; r++) {
      const row = rows[r] ?? [];
      if (!mappedIndexes.some((i) => !isBlank(row[i] ?? ''))) continue;
      if (repeatsHeader(row, templateIndexes, headerTexts, isBlank)) continue;
      this.read++;
      const values = from.map((i) => (i === undefined ? '' : row[i] ?? ''));
      const key = src.keyOf(r);
      if (key === null) {
        this.out.push(values);
        continue;
      }
      const first = this.seen.get(key);
      if (!first) {
        this.seen.set(key, { file: src.file, row: r + 1, values });
        this.out.push(values);
        continue;
      }
      this.merged++;
      for (const column of MERGE_COMPARED) {
        const c = this.layout.findIndex((l) => l.name === column);
        if (c < 0) continue;
        const a = first.values[c] ?? '';
        const b = values[c] ?? '';
        // A cell the first row left empty is not a disagreement to decide: it stays empty and the
        // merged roster's own check reports it.
        if (!same(a, b) && !isBlank(b)) this.disagreements.push({ id: key, column, kept: { file: first.file, row: first.row, value: a }, other: { file: src.file, row: r + 1, value: b } });
      }
    }
  }

  /** The merged sheet: the first roster's title and header rows, then one row per person, renumbered. */
  rows(): string[][] {
    const s = this.serialColumn;
    const data = s === undefined ? this.out : this.out.map((r, i) => {
      const copy = r.slice();
      copy[s] = String(i + 1);
      return copy;
    });
    return [...this.top, ...data];
  }

  /** Attendee rows in the merged roster. */
  get people(): number {
    return this.out.length;
  }
}
