// One table of per-row results, and every aggregate read from it: people (by their first row), the
// ID index, the province chart, the shares' counts and the issue totals, now and as exported.
//
// It keeps two states of every row: as it is now, and as it will be exported (accepted fixes
// applied). A row with no accepted fix is the same in both, so only rows with fixes are checked a
// second time; the exported state has its own ID index, for duplicates that a fix makes or ends.
// `put` and `remove` are exact inverses: every aggregate `put` adds to, `remove` takes away.
import type { Located } from '../locate';
import type { Profile } from '../profile';
import type { Issue, Settings, Summary } from '../types';
import { addDays } from '../dates';
import { IdIndex, hashOf } from '../idindex';
import { isBlank } from '../normalize';
import { needMore } from '../rules/share';
import { NO_ISSUES, type MappedColumn, type RowChecker } from './row-checker';

/** Per-row flags, packed in a Uint8Array (no object per row: rosters have 100,000 rows). */
const ATTENDEE = 1;
const OUT_OF_PROVINCE = 2;
const GRASSROOTS = 4;
/** The row has an accepted fix: its exported state is checked on its own. */
const FIXED = 8;
/** The row repeats the header: no attendee, no cell checked (rules/header-repeat.ts). */
const HEADER_COPY = 16;

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(issues: readonly Issue[], into: Totals, sign = 1): void {
  for (const i of issues) {
    if (i.severity === 'error') into.errors += sign;
    else if (i.severity === 'warning') into.warnings += sign;
    else into.infos += sign;
  }
}

/** [column, value] of a row's accepted fixes, or null when it has none. */
export type AcceptedFixes = (r: number, issues: readonly Issue[]) => [number, string][] | null;

/** People counts as the summary reports them. */
export interface PeopleCounts {
  attendees: number;
  rows: number;
  outOfProvince: number;
  grassroots: number;
  either: number;
}

export class RowTable {
  /** Per sheet row: ATTENDEE | OUT_OF_PROVINCE | GRASSROOTS | FIXED | HEADER_COPY. */
  private readonly flags: Uint8Array;
  /** Issues of rows that have any (sparse); only when issues are retained. */
  private readonly rowIssueMap = new Map<number, Issue[]>();
  /** Per sheet row, when issues are not retained: its errors, warnings and infos (saturating). */
  private readonly rowCounts: Uint16Array | null;
  /** Per sheet row: errors and warnings of the row as it will be exported (saturating). */
  private readonly afterCounts: Uint16Array;
  /** Rows flagged HEADER_COPY. */
  headerCopies = 0;
  /** Duplicate key of each row's ID (sparse array), now and as exported. */
  private readonly idKeys: (string | null)[] = [];
  private readonly afterKeys: (string | null)[] = [];
  readonly ids: IdIndex;
  /**
   * The ID index of the rows as exported (and `afterKeys` their keys); null while it would be
   * `ids` itself, as long as no accepted fix changes a row's ID or makes it no attendee (the
   * common case: one index per roster, not two).
   */
  private afterIds: IdIndex | null = null;
  readonly people: PeopleCounts = { attendees: 0, rows: 0, outOfProvince: 0, grassroots: 0, either: 0 };
  readonly rowTotals: Totals = { errors: 0, warnings: 0, infos: 0 };
  readonly afterTotals = { errors: 0, warnings: 0 };
  private readonly rowScratch: Totals = { errors: 0, warnings: 0, infos: 0 };

  constructor(
    private readonly rows: readonly (readonly string[])[],
    private readonly located: Located,
    private readonly checker: RowChecker,
    retain: boolean,
  ) {
    this.flags = new Uint8Array(rows.length);
    this.rowCounts = retain ? null : new Uint16Array(rows.length * 3);
    this.afterCounts = new Uint16Array(rows.length * 2);
    this.ids = new IdIndex(rows.length);
  }

  /** The person a row stands for counts with these flags (when it is the person's first row). */
  private count(f: number, sign: number): void {
    const p = this.people;
    p.attendees += sign;
    if (f & OUT_OF_PROVINCE) p.outOfProvince += sign;
    if (f & GRASSROOTS) p.grassroots += sign;
    if (f & (OUT_OF_PROVINCE | GRASSROOTS)) p.either += sign;
  }

