// Findings across rosters (issue #12): the same person in several rosters (a note), and a person
// credited more than 2 credits on one day across projects (an error in every file concerned;
// seed 001: 在同一天录入超过2分项目学习学分，不符合管理规定). Fed one roster at a time with only
// what it needs, so a batch of 1,000 rosters never holds more than an ID index.
import { dayNumber, fromDayNumber } from './dates';
import type { ProjectSettings } from './types';
import type { Roster } from './check';
import type { Located } from './locate';

/** At most this many credits a person may be given on one day, across projects. */
export const MAX_DAILY_CREDITS = 2;
/** An event longer than this (days) is taken as a mistake in its dates: its credits are not spread. */
export const MAX_EVENT_DAYS = 366;

/** One attendee of a roster: the engine's ID key, the name as written and the Excel row. */
export interface BatchPerson {
  key: string;
  name: string;
  row: number;
}

/**
 * What the batch needs of a project's settings (`--project`, a manifest row): its dates
 * (YYYY-MM-DD, both included) and its credits; a project without them is left out of the count.
 */
export type BatchProject = Pick<ProjectSettings, 'start' | 'end' | 'credits'>;

export interface Occurrence {
  file: string;
  row: number;
}

export interface Duplicate {
  id: string;
  /** Every name this ID was written with, first seen first. */
  names: string[];
  occurrences: Occurrence[];
}

export interface SameDay {
  id: string;
  name: string;
  date: string;
  /** Credits on that date, across the rosters (rounded to 2 decimals). */
  credits: number;
  files: string[];
  occurrences: Occurrence[];
}

/** The same shape as an engine Issue, for the one batch rule. */
export interface BatchIssue {
  rule: 'batch.daily';
  severity: 'error';
  row: number;
  column: string;
  value: string;
  message: string;
  fix: null;
}

export interface BatchResult {
  /** Rosters added (readable ones). */
  files: number;
  /** Distinct people (by ID) across them. */
  people: number;
  duplicates: Duplicate[];
  sameDay: SameDay[];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date that exists (null otherwise), and back. */
export { dayNumber as isoDay, fromDayNumber as dayIso };

/** A project's credits per day, spread evenly over its days; null when its dates or credits cannot be used. */
export function dailyCredits(p: BatchProject): { first: number; days: number; perDay: number } | null {
  if (p.start === undefined || p.end === undefined || p.credits === undefined) return null;
  const first = dayNumber(p.start);
  const last = dayNumber(p.end);
  if (first === null || last === null || last < first || last - first + 1 > MAX_EVENT_DAYS) return null;
  if (!Number.isFinite(p.credits) || p.credits <= 0) return null;
  const days = last - first + 1;
  return { first, days, perDay: p.credits / days };
}

interface FileEntry {
  name: string;
  /** Project label for messages (the file name when the manifest gives none). */
  label: string;
  daily: { first: number; days: number; perDay: number } | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Credits are sums of fractions (1/3 a day): compare with a margin. */
const EPSILON = 1e-9;
const NONE = -1;

/** A growable list of 32-bit integers (one number a slot, no object per entry). */
class IntList {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(x: number): number {
    if (this.length === this.data.length) {
      // Grown by ArrayBuffer.prototype.transfer where there is one: the old list is freed at once,
      // not left (with every size before it) for the collector, some 30 MB at 300,000 people.
      const buffer = this.data.buffer as ArrayBuffer & { transfer?: (bytes: number) => ArrayBuffer };
      if (typeof buffer.transfer === 'function') this.data = new Int32Array(buffer.transfer(this.data.byteLength * 2));
      else {
        const grown = new Int32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
    }
    this.data[this.length] = x;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i] as number;
  }
  set(i: number, x: number): void {
    this.data[i] = x;
  }
}

/**
 * The batch's ID index. What it keeps of a person is numbers in flat lists, save the ID (the
 * index's key) and the name each row gave: a batch of 1,000 rosters of 300 attendees is some
 * 300,000 people, and an object and two arrays each came to ~400 bytes a person. A person's
 * occurrences are kept in the order of their rosters, also when a roster is checked again.
 */
export class BatchAccumulator {
  private readonly files: FileEntry[] = [];
  /** Person number by ID key, in the order first seen. */
  private readonly index = new Map<string, number>();
  /**
   * Per person: first and last occurrence. A person's occurrences are in roster order, so the
   * person is in several rosters exactly when the first and the last are in different ones.
   */
  private readonly first = new IntList();
  private readonly last = new IntList();
  /** Per occurrence (an attendee row of a roster): its file, its Excel row, the person's next one. */
  private readonly occFile = new IntList(4096);
  private readonly occRow = new IntList(4096);
  private readonly occNext = new IntList(4096);
  /** Per occurrence: the name its row gave (a person's names are those of the rows left). */
  private readonly occName: string[] = [];
  /** Indexes in `files` of rosters taken out again (remove). */
  private readonly removed = new Set<number>();
  private done: { result: BatchResult; issues: Map<string, BatchIssue[]> } | null = null;

