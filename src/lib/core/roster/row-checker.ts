// The row checker: one row's cells → its issues and facts (attendee or not, a repeated header, out
// of province, grassroots, its ID key). It runs the registry's cell rules (through the clean-value
// memo where the column's rules are pure), then the row rules, then the one merge step that leaves
// each cell one fix, and stores nothing: the roster (check.ts) keeps results.
import type { Column, ColumnKind } from '../profile';
import type { Located } from '../locate';
import type { Issue } from '../types';
import { cleanText, isBlank } from '../normalize';
import type { PreparedDictionary, RuleContext } from '../rules/context';
import type { Cell, CellRule, PureCellRule, RowFacts, RowRule, RowView } from '../rules/rule';
import type { IdResult } from '../rules/id';
import { RULES } from '../rules/index';
import { holdsHeader, repeatsHeader } from '../rules/header-repeat';
import { CleanMemo } from './clean-memo';

// The registry's rules by scope, once (a batch makes a thousand rosters).
const CELL_RULES = RULES.filter((r): r is CellRule => r.scope === 'cell');
const ANY_RULES = CELL_RULES.filter((r) => r.kinds === 'any');
const ROW_RULES = RULES.filter((r): r is RowRule => r.scope === 'row');
const SETTLE = CELL_RULES.flatMap((r) => (r.settle ? [r.settle] : []));

export const NO_ISSUES: Issue[] = [];

const isPure = (r: CellRule): r is PureCellRule => r.pure;

export interface MappedColumn {
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
  /** Clean values; null when a rule of the column is not pure. */
  memo: CleanMemo | null;
}

/** One row's result (a reused object: read it before the next row is checked). */
export interface RowResult {
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
  readonly facts: RowFacts = { outOfProvince: false, grassroots: false };
  readonly raws: string[];
  readonly values: (string | null)[];
  readonly empties: boolean[];
  /** Set by the checker: whether a column (by slot) of this row was stored as a number. */
  numericAt: (slot: number) => boolean = () => false;
  /**
   * The slot of each kind's first column (absent: none). A map: the row rules ask for many kinds
   * at the same place, where a property look-up by a varying name was a slow generic one.
   */
  private readonly slots = new Map<ColumnKind, number>();

  constructor(
    readonly ctx: RuleContext,
    readonly columns: readonly { name: string; kind: ColumnKind; required: boolean }[],
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
}

export class RowChecker {
  readonly mapped: MappedColumn[] = [];
  /** Canonical column name → sheet index. */
  readonly colOrder: Map<string, number>;
  readonly idColumn: MappedColumn | undefined;
  readonly provinceColumn: MappedColumn | undefined;
  readonly result: RowResult = { attendee: false, headerCopy: false, outside: false, grass: false, key: null, hash: -1 };
  /** Columns (0-based) of the row being checked whose accepted fix is applied; null: none. */
  fixedColumns: number[] | null = null;
  private readonly unknownIndexes: number[];
  /** Template columns (sheet indexes) and their header texts, cleaned: to find a repeated header. */
  private readonly headerIndexes: number[];
  private readonly headerTexts: string[];
  private readonly view: RowState;
  private readonly cellScratch: Cell;
  /** Scratch list the rules push to; copied only when a row has issues. */
  private readonly scratch: Issue[] = [];
  /** The row being checked (0-based). */
  private current = 0;

