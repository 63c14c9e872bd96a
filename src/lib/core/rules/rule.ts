// The shape of a rule (eslint's `meta` beside `create`, frictionless-ts's one check per file): what
// it is called in Chinese, how grave it is, what it needs (a column kind, a whole row, the whole
// roster, the project settings) and a check that returns issues and never throws. `Roster` runs
// whatever the registry (rules/index.ts) lists and names no rule itself.
import type { ColumnKind, Profile } from '../profile';
import type { Located } from '../locate';
import type { Issue, RuleId, Settings, Severity, Summary } from '../types';
import type { PreparedDictionary, RuleContext } from './context';
import type { IdResult } from './id';

export interface RuleInfo {
  /** The stable id of the JSON output. */
  id: RuleId;
  /** Chinese name, as the page, the report and the command line show it. */
  name: string;
  /** One Chinese sentence: what is checked, and why (with the notice it comes from). */
  description: string;
  /** The usual severity (a few rules use another for a special case, e.g. an empty roster). */
  severity: Severity;
}

/**
 * One cell being checked, as a value-and-column-pure cell rule sees it (a reused object: read it,
 * do not keep it): the column and its dictionary, never the settings or today's date.
 */
export interface PureCell {
  /** Canonical column name, or null for a column the template does not know. */
  column: string | null;
  kind: ColumnKind | null;
  /** Excel row, 1-based (for the issues' row and nothing else). */
  row: number;
  dict: PreparedDictionary | undefined;
}

/** One cell with the settings and today's date: what a cell rule that is not pure may read. */
export interface Cell extends PureCell {
  ctx: RuleContext;
}

/**
 * A rule on one non-empty cell of the column kinds it names ('dictionary': every column with a
 * dictionary; 'any': every cell, unknown columns included). It pushes what it finds and returns
 * the cell's value after its fix (what the row rules see), or null when it cannot be understood.
 * No allocation on a clean cell: it runs on every cell of 100,000-row rosters.
 *
 * `pure: true` declares that what it finds and returns depends on the value and the column only
 * (the row number appears in its issues and nowhere else); its check is handed a `PureCell`, so
 * the type checker refuses one that reads the settings or the date. Only such rules are cached:
 * the engine remembers a column's clean values (roster/clean-memo.ts) only when every rule of the
 * column is pure. A rule that needs the settings says `pure: false` and gets `Cell`.
 *
 * `settle`, when given, runs once per row after every rule of the row, over the row's issues: the
 * one merge step that leaves each cell one fix (rules/invisible.ts).
 */
export type CellRule = PureCellRule | ContextCellRule;

interface CellRuleBase {
  scope: 'cell';
  info: readonly RuleInfo[];
  kinds: readonly ColumnKind[] | 'dictionary' | 'any';
  settle?: (issues: Issue[]) => void;
}

export interface PureCellRule extends CellRuleBase {
  pure: true;
  // A property, not a method: its parameter is checked strictly, so a check typed with `Cell` is refused.
  check: (value: string, cell: PureCell, out: Issue[]) => string | null;
}

export interface ContextCellRule extends CellRuleBase {
  pure: false;
  check: (value: string, cell: Cell, out: Issue[]) => string | null;
}

/**
 * What a row counts as, for the people counts and shares: set by the row rules that know
 * (rules/grassroots.ts, rules/province-mismatch.ts), false until one does.
 */
export interface RowFacts {
  outOfProvince: boolean;
  grassroots: boolean;
}

/** A row after its cells were checked, as the row rules see it (a reused object). */
export interface RowView {
  /** Excel row, 1-based. */
  readonly row: number;
  readonly ctx: RuleContext;
  /** The column of this kind, or undefined when the roster has none. */
  column(kind: ColumnKind): { name: string; required: boolean } | undefined;
  /** The cell as found ('' when empty or absent). */
  raw(kind: ColumnKind): string;
  /** True when the cell is absent, empty or only spaces. */
  empty(kind: ColumnKind): boolean;
  /** The value after its fix: '' when empty or absent, null when it cannot be understood. */
  value(kind: ColumnKind): string | null;
  /** True when the cell was stored as a number (and not edited since). */
  storedAsNumber(kind: ColumnKind): boolean;
  /** Every template column of the row, in sheet order. */
  readonly columns: readonly { name: string; kind: ColumnKind; required: boolean }[];
  /** The same as raw() and empty(), by position in `columns` (no look-up by kind). */
  rawAt(i: number): string;
  emptyAt(i: number): boolean;
  /** How many of the required columns are empty in this row (0 on most rows: nothing to look at). */
  readonly emptyRequired: number;
  /** What the row counts as: the row rules that know set it (reset for every row). */
  readonly facts: RowFacts;
  /** Set by the ID rule: what the 证件号码 turned out to be (its duplicate key, whether valid). */
  id: IdResult | null;
}

/** A rule on a whole row, after its cells (cross-field rules). Rules run in registry order. */
export interface RowRule {
  scope: 'row';
  info: readonly RuleInfo[];
  check(row: RowView, out: Issue[]): void;
}

/** What whole-roster rules see: counts of people, the header, the settings. */
export interface RosterView {
  profile: Profile;
  settings: Settings;
  located: Located;
  /** The header row as read (it cannot be edited). */
  header: readonly string[];
  summary: Summary;
  /** Excel rows (1-based, ascending) that repeat the header: no attendees, not checked cell by cell. */
  headerRepeats: readonly number[];
  /** The sheet's rows as they are now (0-based; edits applied, fixes not). */
  table: readonly (readonly string[])[];
}

export interface RosterRule {
  scope: 'roster';
  info: readonly RuleInfo[];
  check(roster: RosterView, out: Issue[]): void;
}

/**
 * A rule on the project's own settings (credits, dates, enrolment): its issues have row null and
 * are listed first. Today's date comes through the settings, so the core stays pure.
 */
export interface ProjectRule {
  scope: 'project';
  info: readonly RuleInfo[];
  check(roster: RosterView, out: Issue[]): void;
}

/**
 * A rule whose issues several column checkers raise on the way (the fixable-formatting rule
 * `format`): its name and description live here, its issues are made by `makeIssue` below.
 */
export interface SharedRule {
  scope: 'shared';
  /** 'project' when its issues are about the project's settings (shown as such). */
  about?: 'project';
  info: readonly RuleInfo[];
}

/** A rule on each group of rows that share one ID (Excel rows ascending, their ID cells). */
export interface GroupRule {
  scope: 'group';
  info: readonly RuleInfo[];
  check(rows: readonly number[], values: readonly string[], column: string): Issue[];
}

/**
 * A rule across several rosters (roster-check --batch): its issues are made by the batch
 * (core/batch.ts), which sees every roster; here are its name and description.
 */
export interface BatchRule {
  scope: 'batch';
  info: readonly RuleInfo[];
}

/**
 * A rule on the roster against its sign-in or attendance records (roster-check --signin): its
 * issues are made by core/attendance/reconcile.ts; here are its names and descriptions.
 */
export interface AttendanceRule {
  scope: 'attendance';
  info: readonly RuleInfo[];
}

export type Rule = CellRule | RowRule | GroupRule | RosterRule | ProjectRule | SharedRule | BatchRule | AttendanceRule;

export function defineRule<T extends Rule>(rule: T): T {
  return rule;
}
