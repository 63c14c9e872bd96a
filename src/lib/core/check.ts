// The engine: runs the registry's rules over a located roster sheet and keeps the result up to date,
// one row at a time, as cells are edited or fixes declined (an edit on a 100,000-row roster costs
// one row and its ID group). It stores cells and per-row results and names no rule: what a rule
// checks, and when, is the rule's own business (rules/rule.ts, rules/index.ts).
//
// It keeps two states of every row: as it is now, and as it will be exported (accepted fixes
// applied). A row with no accepted fix is the same in both, so only rows with fixes are checked a
// second time; the exported state has its own ID index, for duplicates that a fix makes or ends.
import type { Column, ColumnKind, Profile } from './profile';
import type { Located } from './locate';
import type { Fix, Issue, RawSheet, Settings, Summary } from './types';
import { cellKey, countBelow } from './types';
import { cleanText, isBlank } from './normalize';
import { IdIndex, hashOf } from './idindex';
import { prepareContext, type PreparedDictionary, type RuleContext } from './rules/context';
import type { Cell, CellRule, GroupRule, ProjectRule, RosterRule, RosterView, RowRule, RowView } from './rules/rule';
import type { IdResult } from './rules/id';
import { RULES } from './rules/index';
import { grassrootsKeyword } from './rules/grassroots';
import { needMore } from './rules/share';
import { checkDictionary } from './rules/dictionary';
import { holdsHeader, repeatsHeader } from './rules/header-repeat';
import { addDays } from './dates';

/** Per-row flags, packed in a Uint8Array (no object per row: rosters have 100,000 rows). */
const ATTENDEE = 1;
const OUT_OF_PROVINCE = 2;
const GRASSROOTS = 4;
/** The row has an accepted fix: its exported state is checked on its own. */
const FIXED = 8;
/** The row repeats the header: no attendee, no cell checked (rules/header-repeat.ts). */
const HEADER_COPY = 16;

interface MappedColumn {
  index: number;
  col: Column;
  name: string;
  required: boolean;
  kind: ColumnKind;
  dict: PreparedDictionary | undefined;
  /** This column's slot in the row view. */
  slot: number;
  /** Cell rules of this column's kind, in registry order. */
  rules: CellRule[];
  /**
   * Clean values of this column (no issue from any cell rule) → the value the rules returned. Cell
   * rules depend on the value and the column only (rules/rule.ts), and most columns repeat a few
   * values (性别, 职称, 工作单位 …): a value seen clean once is not checked again. Dropped for a
   * column whose values are mostly new (IDs, phones), where it would only cost.
   */
  memo: Map<string, string> | null;
  /** The shared entry `memo` comes from (its memo, shared by every roster of this column). */
  shared: SharedMemo;
  /** Look-ups in `memo` so far, and how many found their value. */
  memoTries: number;
  memoHits: number;
  /**
   * The few values of `memo` found last, and theirs after the rules, looked at first: comparing
   * a cell with them (most often the very same string, as a workbook shares its texts) is cheaper
   * than a look-up in the map.
   */
  hot: string[];
  hotValues: string[];
  hotNext: number;
}

/**
 * Clean values of a template column, shared by every roster checked with it (a batch checks a
 * thousand rosters of one profile, each 300 rows: a memo per roster learned its values again in
 * each). Sound because a cell rule's answer depends on the value, the column's name and kind and
 * its prepared dictionary only (rules/rule.ts): the entry is used only while those are the same,
 * and a dictionary whose contents change is prepared anew (rules/context.ts), so it is another one.
 */
interface SharedMemo {
  name: string;
  kind: ColumnKind;
  dict: PreparedDictionary | undefined;
  memo: Map<string, string>;
  /** Rosters still to start without the memo: the column's values were mostly new in a recent one. */
  skip: number;
}

/** By the profile's column object: gone with the profile. */
let sharedMemos = new WeakMap<Column, SharedMemo>();

/** After a roster found a column's values mostly new, this many rosters start without its memo (then one tries again). */
const SKIP_AFTER_DROP = 8;

/** Forget every column's shared clean values (for tests that compare with a fresh engine). */
export function forgetCleanValues(): void {
  sharedMemos = new WeakMap();
}

function sharedMemo(col: Column, dict: PreparedDictionary | undefined): SharedMemo {
  let s = sharedMemos.get(col);
  if (s === undefined || s.name !== col.name || s.kind !== col.kind || s.dict !== dict) {
    s = { name: col.name, kind: col.kind, dict, memo: new Map(), skip: 0 };
    sharedMemos.set(col, s);
  }
  return s;
}

/** Values of a column's memo looked at before the map. */
const HOT = 4;

/** After this many look-ups, a column's memo stops when fewer than one in eight found their value. */
const MEMO_TRIAL = 64;
/** At most this many values a column (then it starts again). */
const MEMO_MAX = 4096;