  /** Check row r (0-based) as `row` holds it and store its result; the row must hold none (`remove`). */
  put(r: number, row: readonly string[], accepted: AcceptedFixes): void {
    const checker = this.checker;
    const issues = checker.evaluate(r, row);
    const res = checker.result;
    if (!res.attendee) {
      if (res.headerCopy) {
        this.flags[r] = HEADER_COPY;
        this.headerCopies++;
      }
      return;
    }
    const { outside, grass, key } = res;
    const t = this.rowScratch;
    t.errors = t.warnings = t.infos = 0;
    if (issues.length > 0) {
      countSeverities(issues, t);
      const counts = this.rowCounts;
      if (counts === null) {
        this.rowIssueMap.set(r, issues);
        this.rowTotals.errors += t.errors;
        this.rowTotals.warnings += t.warnings;
        this.rowTotals.infos += t.infos;
      } else {
        // Saturating at 65,535 a row (an unknown column each may hold a formula): the totals add
        // what is stored, so that remove() takes away exactly what was added.
        counts[3 * r] = Math.min(t.errors, 0xffff);
        counts[3 * r + 1] = Math.min(t.warnings, 0xffff);
        counts[3 * r + 2] = Math.min(t.infos, 0xffff);
        this.rowTotals.errors += counts[3 * r] as number;
        this.rowTotals.warnings += counts[3 * r + 1] as number;
        this.rowTotals.infos += counts[3 * r + 2] as number;
      }
    }
    let f = ATTENDEE | (outside ? OUT_OF_PROVINCE : 0) | (grass ? GRASSROOTS : 0);
    let h = 0;
    this.people.rows++;
    if (key !== null) {
      this.idKeys[r] = key;
      // A person counts by the first of their rows; a row above the first takes its place.
      h = res.hash >= 0 ? res.hash : hashOf(key);
      const first = this.ids.add(key, r, h);
      if (first < 0) this.count(f, 1);
      else if (r < first) {
        this.count(this.flags[first] ?? 0, -1);
        this.count(f, 1);
      }
    } else this.count(f, 1);

    // The row as it will be exported: the same unless an accepted fix changes it.
    let afterKey = key;
    const fixed = issues.length > 0 ? accepted(r, issues) : null;
    if (fixed !== null) {
      f |= FIXED;
      const copy = row.slice();
      for (const [c, to] of fixed) {
        while (copy.length < c) copy.push('');
        copy[c] = to;
      }
      checker.fixedColumns = fixed.map(([c]) => c);
      const after = checker.evaluate(r, copy);
      checker.fixedColumns = null;
      t.errors = t.warnings = t.infos = 0;
      countSeverities(after, t);
      afterKey = checker.result.attendee ? checker.result.key : null;
    }
    this.afterCounts[2 * r] = Math.min(t.errors, 0xffff);
    this.afterCounts[2 * r + 1] = Math.min(t.warnings, 0xffff);
    this.afterTotals.errors += this.afterCounts[2 * r] as number;
    this.afterTotals.warnings += this.afterCounts[2 * r + 1] as number;
    if (afterKey !== key || this.afterIds !== null) this.storeAfterKey(r, key, afterKey, h);
    this.flags[r] = f;
  }

  /** Store row r's key as exported, making the exported state's own ID index when it first differs. */
  private storeAfterKey(r: number, key: string | null, afterKey: string | null, h: number): void {
    let index = this.afterIds;
    if (index === null) {
      // Until now every row was exported with its own key: the index starts as a copy of `ids`.
      index = this.afterIds = new IdIndex(this.rows.length);
      for (let x = this.located.firstDataRow; x < this.rows.length; x++) {
        const k = this.idKeys[x];
        if (x === r || k == null) continue;
        this.afterKeys[x] = k;
        index.add(k, x);
      }
    }
    if (afterKey !== null) {
      this.afterKeys[r] = afterKey;
      index.add(afterKey, r, afterKey === key ? h : hashOf(afterKey));
    }
  }

  /** Take a row's result out of every aggregate. */
  remove(r: number): void {
    const f = this.flags[r] ?? 0;
    if (!(f & ATTENDEE)) {
      if (f & HEADER_COPY) {
        this.flags[r] = 0;
        this.headerCopies--;
      }
      return;
    }
    this.people.rows--;
    const key = this.idKeys[r];
    if (key != null) {
      this.idKeys[r] = null;
      const next = this.ids.remove(key, r);
      if (next !== -2) {
        // r was the person's first row: the next one, if any, now stands for them.
        this.count(f, -1);
        if (next >= 0) this.count(this.flags[next] ?? 0, 1);
      }
    } else this.count(f, -1);
    this.flags[r] = 0;
    const counts = this.rowCounts;
    if (counts === null) {
      const issues = this.rowIssueMap.get(r);
      if (issues) {
        countSeverities(issues, this.rowTotals, -1);
        this.rowIssueMap.delete(r);
      }
    } else {
      this.rowTotals.errors -= counts[3 * r] as number;
      this.rowTotals.warnings -= counts[3 * r + 1] as number;
      this.rowTotals.infos -= counts[3 * r + 2] as number;
      counts[3 * r] = counts[3 * r + 1] = counts[3 * r + 2] = 0;
    }
    this.afterTotals.errors -= this.afterCounts[2 * r] as number;
    this.afterTotals.warnings -= this.afterCounts[2 * r + 1] as number;
    this.afterCounts[2 * r] = this.afterCounts[2 * r + 1] = 0;
    const after = this.afterIds;
    const afterKey = after === null ? null : this.afterKeys[r];
    if (after !== null && afterKey != null) {
      this.afterKeys[r] = null;
      after.remove(afterKey, r);
    }
  }

