// The clean-value memo: a column's values that no cell rule had anything to say about, with the
// value the rules returned, so that a value seen clean once is not checked again (most columns
// repeat a few values: 性别, 职称, 工作单位 …). It wraps the column's rules and can only be made from
// rules declared value-and-column-pure (rules/rule.ts, `PureCellRule`): a rule that reads the
// settings or today's date does not type-check here, so it can never be answered from a stale memo.
import type { Column, ColumnKind } from '../profile';
import type { PreparedDictionary } from '../rules/context';
import type { PureCellRule } from '../rules/rule';

/**
 * Clean values of a template column, shared by every roster checked with it (a batch checks a
 * thousand rosters of one profile, each 300 rows: a memo per roster learned its values again in
 * each). Sound because pure cell rules depend on the value, the column's name and kind and its
 * prepared dictionary only: the entry is used only while those are the same, and a dictionary
 * whose contents change is prepared anew (rules/context.ts), so it is another one.
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
/** Values of a column's memo looked at before the map. */
const HOT = 4;
/** After this many look-ups, a column's memo stops when fewer than one in eight found their value. */
const MEMO_TRIAL = 64;
/** At most this many values a column (then it starts again). */
const MEMO_MAX = 4096;

/** Forget every column's shared clean values (for tests that compare with a fresh engine). */
export function forgetCleanValues(): void {
  sharedMemos = new WeakMap();
}

/** One roster's view of a column's clean values. */
export class CleanMemo {
  /** The column's rules: pure, or this memo could not have been made. */
  readonly rules: readonly PureCellRule[];
  /** The shared map; null once dropped for this roster (values mostly new: IDs, phones). */
  memo: Map<string, string> | null;
  private readonly shared: SharedMemo;
  private tries = 0;
  private hits = 0;
  /**
   * The few values found last, and theirs after the rules, looked at first: comparing a cell with
   * them (most often the very same string, as a workbook shares its texts) is cheaper than a map.
   */
  private readonly hot: string[] = [];
  private readonly hotValues: string[] = [];
  private hotNext = 0;

  constructor(col: Column, dict: PreparedDictionary | undefined, rules: readonly PureCellRule[]) {
    this.rules = rules;
    let s = sharedMemos.get(col);
    if (s === undefined || s.name !== col.name || s.kind !== col.kind || s.dict !== dict) {
      s = { name: col.name, kind: col.kind, dict, memo: new Map(), skip: 0 };
      sharedMemos.set(col, s);
    }
    this.shared = s;
    this.memo = s.memo;
    if (s.skip > 0) {
      s.skip--;
      this.memo = null;
    }
  }

  /** The value the rules returned for a clean, non-empty `raw`, or undefined when not known clean. */
  known(raw: string): string | undefined {
    const memo = this.memo;
    if (memo === null) return undefined;
    this.tries++;
    const hot = this.hot;
    let j = 0;
    while (j < hot.length && hot[j] !== raw) j++;
    if (j < hot.length) {
      this.hits++;
      return this.hotValues[j];
    }
    const known = memo.get(raw);
    if (known !== undefined) {
      this.hits++;
      // Among the few looked at first (in turn, replacing the oldest).
      const k = this.hotNext;
      hot[k] = raw;
      this.hotValues[k] = known;
      this.hotNext = (k + 1) % HOT;
    }
    return known;
  }

  /** Keep a non-empty value no rule had anything to say about, or drop the memo where values are mostly new. */
  learn(raw: string, value: string): void {
    const memo = this.memo;
    if (memo === null) return;
    if (this.tries >= MEMO_TRIAL && this.hits * 8 < this.tries) {
      this.memo = null;
      this.shared.skip = SKIP_AFTER_DROP;
      return;
    }
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, value);
  }
}