// The registry's rules by scope, once (a batch makes a thousand rosters).
const CELL_RULES = RULES.filter((r): r is CellRule => r.scope === 'cell');
const ANY_RULES = CELL_RULES.filter((r) => r.kinds === 'any');
const ROW_RULES = RULES.filter((r): r is RowRule => r.scope === 'row');
const GROUP_RULE = RULES.find((r): r is GroupRule => r.scope === 'group');
const ROSTER_RULES = RULES.filter((r): r is RosterRule => r.scope === 'roster');
const PROJECT_RULES = RULES.filter((r): r is ProjectRule => r.scope === 'project');

const EMPTY_ROW: readonly string[] = [];
const NO_ISSUES: Issue[] = [];
/** Said of an issue whose cell is a formula other cells copy (its fix cannot be written). */
export const FORMULA_CELL = '该单元格是公式，请在 Excel 中修改';

interface Totals {
  errors: number;
  warnings: number;
  infos: number;
}

function countSeverities(issues: readonly Issue[], into: Totals, sign = 1): void {
  for (const i of issues) {
    if (i.severity === 'error') into.errors += sign;
    else if (i.severity === 'warning') into.warnings += sign;
    else into.infos += sign;
  }
}

export interface RosterOptions {
  /**
   * Keep every row's Issue objects (the default), so that reading them is free. Without it only
   * each row's counts are kept and a row's issues are worked out again when asked for (a few
   * microseconds a row): a 1,000,000-row roster that is wrong in every cell holds millions of
   * issues, gigabytes as objects. The command line uses this and streams its output.
   */
  retainIssues?: boolean;
}

/** One row's result, before it is stored (a reused scratch object). */
interface RowResult {
  attendee: boolean;
  /** Not an attendee: the row repeats the header. */
  headerCopy: boolean;
  outside: boolean;
  grass: boolean;
  key: string | null;
  /** hashOf(key) when the ID rule worked it out, else -1. */
  hash: number;
}

/** The row view the row rules read: one reused object, filled by the cell pass. */
class RowState implements RowView {
  row = 0;
  id: IdResult | null = null;
  emptyRequired = 0;
  readonly raws: string[];
  readonly values: (string | null)[];
  readonly empties: boolean[];
  /** Set per row by the roster: whether a column (by slot) was stored as a number. */
  numericAt: (slot: number) => boolean = () => false;
  /**
   * The slot of each kind's first column (absent: none). A map: the row rules ask for many kinds
   * at the same place, where a property look-up by a varying name was a slow generic one.
   */
  private readonly slots = new Map<ColumnKind, number>();

  constructor(
    readonly ctx: RuleContext,
    readonly columns: readonly { name: string; kind: ColumnKind; required: boolean }[],
    private readonly keywordOf: (unit: string) => string | null,
  ) {
    columns.forEach((c, i) => {
      if (!this.slots.has(c.kind)) this.slots.set(c.kind, i);
    });
    this.raws = columns.map(() => '');
    this.values = columns.map(() => '');
    this.empties = columns.map(() => true);
  }

  column(kind: ColumnKind): { name: string; required: boolean } | undefined {
    const s = this.slots.get(kind) ?? -1;
    return s < 0 ? undefined : this.columns[s];
  }
  raw(kind: ColumnKind): string {
    const s = this.slots.get(kind) ?? -1;
    return s < 0 ? '' : (this.raws[s] as string);
  }
  empty(kind: ColumnKind): boolean {
    const s = this.slots.get(kind) ?? -1;
    return s < 0 ? true : (this.empties[s] as boolean);
  }
  value(kind: ColumnKind): string | null {
    const s = this.slots.get(kind) ?? -1;
    return s < 0 ? '' : (this.values[s] as string | null);
  }
  rawAt(i: number): string {
    return this.raws[i] as string;
  }
  emptyAt(i: number): boolean {
    return this.empties[i] as boolean;
  }
  storedAsNumber(kind: ColumnKind): boolean {
    const s = this.slots.get(kind) ?? -1;
    return s >= 0 && this.numericAt(s);
  }
  grassrootsKeyword(unit: string): string | null {
    return this.keywordOf(unit);
  }
}