  /**
   * Add one readable roster: its file name (unique in the batch), its attendees, and its project
   * (null when unknown: it then counts for duplicates only). `label` names the project in messages.
   */
  add(file: string, people: Iterable<BatchPerson>, project: BatchProject | null = null, label = file): void {
    this.done = null;
    const entry: FileEntry = { name: file, label, daily: project ? dailyCredits(project) : null };
    // A roster taken out (remove) comes back in its own place: the lists keep the page's order.
    let index = this.files.findIndex((f, i) => f.name === file && this.removed.has(i));
    const back = index >= 0;
    if (back) {
      this.files[index] = entry;
      this.removed.delete(index);
    } else {
      index = this.files.length;
      this.files.push(entry);
    }
    for (const p of people) {
      const o = this.occFile.push(index);
      this.occRow.push(p.row);
      this.occNext.push(NONE);
      this.occName.push(p.name);
      const n = this.index.get(p.key);
      if (n === undefined) {
        this.index.set(p.key, this.first.length);
        this.first.push(o);
        this.last.push(o);
        continue;
      }
      if (back && this.occFile.get(this.last.get(n)) > index) {
        this.insert(n, o, index);
        continue;
      }
      this.occNext.set(this.last.get(n), o);
      this.last.set(n, o);
    }
  }

  /** Link occurrence `o` (of roster `index`, which comes back) into person n's list in roster order. */
  private insert(n: number, o: number, index: number): void {
    let prev = NONE;
    for (let x = this.first.get(n); x !== NONE && this.occFile.get(x) <= index; x = this.occNext.get(x)) prev = x;
    if (prev === NONE) {
      this.occNext.set(o, this.first.get(n));
      this.first.set(n, o);
    } else {
      this.occNext.set(o, this.occNext.get(prev));
      this.occNext.set(prev, o);
    }
  }