  /** `isNumeric(r, c)`: whether the cell was stored as a number and not edited since. */
  constructor(
    header: readonly string[],
    located: Located,
    private readonly ctx: RuleContext,
    private readonly isNumeric: ((r: number, c: number) => boolean) | null,
  ) {
    located.byIndex.forEach((col, index) => {
      if (!col) return;
      const dict = col.dictionary ? ctx.dictionaries[col.dictionary] : undefined;
      const rules = CELL_RULES.filter((r) => (r.kinds === 'dictionary' ? dict !== undefined : r.kinds !== 'any' && r.kinds.includes(col.kind)));
      const all = [...ANY_RULES, ...rules];
      const pure = all.filter(isPure);
      const memo = pure.length === all.length ? new CleanMemo(col, dict, pure) : null;
      this.mapped.push({ index, col, name: col.name, required: col.required, kind: col.kind, dict, slot: this.mapped.length, rules, memo });
    });
    this.idColumn = this.mapped.find((m) => m.kind === 'idNumber');
    this.provinceColumn = this.mapped.find((m) => m.kind === 'province');
    this.colOrder = new Map(this.mapped.map((m) => [m.col.name, m.index]));
    this.unknownIndexes = located.unknown.map((u) => u.index);
    this.headerIndexes = this.mapped.map((m) => m.index);
    this.headerTexts = this.mapped.map((m) => cleanText(header[m.index] ?? ''));
    this.view = new RowState(ctx, this.mapped.map((m) => ({ name: m.name, kind: m.kind, required: m.required })));
    this.view.numericAt = (slot) => this.numericAt(this.current, slot);
    this.cellScratch = { column: null, kind: null, row: 0, dict: undefined, ctx };
  }

  /**
   * A value as a column's own cell rules leave it (a dictionary slip → the dictionary's value), or
   * null when they cannot understand it; what they find is dropped. `dict`: the dictionary to read
   * it with (a column's, or the profile's for a setting such as the host province).
   */
  cleanValue(raw: string, kind: ColumnKind, dict: PreparedDictionary | undefined): string | null {
    const cell = { column: '', kind, row: 0, dict, ctx: this.ctx };
    let value: string | null = raw;
    for (const r of CELL_RULES) if (r.kinds === 'dictionary' ? dict !== undefined : r.kinds !== 'any' && r.kinds.includes(kind)) value = r.check(raw, cell, []);
    return value;
  }

  /**
   * Whether a row holds an attendee (any template column other than 序号 filled) and whether it
   * repeats the header, in one walk over its template cells: 0 for no attendee, 2 for a repeated
   * header, 1 for an attendee. The walk counts the cells that hold their header text as
   * repeatsHeader() does; only a row with two or more (rare) is given to it.
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

  /**
   * Run every rule of a row (0-based sheet row) over its cells as given: its own issues (a new
   * array, in column order, or NO_ISSUES), with its facts left in `result`. Stores nothing.
   */
  evaluate(r: number, row: readonly string[]): Issue[] {
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
    view.facts.outOfProvince = false;
    view.facts.grassroots = false;
    let emptyRequired = 0;
    const cell = this.cellScratch;
    cell.row = excelRow;
    const anyRules = ANY_RULES;
    let sorted = true;
    let lastOrder = -1;

    const mapped = this.mapped;
    for (let i = 0; i < mapped.length; i++) {
      const m = mapped[i] as MappedColumn;
      const raw = row[m.index] ?? '';
      const memo = m.memo;
      if (memo !== null && raw !== '') {
        const known = memo.known(raw);
        if (known !== undefined) {
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
      } else if (memo !== null && !empty && value !== null) memo.learn(raw, value);
    }

    view.emptyRequired = emptyRequired;
    this.current = r;
    const rowRules = ROW_RULES;
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

    res.outside = view.facts.outOfProvince;
    res.grass = view.facts.grassroots;
    const id = view.id as IdResult | null;
    res.key = id?.key ?? null;
    res.hash = id?.hash ?? -1;
    if (out.length === 0) return NO_ISSUES;
    // The merge step: one fix per cell, decided after every rule of the row.
    if (out.length > 1) for (let k = 0; k < SETTLE.length; k++) (SETTLE[k] as (issues: Issue[]) => void)(out);
    const issues = out.slice();
    if (!sorted && issues.length > 1) {
      const order = this.colOrder;
      const at = (i: Issue) => (i.column === null ? 1e9 : order.get(i.column) ?? 1e9);
      issues.sort((a, b) => at(a) - at(b));
    }
    return issues;
  }

  /** Whether a column (by its slot) of row r was stored as a number (not edited, not fixed). */
  private numericAt(r: number, slot: number): boolean {
    if (this.isNumeric === null) return false;
    const c = (this.mapped[slot] as MappedColumn).index;
    return this.isNumeric(r, c) && !(this.fixedColumns?.includes(c) ?? false);
  }
}