export class Roster {
  readonly profile: Profile;
  readonly settings: Settings;
  readonly located: Located;
  readonly sheetName: string;
  private readonly ctx: RuleContext;
  private readonly rows: string[][];
  private readonly numeric: Set<number>;
  /** Cells no fix may be written to (RawSheet.locked), or null when there are none. */
  private readonly locked: ReadonlySet<number> | null;
  private readonly edited = new Set<number>();
  /** Proposed fixes the user declined, by cellKey (every other proposed fix is accepted). */
  private readonly declined = new Set<number>();
  private readonly mapped: MappedColumn[];
  private readonly colOrder: Map<string, number>;
  private readonly unknownIndexes: number[];
  private readonly anyRules: CellRule[];
  private readonly rowRules: RowRule[];
  private readonly groupRule: GroupRule | undefined;
  private readonly rosterRules: RosterRule[];
  private readonly projectRules: ProjectRule[];
  /** Per sheet row: ATTENDEE | OUT_OF_PROVINCE | GRASSROOTS | FIXED. */
  private readonly flags: Uint8Array;
  private readonly retain: boolean;
  /** Issues of rows that have any (sparse); only when issues are retained. */
  private readonly rowIssueMap = new Map<number, Issue[]>();
  /** Per sheet row, when issues are not retained: its errors, warnings and infos (saturating). */
  private readonly rowCounts: Uint16Array | null;
  /** Per sheet row: errors and warnings of the row as it will be exported (saturating). */
  private readonly afterCounts: Uint16Array;
  private readonly result: RowResult = { attendee: false, headerCopy: false, outside: false, grass: false, key: null, hash: -1 };
  /** Template columns (sheet indexes) and their header texts, cleaned: to find a repeated header. */
  private readonly headerIndexes: number[];
  private readonly headerTexts: string[];
  /** Rows flagged HEADER_COPY. */
  private headerCopies = 0;
  /** Duplicate key of each row's ID (sparse array), now and as exported. */
  private readonly idKeys: (string | null)[];
  private readonly afterKeys: (string | null)[] = [];
  private readonly ids: IdIndex;
  /**
   * The ID index of the rows as exported (and `afterKeys` their keys); null while it would be
   * `ids` itself, as long as no accepted fix changes a row's ID or makes it no attendee (the
   * common case: one index per roster, not two).
   */
  private afterIds: IdIndex | null = null;
  /** Rows holding an attendee. */
  private attendeeRows = 0;
  /** People, counted by their first row (a row with no ID is a person of its own). */
  private people = 0;
  private outOfProvince = 0;
  private grassroots = 0;
  private either = 0;
  private rowTotals: Totals = { errors: 0, warnings: 0, infos: 0 };
  private afterTotals = { errors: 0, warnings: 0 };
  private readonly rowScratch: Totals = { errors: 0, warnings: 0, infos: 0 };
  /** Scratch list the rules push to; copied only when a row has issues. */
  private readonly scratch: Issue[] = [];
  private readonly idColumn: MappedColumn | undefined;
  private readonly provinceColumn: MappedColumn | undefined;
  private readonly view: RowState;
  private readonly cellScratch: Cell;
  /** The row being checked (0-based). */
  private current = 0;
  /** Columns (0-based) of the row being checked whose accepted fix is applied; null: none. */
  private fixedColumns: number[] | null = null;

  constructor(sheet: RawSheet, located: Located, profile: Profile, settings: Settings, options: RosterOptions = {}) {
    this.retain = options.retainIssues ?? true;
    this.profile = profile;
    this.located = located;
    this.sheetName = sheet.name;
    this.ctx = prepareContext(profile, settings);
    // `--practical` and the project's `"practical": true` are one setting: either turns it on.
    const practical = settings.practical || settings.project?.practical === true;
    this.settings = { ...settings, practical, hostProvince: this.canonicalProvince(settings.hostProvince) };
    this.ctx.settings = this.settings;
    // Rows are copied on write (see setCell), so the caller's table is never changed.
    this.rows = sheet.rows.slice();
    this.numeric = sheet.numeric;
    this.locked = sheet.locked && sheet.locked.size > 0 ? sheet.locked : null;
    const cellRules = CELL_RULES;
    this.anyRules = ANY_RULES;
    this.rowRules = ROW_RULES;
    this.groupRule = GROUP_RULE;
    this.rosterRules = ROSTER_RULES;
    this.projectRules = PROJECT_RULES;
    this.mapped = [];
    located.byIndex.forEach((col, index) => {
      if (!col) return;
      const dict = col.dictionary ? this.ctx.dictionaries[col.dictionary] : undefined;
      const rules = cellRules.filter((r) => (r.kinds === 'dictionary' ? dict !== undefined : r.kinds !== 'any' && r.kinds.includes(col.kind)));
      const shared = sharedMemo(col, dict);
      let memo: Map<string, string> | null = shared.memo;
      if (shared.skip > 0) {
        shared.skip--;
        memo = null;
      }
      this.mapped.push({ index, col, name: col.name, required: col.required, kind: col.kind, dict, slot: this.mapped.length, rules, memo, shared, memoTries: 0, memoHits: 0, hot: [], hotValues: [], hotNext: 0 });
    });
    this.idColumn = this.mapped.find((m) => m.kind === 'idNumber');
    this.provinceColumn = this.mapped.find((m) => m.kind === 'province');
    this.colOrder = new Map(this.mapped.map((m) => [m.col.name, m.index]));
    this.unknownIndexes = located.unknown.map((u) => u.index);
    this.headerIndexes = this.mapped.map((m) => m.index);
    this.headerTexts = this.mapped.map((m) => cleanText(this.rows[located.headerRow]?.[m.index] ?? ''));
    this.view = new RowState(this.ctx, this.mapped.map((m) => ({ name: m.name, kind: m.kind, required: m.required })), (u) => this.keywordOf(u));
    this.view.numericAt = (slot) => this.numeric.size > 0 && this.numericAt(this.current, slot);
    this.cellScratch = { column: null, kind: null, row: 0, dict: undefined, ctx: this.ctx };
    this.flags = new Uint8Array(this.rows.length);
    this.rowCounts = this.retain ? null : new Uint16Array(this.rows.length * 3);
    this.afterCounts = new Uint16Array(this.rows.length * 2);
    this.ids = new IdIndex(this.rows.length);
    this.idKeys = [];
    for (let r = located.firstDataRow; r < this.rows.length; r++) this.checkRow(r);
  }

