// The page's store of row issues, as the engine sends them (core/issue-codec blocks): nothing is
// unpacked when a roster arrives; an issue becomes an `Issue` object only when something shows it.
// An issue is named by a handle (a number: its block and its place in it), so that the problem
// list can hold hundreds of thousands of them as a plain array of numbers.
import { columnAt, decodeIssue, encodeIssues, hasFixAt, issueCount, ruleIndexAt, ruleAt, rowAt, severityCodeAt, type CellText, type IssueBlock } from '../core/issue-codec';
import { RULE_INFO } from '../core/rules/index';
import type { Issue } from '../core/types';
import type { IssueSource } from './groups';

/** A fix of one cell, or of a whole row when it has no column (its deletion: core/types.ts, isRowDeletion). */
const isFix = (block: IssueBlock, k: number) => hasFixAt(block, k) && rowAt(block, k) >= 0;

/** Issues kept unpacked at most (then all are forgotten at once). */
const DECODED = 20_000;

/** Handles: block index × BLOCK_SPAN + place in the block. */
const BLOCK_SPAN = 2 ** 26;
export type Handle = number;

/** What the problem list needs to know of a group while a roster arrives. */
export interface PendingGroup {
  /** The group's key (see `groupKeyOf`). */
  key: number;
  handles: Handle[];
  fixes: number;
}

export class IssueStore implements IssueSource {
  /** The cells the engine saw (the page's rows): an issue whose value is its cell's text leaves it out. */
  cells: CellText | undefined;
  readonly #blocks: IssueBlock[] = [];
  /** Per 0-based sheet row: the handle of its first issue (−1: none) and how many it has. */
  #first = new Float64Array(0);
  #count = new Int32Array(0);
  #rowsWithIssues = 0;
  /** Rule ids no registry entry declares (from a newer engine): a stable key each. */
  readonly #otherRules = new Map<string, number>();
  /** Groups gathered while blocks arrive in row order (for the first problem list); null once broken. */
  #pending: Map<number, PendingGroup> | null = new Map();
  readonly #decoded = new Map<Handle, Issue>();
  #lastRow = -1;

  /** Rows with issues. */
  get size(): number {
    return this.#rowsWithIssues;
  }

  #grow(rows: number): void {
    if (rows <= this.#first.length) return;
    const cap = Math.max(rows, this.#first.length * 2, 1024);
    const first = new Float64Array(cap).fill(-1);
    first.set(this.#first);
    const count = new Int32Array(cap);
    count.set(this.#count);
    this.#first = first;
    this.#count = count;
  }

  /** A block of issues of whole rows (each row's issues together), as the engine sends them. */
  add(block: IssueBlock): void {
    const b = this.#blocks.length;
    this.#blocks.push(block);
    const n = issueCount(block);
    const pending = this.#pending;
    for (let k = 0; k < n; k++) {
      const r = rowAt(block, k);
      if (r < 0) continue;
      this.#grow(r + 1);
      const h = b * BLOCK_SPAN + k;
      if (this.#count[r] === 0 || this.#first[r] !== h - (this.#count[r] as number)) {
        // A new row (or a row sent again: its new issues replace the old ones).
        if (this.#count[r] === 0) this.#rowsWithIssues++;
        this.#first[r] = h;
        this.#count[r] = 0;
        if (r <= this.#lastRow) this.#pending = null;
        this.#lastRow = r;
      }
      (this.#count[r] as number)++;
      if (pending && this.#pending) {
        const key = this.#keyOf(block, k);
        let g = pending.get(key);
        if (!g) pending.set(key, (g = { key, handles: [], fixes: 0 }));
        g.handles.push(h);
        if (isFix(block, k)) g.fixes++;
      }
    }
  }

  /**
   * Replace the issues of `rows` by those `block` holds for them (a row it does not mention is
   * cleared). Returns each row's handles before and after.
   */
  replaceRows(rows: readonly number[], block: IssueBlock): [row: number, before: Handle[], after: Handle[]][] {
    const before = rows.map((r) => this.handlesOf(r));
    for (const r of rows) {
      if ((this.#count[r] ?? 0) > 0) this.#rowsWithIssues--;
      if (r < this.#count.length) this.#count[r] = 0;
    }
    this.#pending = null;
    this.add(block);
    return rows.map((r, i) => [r, before[i] as Handle[], this.handlesOf(r)]);
  }

  /** Whole-roster issues (few): stored as a block of their own; their handles in order. */
  addLoose(issues: readonly Issue[]): Handle[] {
    const b = this.#blocks.length;
    const block = encodeIssues(issues);
    this.#blocks.push(block);
    return Array.from({ length: issueCount(block) }, (_, k) => b * BLOCK_SPAN + k);
  }

  /**
   * The groups gathered while the blocks arrived, when they came in row order and no row was
   * replaced since; otherwise null (group from `rowsInOrder` instead).
   */
  pendingGroups(): ReadonlyMap<number, PendingGroup> | null {
    return this.#pending;
  }

  handlesOf(r: number): Handle[] {
    const n = this.#count[r] ?? 0;
    const first = this.#first[r] as number;
    return Array.from({ length: n }, (_, k) => first + k);
  }

  countOf(r: number): number {
    return this.#count[r] ?? 0;
  }

  /** Sheet rows with issues, in order. */
  rowsInOrder(): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.#count.length; r++) if ((this.#count[r] as number) > 0) out.push(r);
    return out;
  }

  #at(h: Handle): [IssueBlock, number] {
    const b = Math.floor(h / BLOCK_SPAN);
    return [this.#blocks[b] as IssueBlock, h - b * BLOCK_SPAN];
  }

  #keyOf(block: IssueBlock, k: number): number {
    let rule = ruleIndexAt(block, k);
    if (rule < 0) {
      const id = ruleAt(block, k);
      rule = this.#otherRules.get(id) ?? RULE_INFO.length + this.#otherRules.size;
      this.#otherRules.set(id, rule);
    }
    return rule * 4 + severityCodeAt(block, k);
  }

  /** The problem list's group of an issue: its rule and severity, as a number. */
  groupKeyOf(h: Handle): number {
    const [block, k] = this.#at(h);
    return this.#keyOf(block, k);
  }

  /** Excel row of an issue (0 for a whole-roster issue). */
  excelRowOf(h: Handle): number {
    const [block, k] = this.#at(h);
    return rowAt(block, k) + 1;
  }

  /** Whether an issue proposes a fix the user can accept or decline (one cell, one new value). */
  hasFix(h: Handle): boolean {
    const [block, k] = this.#at(h);
    return isFix(block, k);
  }

  /** The column an issue is about, without unpacking the rest. */
  columnOf(h: Handle): string | null {
    const [block, k] = this.#at(h);
    return columnAt(block, k);
  }

  /**
   * The issue, as the engine made it. The issues unpacked lately are kept (the lists show the same
   * first few hundred after every edit): the same object each time, and no new garbage.
   */
  issue(h: Handle): Issue {
    let i = this.#decoded.get(h);
    if (!i) {
      const [block, k] = this.#at(h);
      i = decodeIssue(block, k, this.cells);
      if (this.#decoded.size >= DECODED) this.#decoded.clear();
      this.#decoded.set(h, i);
    }
    return i;
  }

}
