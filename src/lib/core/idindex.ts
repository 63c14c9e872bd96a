// Which rows hold which ID: an open-addressing hash table sized once for the roster. A JS Map
// spent ~40 ms on 100,000 fresh 18-character keys (growth and rehashing); this spends ~5 ms, and
// the rules must run at a million rows a second. Supports removal for incremental re-checks.

const EMPTY = 0;
const DELETED = 1;
const USED = 2;

export function hashOf(s: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdIndex {
  private state: Uint8Array;
  private hashes: Uint32Array;
  private keys: (string | undefined)[];
  /** A bare row number for a unique ID; an array of rows (ascending) for duplicates. */
  private values: (number | number[] | undefined)[];
  private used = 0;
  private deleted = 0;
  /** Rows that share their ID with another row (sum of the sizes of groups of two or more). */
  duplicateRows = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.state = new Uint8Array(cap);
    this.hashes = new Uint32Array(cap);
    this.keys = new Array<string | undefined>(cap);
    this.values = new Array<number | number[] | undefined>(cap);
  }

  private find(key: string, h: number): number {
    const mask = this.state.length - 1;
    let i = h & mask;
    for (;;) {
      const s = this.state[i];
      if (s === EMPTY) return -1;
      if (s === USED && this.hashes[i] === h && this.keys[i] === key) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = { state: this.state, hashes: this.hashes, keys: this.keys, values: this.values };
    const cap = this.used * 2 > old.state.length / 2 ? old.state.length * 2 : old.state.length;
    this.state = new Uint8Array(cap);
    this.hashes = new Uint32Array(cap);
    this.keys = new Array<string | undefined>(cap);
    this.values = new Array<number | number[] | undefined>(cap);
    this.deleted = 0;
    const mask = cap - 1;
    for (let j = 0; j < old.state.length; j++) {
      if (old.state[j] !== USED) continue;
      let i = (old.hashes[j] as number) & mask;
      while (this.state[i] !== EMPTY) i = (i + 1) & mask;
      this.state[i] = USED;
      this.hashes[i] = old.hashes[j] as number;
      this.keys[i] = old.keys[j];
      this.values[i] = old.values[j];
    }
  }

  /**
   * Add a row to its ID's group. Returns the group's first row before the addition, or -1 when
   * the ID was new. `h` is hashOf(key), when the caller has it already. One probe sequence finds
   * the key or the slot a new key goes to (the first free one: removed or never used).
   */
  add(key: string, row: number, h: number = hashOf(key)): number {
    const state = this.state;
    const mask = state.length - 1;
    let i = h & mask;
    let free = -1;
    for (;;) {
      const s = state[i];
      if (s === EMPTY) break;
      if (s === USED) {
        if (this.hashes[i] === h && this.keys[i] === key) return this.join(i, row);
      } else if (free < 0) free = i;
      i = (i + 1) & mask;
    }
    if ((this.used + this.deleted + 1) * 2 > state.length) {
      this.grow();
      const m = this.state.length - 1;
      i = h & m;
      while (this.state[i] === USED) i = (i + 1) & m;
    } else if (free >= 0) i = free;
    if (this.state[i] === DELETED) this.deleted--;
    this.state[i] = USED;
    this.hashes[i] = h;
    this.keys[i] = key;
    this.values[i] = row;
    this.used++;
    return -1;
  }

  /** Add a row to the group at slot `at`; returns the group's first row before the addition. */
  private join(at: number, row: number): number {
    const v = this.values[at] as number | number[];
    const first = typeof v === 'number' ? v : (v[0] as number);
    if (typeof v === 'number') {
      this.values[at] = v < row ? [v, row] : [row, v];
      this.duplicateRows += 2;
    } else {
      // Kept ascending, so that a group's first row (the person's row that counts) is v[0]. A
      // check adds rows in order (a push); only an edit inserts in the middle.
      if (row > (v[v.length - 1] as number)) v.push(row);
      else {
        let k = v.length;
        while (k > 0 && (v[k - 1] as number) > row) k--;
        v.splice(k, 0, row);
      }
      this.duplicateRows += 1;
    }
    return first;
  }

  /**
   * Remove a row from its ID's group. Returns the group's new first row when the removed row was
   * the first (-1 when no row is left), or -2 when the first row did not change.
   */
  remove(key: string, row: number): number {
    const at = this.find(key, hashOf(key));
    if (at < 0) return -2;
    const v = this.values[at] as number | number[];
    if (typeof v === 'number') {
      if (v !== row) return -2;
      this.state[at] = DELETED;
      this.keys[at] = undefined;
      this.values[at] = undefined;
      this.used--;
      this.deleted++;
      return -1;
    }
    const k = v.indexOf(row);
    if (k < 0) return -2;
    v.splice(k, 1);
    if (v.length === 1) {
      this.values[at] = v[0] as number;
      this.duplicateRows -= 2;
    } else {
      this.duplicateRows -= 1;
    }
    return k === 0 ? (v[0] as number) : -2;
  }

  /** The rows holding this ID when there are two or more; otherwise null. */
  group(key: string): readonly number[] | null {
    const at = this.find(key, hashOf(key));
    if (at < 0) return null;
    const v = this.values[at];
    return typeof v === 'object' ? v : null;
  }

  /** The smallest row holding this ID, or -1 when no row does. */
  first(key: string): number {
    const at = this.find(key, hashOf(key));
    if (at < 0) return -1;
    const v = this.values[at] as number | number[];
    return typeof v === 'number' ? v : (v[0] as number);
  }

  /** Every group of two or more rows. */
  *groups(): Generator<readonly number[]> {
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (this.state[i] === USED && typeof v === 'object') yield v;
    }
  }
}