  private compute(): { result: BatchResult; issues: Map<string, BatchIssue[]> } {
    if (this.done) return this.done;
    const duplicates: Duplicate[] = [];
    const sameDay: SameDay[] = [];
    const issues = new Map<string, BatchIssue[]>();
    const fileName = (f: number) => (this.files[f] as FileEntry).name;
    for (const [id, n] of this.index) {
      if (this.occFile.get(this.first.get(n)) === this.occFile.get(this.last.get(n))) continue;
      // The person's occurrences in roster order: [file, row, file, row, …]; names as first written.
      const occ: number[] = [];
      const names: string[] = [];
      for (let o = this.first.get(n); o !== NONE; o = this.occNext.get(o)) {
        occ.push(this.occFile.get(o), this.occRow.get(o));
        const written = this.occName[o] as string;
        if (!names.includes(written)) names.push(written);
      }
      const fileSet = new Set<number>();
      for (let i = 0; i < occ.length; i += 2) fileSet.add(occ[i] as number);
      const occurrences: Occurrence[] = [];
      for (let i = 0; i < occ.length; i += 2) occurrences.push({ file: fileName(occ[i] as number), row: occ[i + 1] as number });
      const name = names[0] ?? '';
      duplicates.push({ id, names, occurrences });

      // Credits per date, each file counted once for this person (a second row of the same
      // person in one roster is that roster's own duplicate, not a second credit).
      const perDate = new Map<number, { credits: number; files: number[] }>();
      for (const f of fileSet) {
        const d = (this.files[f] as FileEntry).daily;
        if (!d) continue;
        for (let k = 0; k < d.days; k++) {
          const day = d.first + k;
          let slot = perDate.get(day);
          if (!slot) perDate.set(day, (slot = { credits: 0, files: [] }));
          slot.credits += d.perDay;
          slot.files.push(f);
        }
      }
      const days = [...perDate.entries()].filter(([, s]) => s.files.length > 1 && s.credits > MAX_DAILY_CREDITS + EPSILON).sort((a, b) => a[0] - b[0]);
      for (const [day, s] of days) {
        const date = fromDayNumber(day);
        const credits = round2(s.credits);
        const inFiles = new Set(s.files);
        const occIn = occurrences.filter((_, i) => inFiles.has(occ[2 * i] as number));
        sameDay.push({ id, name, date, credits, files: s.files.map(fileName), occurrences: occIn });
        for (let i = 0; i < occ.length; i += 2) {
          const f = occ[i] as number;
          if (!inFiles.has(f)) continue;
          const file = this.files[f] as FileEntry;
          const others = s.files.filter((g) => g !== f).map((g) => `《${(this.files[g] as FileEntry).label}》`);
          const list = issues.get(file.name) ?? [];
          list.push({
            rule: 'batch.daily',
            severity: 'error',
            row: occ[i + 1] as number,
            column: '证件号码',
            value: id,
            message: `${name ? `${name}（${id}）` : id}在 ${date} 还参加了${others.join('、')}，当天共 ${credits} 学分，超过每人每天 2 学分的规定；请与相关项目核对，只能保留不超过 2 学分`,
            fix: null,
          });
          issues.set(file.name, list);
        }
      }
    }
    for (const list of issues.values()) list.sort((a, b) => a.row - b.row);
    this.done = { result: { files: this.files.length - this.removed.size, people: this.index.size, duplicates, sameDay }, issues };
    return this.done;
  }

  /**
   * Take a roster out again, to add it back as it is now (checked with other project settings, or
   * with the user's edits): its people and its project leave every finding, and it comes back in its
   * own place (add). Its occurrences are unlinked from each person's list
   * (their slots stay, unused); a person left with none leaves the index.
   */
  remove(file: string): void {
    const index = this.files.findIndex((f, i) => f.name === file && !this.removed.has(i));
    if (index < 0) return;
    this.done = null;
    this.removed.add(index);
    for (const [key, n] of this.index) {
      let prev = NONE;
      for (let o = this.first.get(n); o !== NONE; o = this.occNext.get(o)) {
        const f = this.occFile.get(o);
        if (f === index) {
          const next = this.occNext.get(o);
          if (prev === NONE) this.first.set(n, next);
          else this.occNext.set(prev, next);
          continue;
        }
        prev = o;
      }
      if (prev === NONE) {
        this.index.delete(key);
        continue;
      }
      this.last.set(n, prev);
    }
  }

  result(): BatchResult {
    return this.compute().result;
  }

  /** The batch.daily errors of one file, by row. */
  issuesOf(file: string): readonly BatchIssue[] {
    return this.compute().issues.get(file) ?? [];
  }
}

/** The people of a checked roster, as the batch needs them (engine ID key, name, Excel row). */
export function peopleOf(roster: Roster, located: Pick<Located, 'firstDataRow' | 'columns'>): BatchPerson[] {
  const nameCol = located.columns['姓名'];
  const out: BatchPerson[] = [];
  for (let r = located.firstDataRow; r < roster.rowCount; r++) {
    const key = roster.idKey(r);
    if (key !== null) out.push({ key, name: nameCol === undefined ? '' : roster.cell(r, nameCol).trim(), row: r + 1 });
  }
  return out;
}