  /** Rows that share an ID with another row, as exported. */
  get afterDuplicateRows(): number {
    return (this.afterIds ?? this.ids).duplicateRows;
  }

  /** Excel rows (1-based, ascending) that repeat the header. */
  headerRepeats(): number[] {
    const out: number[] = [];
    if (this.headerCopies > 0) for (let r = this.located.firstDataRow; r < this.rows.length; r++) if ((this.flags[r] ?? 0) & HEADER_COPY) out.push(r + 1);
    return out;
  }

  /** The ID key of a row (0-based), as duplicates are found by; null for no usable ID. */
  idKey(r: number): string | null {
    return this.idKeys[r] ?? null;
  }

  /** A row's own issues (duplicates not included). */
  ownIssues(r: number): Issue[] {
    const counts = this.rowCounts;
    if (counts === null) return this.rowIssueMap.get(r) ?? NO_ISSUES;
    if ((counts[3 * r] as number) + (counts[3 * r + 1] as number) + (counts[3 * r + 2] as number) === 0) return NO_ISSUES;
    return this.checker.evaluate(r, this.rows[r] ?? []);
  }

  /** 0-based rows that have issues of their own, in order. */
  *rowsWithOwnIssues(): Generator<number> {
    const counts = this.rowCounts;
    if (counts === null) {
      yield* [...this.rowIssueMap.keys()].sort((a, b) => a - b);
      return;
    }
    for (let r = this.located.firstDataRow; r < this.rows.length; r++) {
      if ((counts[3 * r] as number) + (counts[3 * r + 1] as number) + (counts[3 * r + 2] as number) > 0) yield r;
    }
  }

  /** True when the row stands for a person: an attendee, and the first row of its ID. */
  private isPersonRow(r: number): boolean {
    if (!((this.flags[r] ?? 0) & ATTENDEE)) return false;
    const key = this.idKeys[r];
    return key == null || this.ids.first(key) === r;
  }

  /**
   * Row r's 单位所在省份 as the province chart counts it (after its fix; “未填” when empty), or null
   * when the row is no person or the roster has no such column.
   */
  provinceOf(r: number): string | null {
    const m: MappedColumn | undefined = this.checker.provinceColumn;
    if (!m || !this.isPersonRow(r)) return null;
    const raw = this.rows[r]?.[m.index] ?? '';
    let p = isBlank(raw) ? '未填' : raw;
    if (m.dict && p !== '未填' && !m.dict.values.has(p)) p = this.checker.cleanValue(raw, m.kind, m.dict) ?? raw.trim();
    return p;
  }

  /** Province counts as the chart shows them: most first, each marked outside the host's or not. */
  provinceList(counts: ReadonlyMap<string, number>, host: string): { province: string; count: number; outside: boolean }[] {
    const m = this.checker.provinceColumn;
    if (!m) return [];
    return [...counts.entries()]
      .filter(([, count]) => count > 0)
      .map(([province, count]) => ({ province, count, outside: province !== host && province !== '未填' && (m.dict?.values.has(province) ?? true) }))
      .sort((a, b) => b.count - a.count || a.province.localeCompare(b.province));
  }

  /** Every row's `provinceOf` (null for rows that are no person) and the counts of each. */
  provinceTally(): { perRow: (string | null)[]; counts: Map<string, number> } {
    const perRow: (string | null)[] = new Array<string | null>(this.rows.length).fill(null);
    const counts = new Map<string, number>();
    for (let r = this.located.firstDataRow; r < this.rows.length; r++) {
      const p = this.provinceOf(r);
      perRow[r] = p;
      if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    return { perRow, counts };
  }
}

/** The summary's people counts, shares and the project's dates (severities zero: the roster adds them). */
export function peopleSummary(p: PeopleCounts, profile: Profile, settings: Settings): Summary {
  const n = p.attendees;
  const min = profile.shareRule.min;
  const project = settings.project;
  const days = profile.projectRules;
  return {
    attendees: n,
    rows: p.rows,
    outOfProvince: p.outOfProvince,
    grassroots: p.grassroots,
    outOfProvinceOrGrassroots: p.either,
    share: n === 0 ? 0 : p.either / n,
    outOfProvinceShare: n === 0 ? 0 : p.outOfProvince / n,
    grassrootsShare: n === 0 ? 0 : p.grassroots / n,
    needMore: needMore(p.either, n, min),
    needMoreOutOfProvince: needMore(p.outOfProvince, n, min),
    errors: 0,
    warnings: 0,
    infos: 0,
    afterFixes: { errors: 0, warnings: 0 },
    filingDue: project?.start ? addDays(project.start, -days.filingDaysBefore.value) : null,
    feedbackDue: project?.end ? addDays(project.end, days.feedbackDaysAfter.value) : null,
  };
}