  /** The host province as the dictionary spells it ("北京" → "北京市"). */
  private canonicalProvince(p: string): string {
    const dict = this.ctx.dictionaries['province'];
    if (!dict) return p;
    return checkDictionary(p, dict, '', 0, []) ?? p;
  }

  /** Number of rows in the sheet (title and header rows included). */
  get rowCount(): number {
    return this.rows.length;
  }

  /** The cell text at a 0-based sheet row and column. */
  cell(r: number, c: number): string {
    return this.rows[r]?.[c] ?? '';
  }

  /** All rows of the sheet as they are now (edits applied, fixes not). Do not mutate. */
  table(): readonly (readonly string[])[] {
    return this.rows;
  }

  private isNumeric(r: number, c: number): boolean {
    const k = cellKey(r, c);
    return this.numeric.has(k) && !this.edited.has(k);
  }

  /**
   * Whether a row holds an attendee (any template column other than 序号 filled) and whether it
   * repeats the header, in one walk over its template cells: 0 for no attendee, 2 for a repeated
   * header, 1 for an attendee. The walk counts the cells that hold
   * their header text as repeatsHeader() does; only a row with two or more (rare) is given to it.
   */
  private classify(row: readonly string[]): 0 | 1 | 2 {
    const mapped = this.mapped;
    const headers = this.headerTexts;
    let attendee = false;
    let same = 0;
    for (let i = 0; i < mapped.length; i++) {
      const m = mapped[i] as MappedColumn;
      const v = row[m.index];
      if (v === undefined || v === '') continue;
      if (!attendee && m.kind !== 'serial' && !isBlank(v)) attendee = true;
      if (holdsHeader(v, headers[i] as string)) same++;
    }
    if (!attendee) return 0;
    return same >= 2 && repeatsHeader(row, this.headerIndexes, headers, isBlank) ? 2 : 1;
  }

  /** The person a row stands for counts with these flags (when it is the person's first row). */
  private count(f: number, sign: number): void {
    this.people += sign;
    if (f & OUT_OF_PROVINCE) this.outOfProvince += sign;
    if (f & GRASSROOTS) this.grassroots += sign;
    if (f & (OUT_OF_PROVINCE | GRASSROOTS)) this.either += sign;
  }

  /** Check one row (0-based sheet row) and store its result, replacing what was there. */
  private checkRow(r: number): void {
    this.unstore(r);
    if (this.deleted.size > 0 && this.deleted.has(r)) return;
    const row = this.rows[r] ?? EMPTY_ROW;
    const issues = this.evaluate(r, row);
    const res = this.result;
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
        // what is stored, so that unstore() takes away exactly what was added.
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
    this.attendeeRows++;
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
    const fixed = issues.length > 0 ? this.acceptedFixes(r, issues) : null;
    if (fixed !== null) {
      f |= FIXED;
      const copy = row.slice();
      for (const [c, to] of fixed) {
        while (copy.length < c) copy.push('');
        copy[c] = to;
      }
      this.fixedColumns = fixed.map(([c]) => c);
      const after = this.evaluate(r, copy);
      this.fixedColumns = null;
      t.errors = t.warnings = t.infos = 0;
      countSeverities(after, t);
      afterKey = this.result.attendee ? this.result.key : null;
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

  /** [column, value] of a row's accepted fixes, or null when it has none. */
  private acceptedFixes(r: number, issues: readonly Issue[]): [number, string][] | null {
    let out: [number, string][] | null = null;
    for (const i of issues) {
      if (i.fix === null || i.column === null) continue;
      const c = this.colOrder.get(i.column);
      if (c === undefined || this.declined.has(cellKey(r, c))) continue;
      (out ??= []).push([c, i.fix]);
    }
    return out;
  }

  /**
   * Run every rule of a row over its cells as given: its own issues (a new array, in column order,
   * or NO_ISSUES), with whether it is an attendee, its province and grassroots standing and its ID
   * key left in `this.result`. Stores nothing.
   */
  private evaluate(r: number, row: readonly string[]): Issue[] {
    const res = this.result;
    res.attendee = false;
    res.headerCopy = false;
    res.outside = false;
    res.grass = false;
    res.key = null;
    res.hash = -1;
    const kind = this.classify(row);
    if (kind === 0) return NO_ISSUES;
    if (kind === 2) {
      res.headerCopy = true;
      return NO_ISSUES;
    }
    res.attendee = true;
    const excelRow = r + 1;
    const out = this.scratch;
    if (out.length > 0) out.length = 0;
    const view = this.view;
    view.row = excelRow;
    view.id = null;
    let emptyRequired = 0;
    const cell = this.cellScratch;
    cell.row = excelRow;
    const anyRules = this.anyRules;
    let sorted = true;
    let lastOrder = -1;

    const mapped = this.mapped;
    for (let i = 0; i < mapped.length; i++) {
      const m = mapped[i] as MappedColumn;
      const raw = row[m.index] ?? '';
      const memo = m.memo;
      if (memo !== null && raw !== '') {
        m.memoTries++;
        const hot = m.hot;
        let j = 0;
        while (j < hot.length && hot[j] !== raw) j++;
        const known = j < hot.length ? m.hotValues[j] : memo.get(raw);
        if (known !== undefined) {
          m.memoHits++;
          if (j === hot.length) this.heat(m, raw, known);
          view.raws[i] = raw;
          view.empties[i] = false;
          view.values[i] = known;
          continue;
        }
      }
      const before = out.length;
      cell.column = m.name;
      cell.kind = m.kind;
      cell.dict = m.dict;
      if (raw !== '') for (let k = 0; k < anyRules.length; k++) (anyRules[k] as CellRule).check(raw, cell, out);
      const empty = raw === '' || isBlank(raw);
      view.raws[i] = raw;
      view.empties[i] = empty;
      if (empty && m.required) emptyRequired++;
      let value: string | null = empty ? '' : raw;
      if (!empty) {
        const rules = m.rules;
        for (let k = 0; k < rules.length; k++) value = (rules[k] as CellRule).check(raw, cell, out);
      }
      view.values[i] = value;
      if (out.length > before) {
        if (m.index < lastOrder) sorted = false;
        lastOrder = m.index;
      } else if (memo !== null && !empty && value !== null) this.remember(m, memo, raw, value);
    }

    view.emptyRequired = emptyRequired;
    this.current = r;
    const rowRules = this.rowRules;
    for (let k = 0; k < rowRules.length; k++) {
      const before = out.length;
      (rowRules[k] as RowRule).check(view, out);
      if (out.length > before && (before > 0 || out.length - before > 1)) sorted = false;
    }
    if (this.unknownIndexes.length > 0) {
      cell.kind = null;
      cell.dict = undefined;
      cell.column = null;
      for (const c of this.unknownIndexes) {
        const raw = row[c];
        if (raw) for (let k = 0; k < anyRules.length; k++) (anyRules[k] as CellRule).check(raw, cell, out);
      }
    }

    const p = this.provinceColumn;
    const province = p ? view.values[p.slot] : null;
    res.outside = p !== undefined && !view.empties[p.slot] && province !== null && province !== this.settings.hostProvince;
    res.grass = view.value('grassroots') === '是';
    const id = view.id as IdResult | null;
    res.key = id?.key ?? null;
    res.hash = id?.hash ?? -1;
    if (out.length === 0) return NO_ISSUES;
    const issues = out.slice();
    if (this.locked !== null) this.withoutLockedFixes(r, issues);
    if (!sorted && issues.length > 1) {
      const order = this.colOrder;
      const at = (i: Issue) => (i.column === null ? 1e9 : order.get(i.column) ?? 1e9);
      issues.sort((a, b) => at(a) - at(b));
    }
    return issues;
  }

  /**
   * A fix on a locked cell (the master of a shared or array formula) is neither proposed nor
   * promised: the issue stays, and says where to change it. So it counts in afterFixes like any
   * issue without a fix.
   */
  private withoutLockedFixes(r: number, issues: Issue[]): void {
    const locked = this.locked as ReadonlySet<number>;
    for (let k = 0; k < issues.length; k++) {
      const i = issues[k] as Issue;
      if (i.fix === null || i.column === null) continue;
      const c = this.colOrder.get(i.column);
      if (c !== undefined && locked.has(cellKey(r, c))) issues[k] = { ...i, fix: null, message: `${i.message}；${FORMULA_CELL}` };
    }
  }

  /** Put a value of a column's memo among the few looked at first (in turn, replacing the oldest). */
  private heat(m: MappedColumn, raw: string, value: string): void {
    const k = m.hotNext;
    m.hot[k] = raw;
    m.hotValues[k] = value;
    m.hotNext = (k + 1) % HOT;
  }

  /** Keep a clean value in its column's memo, or drop the memo where values are mostly new. */
  private remember(m: MappedColumn, memo: Map<string, string>, raw: string, value: string): void {
    if (m.memoTries >= MEMO_TRIAL && m.memoHits * 8 < m.memoTries) {
      m.memo = null;
      m.shared.skip = SKIP_AFTER_DROP;
      return;
    }
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, value);
  }

  /** Whether a column (by its slot) of row r was stored as a number (not edited, not fixed). */
  private numericAt(r: number, slot: number): boolean {
    const c = (this.mapped[slot] as MappedColumn).index;
    return this.isNumeric(r, c) && !(this.fixedColumns?.includes(c) ?? false);
  }

  /** A row's own issues (duplicates not included). */
  private ownIssues(r: number): Issue[] {
    const counts = this.rowCounts;
    if (counts === null) return this.rowIssueMap.get(r) ?? NO_ISSUES;
    if ((counts[3 * r] as number) + (counts[3 * r + 1] as number) + (counts[3 * r + 2] as number) === 0) return NO_ISSUES;
    return this.evaluate(r, this.rows[r] ?? EMPTY_ROW);
  }

  /** 0-based rows that have issues of their own, in order. */
  private *rowsWithOwnIssues(): Generator<number> {
    const counts = this.rowCounts;
    if (counts === null) {
      yield* [...this.rowIssueMap.keys()].sort((a, b) => a - b);
      return;
    }
    for (let r = this.located.firstDataRow; r < this.rows.length; r++) {
      if ((counts[3 * r] as number) + (counts[3 * r + 1] as number) + (counts[3 * r + 2] as number) > 0) yield r;
    }
  }

  /** Take a row's previous result out of every aggregate. */
  private unstore(r: number): void {
    const f = this.flags[r] ?? 0;
    if (!(f & ATTENDEE)) {
      if (f & HEADER_COPY) {
        this.flags[r] = 0;
        this.headerCopies--;
      }
      return;
    }
    this.attendeeRows--;
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

  private readonly keywordCache = new Map<string, string | null>();
  /** Grassroots keyword in a unit name; units repeat a lot, so the answer is cached. */
  private keywordOf(unit: string): string | null {
    let k = this.keywordCache.get(unit);
    if (k === undefined) {
      if (this.keywordCache.size > 50_000) this.keywordCache.clear();
      k = grassrootsKeyword(unit, this.profile.grassrootsKeywords);
      this.keywordCache.set(unit, k);
    }
    return k;
  }

  private checkDataRow(r: number): void {
    if (r < this.located.firstDataRow || r >= this.rows.length) throw new RangeError(`row ${r + 1} is not a data row`);
  }

  /**
   * Change one cell (0-based sheet row and column) and re-check its row. Only rows below the
   * header can be edited. A decision about the cell's old proposed fix is dropped: the new value's
   * proposal, if any, is accepted like every other.
   */
  setCell(r: number, c: number, value: string): void {
    this.checkDataRow(r);
    if (c < 0 || c >= 16384) throw new RangeError(`column ${c} is out of range`);
    const row = (this.rows[r] ?? []).slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.rows[r] = row;
    this.edited.add(cellKey(r, c));
    this.declined.delete(cellKey(r, c));
    this.duplicateCache.clear();
    this.checkRow(r);
  }

  /** Decline the proposed fix of one cell (0-based sheet row and column): it is not exported. */
  declineFix(r: number, c: number): void {
    this.decide(r, c, true);
  }

  /** Accept the proposed fix of one cell again (every proposed fix is accepted by default). */
  acceptFix(r: number, c: number): void {
    this.decide(r, c, false);
  }

  private decide(r: number, c: number, decline: boolean): void {
    this.checkDataRow(r);
    const k = cellKey(r, c);
    if (this.declined.has(k) === decline) return;
    if (decline) this.declined.add(k);
    else this.declined.delete(k);
    // Only the exported state changes; re-checking the row keeps one code path for both.
    this.duplicateCache.clear();
    this.checkRow(r);
  }

  /** Whether the proposed fix of a cell was declined. */
  isDeclined(r: number, c: number): boolean {
    return this.declined.has(cellKey(r, c));
  }

  /** The ID key of a row (0-based), as duplicates are found by; null for no usable ID. */
  idKey(r: number): string | null {
    return this.idKeys[r] ?? null;
  }

  /** Rows (0-based) that share row r's ID, r included; [] when the ID is unique or absent. */
  sameIdRows(r: number): readonly number[] {
    const key = this.idKeys[r];
    return key == null ? [] : this.ids.group(key) ?? [];
  }

  /** True when the row stands for a person: an attendee, and the first row of its ID. */
  private isPersonRow(r: number): boolean {
    if (!((this.flags[r] ?? 0) & ATTENDEE)) return false;
    const key = this.idKeys[r];
    return key == null || this.ids.first(key) === r;
  }

  /**
   * Row r's 单位所在省份 as the province chart counts it (after its fix; “未填” when empty), or null
   * when the row is no person (not an attendee, or a later row of a repeated ID) or the roster has
   * no such column. Lets a caller keep the counts current row by row (the page, after an edit).
   */
  provinceOf(r: number): string | null {
    const m = this.provinceColumn;
    if (!m || !this.isPersonRow(r)) return null;
    const raw = this.rows[r]?.[m.index] ?? '';
    let p = isBlank(raw) ? '未填' : raw;
    if (m.dict && p !== '未填' && !m.dict.values.has(p)) p = checkDictionary(raw, m.dict, '', 0, []) ?? raw.trim();
    return p;
  }

  /** Province counts (of `provinceOf`) as the chart shows them: most first, each marked outside the host's or not. */
  provinceList(counts: ReadonlyMap<string, number>): { province: string; count: number; outside: boolean }[] {
    const m = this.provinceColumn;
    if (!m) return [];
    const host = this.settings.hostProvince;
    return [...counts.entries()]
      .filter(([, count]) => count > 0)
      .map(([province, count]) => ({ province, count, outside: province !== host && province !== '未填' && (m.dict?.values.has(province) ?? true) }))
      .sort((a, b) => b.count - a.count || a.province.localeCompare(b.province));
  }

  /** People per 单位所在省份 (after its fix), most first; empty cells count as “未填”. */
  provinceCounts(): { province: string; count: number; outside: boolean }[] {
    return this.provinceList(this.provinceTally().counts);
  }

  /**
   * Every row's `provinceOf` (null for rows that are no person) and the counts of each: what a
   * caller keeps to update the chart row by row after an edit instead of counting again.
   */
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

  /**
   * The duplicate issues of each group (by Excel row), worked out once per group: asking for
   * every row of a group of k rows must cost k, not k² (100,000 rows with one placeholder ID).
   * Groups are the index's own arrays; any edit may change them, so it empties the cache.
   */
  private readonly duplicateCache = new Map<readonly number[], ReadonlyMap<number, Issue>>();

  /** The duplicate issues of one group of rows (0-based) sharing an ID, by Excel row. */
  private groupIssues(group: readonly number[], idCol: MappedColumn): ReadonlyMap<number, Issue> {
    let byRow = this.duplicateCache.get(group);
    if (!byRow) {
      const rows = group.map((g) => g + 1).sort((a, b) => a - b);
      // The message names the other rows as the exported file numbers them; the issue keeps its sheet row.
      const shown = this.deleted.size > 0 ? rows.map((x) => this.exportedRow(x - 1)) : rows;
      const found = this.groupRule ? this.groupRule.check(shown, rows.map((x) => this.cell(x - 1, idCol.index)), idCol.name) : [];
      if (shown !== rows) found.forEach((i, k) => (i.row = rows[k] ?? i.row));
      byRow = new Map(found.map((i) => [i.row as number, i]));
      this.duplicateCache.set(group, byRow);
    }
    return byRow;
  }

  /** A row's own issues with its duplicate issue placed after the ID column's own issues. */
  private withDuplicate(own: readonly Issue[], dup: Issue, idCol: MappedColumn): Issue[] {
    const out: Issue[] = [];
    let placed = false;
    for (const i of own) {
      const at = i.column === null ? Infinity : this.colOrder.get(i.column) ?? Infinity;
      if (!placed && at > idCol.index) {
        out.push(dup);
        placed = true;
      }
      out.push(i);
    }
    if (!placed) out.push(dup);
    return out;
  }

  /** Issues of one row (0-based sheet row), duplicates included. */
  rowIssues(r: number): Issue[] {
    const own = this.ownIssues(r);
    const key = this.idKeys[r];
    if (key == null) return own;
    const group = this.ids.group(key);
    const idCol = this.idColumn;
    if (group === null || !idCol) return own;
    const mine = this.groupIssues(group, idCol).get(r + 1);
    return mine ? this.withDuplicate(own, mine, idCol) : own;
  }

  private rosterView(): RosterView {
    const headerRepeats: number[] = [];
    if (this.headerCopies > 0) for (let r = this.located.firstDataRow; r < this.rows.length; r++) if ((this.flags[r] ?? 0) & HEADER_COPY) headerRepeats.push(r + 1);
    return { profile: this.profile, settings: this.settings, located: this.located, header: this.rows[this.located.headerRow] ?? [], summary: this.summaryCounts(), headerRepeats, table: this.rows };
  }

  /** Project-level issues (the project's settings: credits, dates, enrolment), row null. */
  projectIssues(): Issue[] {
    const out: Issue[] = [];
    if (this.settings.project === undefined) return out;
    const view = this.rosterView();
    for (const rule of this.projectRules) rule.check(view, out);
    return out;
  }

  /** Whole-roster issues: the project's first, then header, attendee count, share. */
  rosterIssues(): Issue[] {
    const out = this.projectIssues();
    const view = this.rosterView();
    for (const rule of this.rosterRules) rule.check(view, out);
    return out;
  }

  /**
   * Every issue: whole-roster first, then by row and column. Rows are numbered as in the exported
   * file (rows below a deleted row move up); rowIssues(), fixes() and acceptedFixList() keep the
   * rows as the sheet was read.
   */
  issues(): Issue[] {
    const out: Issue[] = [];
    for (const i of this.eachIssue()) out.push(i);
    return out;
  }

  /**
   * The same issues one at a time, for a caller that streams them: without retained issues,
   * only one row's are alive at once.
   */
  *eachIssue(): Generator<Issue> {
    if (this.deleted.size > 0) {
      for (const i of this.eachSheetIssue()) yield i.row === null ? i : { ...i, row: this.exportedRow(i.row - 1) };
      return;
    }
    yield* this.eachSheetIssue();
  }

  /** eachIssue() with the rows as the sheet was read (deleted rows counted). */
  private *eachSheetIssue(): Generator<Issue> {
    yield* this.rosterIssues();
    const dupByRow = new Map<number, Issue>();
    const idCol = this.idColumn;
    if (idCol && this.ids.duplicateRows > 0) {
      for (const group of this.ids.groups()) {
        for (const [row, i] of this.groupIssues(group, idCol)) dupByRow.set(row, i);
      }
    }
    const dupRows = [...dupByRow.keys()].map((x) => x - 1).sort((a, b) => a - b);
    let d = 0;
    /** One row's issues, its duplicate issue included. */
    const ofRow = (r: number): readonly Issue[] => {
      const own = this.ownIssues(r);
      const dup = dupByRow.get(r + 1);
      return dup && idCol ? this.withDuplicate(own, dup, idCol) : own;
    };
    for (const r of this.rowsWithOwnIssues()) {
      while (d < dupRows.length && (dupRows[d] as number) < r) yield* ofRow(dupRows[d++] as number);
      if (dupRows[d] === r) d++;
      yield* ofRow(r);
    }
    while (d < dupRows.length) yield* ofRow(dupRows[d++] as number);
  }

  private summaryCounts(): Summary {
    const min = this.profile.shareRule.min;
    const n = this.people;
    const project = this.settings.project;
    const days = this.profile.projectRules;
    return {
      attendees: n,
      rows: this.attendeeRows,
      outOfProvince: this.outOfProvince,
      grassroots: this.grassroots,
      outOfProvinceOrGrassroots: this.either,
      share: n === 0 ? 0 : this.either / n,
      outOfProvinceShare: n === 0 ? 0 : this.outOfProvince / n,
      grassrootsShare: n === 0 ? 0 : this.grassroots / n,
      needMore: needMore(this.either, n, min),
      needMoreOutOfProvince: needMore(this.outOfProvince, n, min),
      errors: 0,
      warnings: 0,
      infos: 0,
      afterFixes: { errors: 0, warnings: 0 },
      filingDue: project?.start ? addDays(project.start, -days.filingDaysBefore.value) : null,
      feedbackDue: project?.end ? addDays(project.end, days.feedbackDaysAfter.value) : null,
    };
  }

  /** Counts, shares and severities; cheap enough to call after every edit. */
  summary(): Summary {
    const s = this.summaryCounts();
    const totals = { errors: this.rowTotals.errors + this.ids.duplicateRows, warnings: this.rowTotals.warnings, infos: this.rowTotals.infos };
    const roster = this.rosterIssues();
    countSeverities(roster, totals);
    // As exported: the rows' own issues after their fixes, duplicates after fixes, and what is
    // wrong with the header (a roster-level issue with a row); never the count or share.
    const after = { errors: this.afterTotals.errors + (this.afterIds ?? this.ids).duplicateRows, warnings: this.afterTotals.warnings };
    for (const i of roster) {
      if (i.row === null) continue;
      if (i.severity === 'error') after.errors++;
      else if (i.severity === 'warning') after.warnings++;
    }
    return { ...s, ...totals, afterFixes: after };
  }

  /** Every proposed fix (one per cell at most), in row order, declined ones included (rows as read). */
  fixes(): Fix[] {
    const out: Fix[] = [];
    for (const r of this.rowsWithOwnIssues()) {
      for (const i of this.ownIssues(r)) {
        if (i.fix !== null && i.row !== null && i.column !== null) {
          out.push({ row: i.row, column: i.column, from: i.value, to: i.fix, reason: i.message });
        }
      }
    }
    return out;
  }

  /** The proposed fixes that will be exported (not declined), in row order. */
  acceptedFixList(): Fix[] {
    return this.fixes().filter((f) => {
      const c = this.colOrder.get(f.column);
      return c === undefined || !this.declined.has(cellKey(f.row - 1, c));
    });
  }

  // --- Row deletion. Rows keep the index they were read with (edits, fix decisions and the page's
  // undo all name rows by it); a deleted row leaves every count, ID group and list, and what the
  // user reads is numbered as in the exported file through exportedRow(). ---

  /** Deleted sheet rows (0-based). */
  private readonly deleted = new Set<number>();
  /** The same, ascending; null: to be sorted again. */
  private deletedOrder: number[] | null = null;

  /**
   * Delete a data row (0-based sheet row): it leaves the people counts, shares, duplicate groups,
   * the afterFixes counts and the lists, and the rows below it are numbered one less in every
   * issue issues() lists. Its cells are kept, for restoreRow().
   */
  deleteRow(r: number): void {
    this.checkDataRow(r);
    if (this.deleted.has(r)) return;
    this.deleted.add(r);
    this.deletedOrder = null;
    this.unstore(r);
    this.duplicateCache.clear();
  }

  /** Undo deleteRow(r): the row is checked again as it is now. */
  restoreRow(r: number): void {
    if (!this.deleted.delete(r)) return;
    this.deletedOrder = null;
    this.duplicateCache.clear();
    this.checkRow(r);
  }

  isDeleted(r: number): boolean {
    return this.deleted.has(r);
  }

  /** Deleted sheet rows (0-based), ascending. Do not mutate. */
  deletedRows(): readonly number[] {
    return (this.deletedOrder ??= [...this.deleted].sort((a, b) => a - b));
  }

  /**
   * Rows (0-based) of every duplicate group with a row below r: their messages name rows that a
   * deletion or restore of row r renumbers.
   */
  duplicateRowsBelow(r: number): number[] {
    const out: number[] = [];
    if (this.ids.duplicateRows === 0) return out;
    for (const g of this.ids.groups()) if ((g[g.length - 1] as number) > r) for (const x of g) out.push(x);
    return out;
  }

  /** The Excel row (1-based) that sheet row r (0-based) has in the exported file. */
  exportedRow(r: number): number {
    if (this.deleted.size === 0) return r + 1;
    return r + 1 - countBelow(this.deletedRows(), r);
  }
}
