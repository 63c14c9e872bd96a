// The engine: runs every rule over a located roster sheet and keeps the result up to date, one
// row at a time, as cells are edited (so that an edit on a 100,000-row roster costs one row).
import type { Column, Profile } from './profile';
import type { Located } from './locate';
import type { Fix, Issue, RawSheet, Settings, Summary } from './types';
import { cellKey } from './types';
import { isBlank } from './normalize';
import { IdIndex } from './idindex';
import { prepareContext, type PreparedDictionary, type RuleContext } from './rules/context';
import { checkDictionary } from './rules/dictionary';
import { requiredIssue } from './rules/required';
import { headerIssues } from './rules/header';
import { checkName } from './rules/name';
import { checkUnit } from './rules/unit';
import { checkIdNumber, type IdResult } from './rules/id';
import { checkGenderAgainstId } from './rules/gender';
import { checkMobile } from './rules/phone';
import { checkEmail } from './rules/email';
import { checkFormula } from './rules/formula';
import { grassrootsKeyword, suggestGrassroots } from './rules/grassroots';
import { duplicateIssues } from './rules/duplicate';
import { countIssue } from './rules/count';
import { needMore, shareIssue } from './rules/share';

/** Per-row flags, packed in a Uint8Array (no object per row: rosters have 100,000 rows). */
const ATTENDEE = 1;
const OUT_OF_PROVINCE = 2;
const GRASSROOTS = 4;

/** Column kinds as small numbers for the per-cell switch. */
const enum K {
  Serial,
  Name,
  Gender,
  IdType,
  IdNumber,
  Unit,
  Province,
  Grassroots,
  Mobile,
  Email,
  Dictionary,
}

const KIND_CODE: Record<string, K> = {
  serial: K.Serial,
  name: K.Name,
  gender: K.Gender,
  idType: K.IdType,
  idNumber: K.IdNumber,
  unit: K.Unit,
  province: K.Province,
  grassroots: K.Grassroots,
  mobile: K.Mobile,
  email: K.Email,
};

interface MappedColumn {
  index: number;
  col: Column;
  name: string;
  required: boolean;
  kind: K;
  dict: PreparedDictionary | undefined;
}

const EMPTY_ROW: readonly string[] = [];
const NO_ISSUES: Issue[] = [];

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
  outside: boolean;
  grass: boolean;
  key: string | null;
}

export class Roster {
  readonly profile: Profile;
  readonly settings: Settings;
  readonly located: Located;
  readonly sheetName: string;
  private readonly ctx: RuleContext;
  private readonly rows: string[][];
  private readonly numeric: Set<number>;
  private readonly edited = new Set<number>();
  private readonly mapped: MappedColumn[];
  private readonly colOrder: Map<string, number>;
  private readonly unknownIndexes: number[];
  private readonly header: Issue[];
  /** Per sheet row: ATTENDEE | OUT_OF_PROVINCE | GRASSROOTS. */
  private readonly flags: Uint8Array;
  private readonly retain: boolean;
  /** Issues of rows that have any (sparse); only when issues are retained. */
  private readonly rowIssueMap = new Map<number, Issue[]>();
  /** Per sheet row, when issues are not retained: its errors, warnings and infos (saturating). */
  private readonly rowCounts: Uint16Array | null;
  private readonly result: RowResult = { attendee: false, outside: false, grass: false, key: null };
  /** Duplicate key of each row's ID (sparse array). */
  private readonly idKeys: (string | null)[];
  private readonly ids: IdIndex;
  private attendees = 0;
  private outOfProvince = 0;
  private grassroots = 0;
  private either = 0;
  private rowTotals: Totals = { errors: 0, warnings: 0, infos: 0 };
  /** Scratch list the cell checkers push to; copied only when a row has issues. */
  private readonly scratch: Issue[] = [];
  private readonly idColumn: MappedColumn | undefined;

  constructor(sheet: RawSheet, located: Located, profile: Profile, settings: Settings, options: RosterOptions = {}) {
    this.retain = options.retainIssues ?? true;
    this.profile = profile;
    this.located = located;
    this.sheetName = sheet.name;
    this.ctx = prepareContext(profile, settings);
    this.settings = { ...settings, hostProvince: this.canonicalProvince(settings.hostProvince) };
    this.ctx.settings = this.settings;
    // Rows are copied on write (see setCell), so the caller's table is never changed.
    this.rows = sheet.rows.slice();
    this.numeric = sheet.numeric;
    this.mapped = [];
    located.byIndex.forEach((col, index) => {
      if (!col) return;
      const dict = col.dictionary ? this.ctx.dictionaries[col.dictionary] : undefined;
      const kind = KIND_CODE[col.kind] ?? (dict ? K.Dictionary : K.Serial);
      this.mapped.push({ index, col, name: col.name, required: col.required, kind, dict });
    });
    this.idColumn = this.mapped.find((m) => m.kind === K.IdNumber);
    this.colOrder = new Map(this.mapped.map((m) => [m.col.name, m.index]));
    this.unknownIndexes = located.unknown.map((u) => u.index);
    this.header = headerIssues(located, profile);
    this.flags = new Uint8Array(this.rows.length);
    this.rowCounts = this.retain ? null : new Uint16Array(this.rows.length * 3);
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

  /** All rows of the sheet as they are now (edits applied). Do not mutate. */
  table(): readonly (readonly string[])[] {
    return this.rows;
  }

  private isNumeric(r: number, c: number): boolean {
    const k = cellKey(r, c);
    return this.numeric.has(k) && !this.edited.has(k);
  }

  /** A row holds an attendee when any template column other than 序号 is filled. */
  private isAttendee(row: readonly string[]): boolean {
    const mapped = this.mapped;
    for (let i = 0; i < mapped.length; i++) {
      const m = mapped[i] as MappedColumn;
      if (m.kind === K.Serial) continue;
      const v = row[m.index];
      if (v !== undefined && v !== '' && !isBlank(v)) return true;
    }
    return false;
  }

  /** Check one row (0-based sheet row) and store its result, replacing what was there. */
  private checkRow(r: number): void {
    this.unstore(r);
    const issues = this.evaluate(r);
    const res = this.result;
    if (!res.attendee) return;
    if (issues.length > 0) {
      const counts = this.rowCounts;
      if (counts === null) {
        this.rowIssueMap.set(r, issues);
        countSeverities(issues, this.rowTotals);
      } else {
        // Saturating at 65,535 a row (an unknown column each may hold a formula): the totals add
        // what is stored, so that unstore() takes away exactly what was added.
        const t: Totals = { errors: 0, warnings: 0, infos: 0 };
        countSeverities(issues, t);
        counts[3 * r] = Math.min(t.errors, 0xffff);
        counts[3 * r + 1] = Math.min(t.warnings, 0xffff);
        counts[3 * r + 2] = Math.min(t.infos, 0xffff);
        this.rowTotals.errors += counts[3 * r] as number;
        this.rowTotals.warnings += counts[3 * r + 1] as number;
        this.rowTotals.infos += counts[3 * r + 2] as number;
      }
    }
    const { outside, grass, key } = res;
    this.flags[r] = ATTENDEE | (outside ? OUT_OF_PROVINCE : 0) | (grass ? GRASSROOTS : 0);
    this.attendees++;
    if (outside) this.outOfProvince++;
    if (grass) this.grassroots++;
    if (outside || grass) this.either++;
    if (key !== null) {
      this.idKeys[r] = key;
      this.ids.add(key, r);
    }
  }

  /**
   * Run every cell rule over one row as it is now: its own issues (a new array, in column order,
   * or NO_ISSUES), with whether it is an attendee, its province and grassroots standing and its ID
   * key left in `this.result`. Stores nothing.
   */
  private evaluate(r: number): Issue[] {
    const res = this.result;
    res.attendee = false;
    res.outside = false;
    res.grass = false;
    res.key = null;
    const row = this.rows[r] ?? EMPTY_ROW;
    if (!this.isAttendee(row)) return NO_ISSUES;
    res.attendee = true;
    const excelRow = r + 1;
    const ctx = this.ctx;
    const out = this.scratch;
    if (out.length > 0) out.length = 0;
    let gender: string | null = null;
    let genderRaw = '';
    let genderColumn = '';
    let idType: string | null = '';
    let province: string | null = null;
    let grassrootsValue: string | null = null;
    let grassrootsColumn: MappedColumn | undefined;
    let grassrootsEmpty = false;
    let unit = '';
    let sorted = true;
    let lastOrder = -1;

    const mapped = this.mapped;
    for (let i = 0; i < mapped.length; i++) {
      const m = mapped[i] as MappedColumn;
      const raw = row[m.index] ?? '';
      const name = m.name;
      const before = out.length;
      if (raw !== '') {
        const f = checkFormula(raw, name, excelRow);
        if (f) out.push(f);
      }
      const empty = raw === '' || isBlank(raw);
      if (m.kind === K.Grassroots) {
        grassrootsColumn = m;
        grassrootsEmpty = empty;
      }
      if (empty) {
        if (m.required && m.kind !== K.Grassroots) out.push(requiredIssue(name, excelRow, raw));
      } else {
        switch (m.kind) {
          case K.Name:
            checkName(raw, name, excelRow, out);
            break;
          case K.Unit:
            unit = checkUnit(raw, name, excelRow, out) ?? raw;
            break;
          case K.Mobile:
            checkMobile(raw, name, excelRow, out);
            break;
          case K.Email:
            checkEmail(raw, name, excelRow, out);
            break;
          case K.Gender:
            gender = m.dict ? checkDictionary(raw, m.dict, name, excelRow, out) : raw;
            genderRaw = raw;
            genderColumn = name;
            break;
          case K.IdType:
            idType = m.dict ? checkDictionary(raw, m.dict, name, excelRow, out) : raw;
            break;
          case K.Province:
            province = m.dict ? checkDictionary(raw, m.dict, name, excelRow, out) : raw;
            break;
          case K.Grassroots:
            grassrootsValue = m.dict ? checkDictionary(raw, m.dict, name, excelRow, out) : raw;
            break;
          case K.Dictionary:
            if (m.dict) checkDictionary(raw, m.dict, name, excelRow, out);
            break;
          default:
            break;
        }
      }
      if (out.length > before) {
        if (m.index < lastOrder) sorted = false;
        lastOrder = m.index;
      }
    }

    let id: IdResult | null = null;
    const idCol = this.idColumn;
    if (idCol) {
      const raw = row[idCol.index] ?? '';
      if (raw !== '' && !isBlank(raw)) {
        const before = out.length;
        id = checkIdNumber(raw, this.numeric.size > 0 && this.isNumeric(r, idCol.index), idType, idCol.name, excelRow, ctx, out);
        if (out.length > before && before > 0) sorted = false;
      }
    }
    if (id?.resident && id.valid && gender !== null) {
      const g = checkGenderAgainstId(gender, id.valid, genderColumn, excelRow, genderRaw);
      if (g) {
        out.push(g);
        sorted = false;
      }
    }
    if (grassrootsColumn) {
      const name = grassrootsColumn.name;
      const raw = row[grassrootsColumn.index] ?? '';
      let found: Issue | null = null;
      if (grassrootsEmpty) {
        const k = this.keywordOf(unit);
        if (grassrootsColumn.required) {
          found = requiredIssue(name, excelRow, raw, k ? `（单位名称含“${k}”，可能是基层单位，请核实后填写）` : '');
          if (k) found.suggestion = '是';
        } else if (k) {
          found = suggestGrassroots(unit, raw, this.profile.grassrootsKeywords, name, excelRow);
        }
      } else if (grassrootsValue === '否' && this.keywordOf(unit) !== null) {
        found = suggestGrassroots(unit, raw, this.profile.grassrootsKeywords, name, excelRow);
      }
      if (found) {
        out.push(found);
        sorted = false;
      }
    }
    for (const c of this.unknownIndexes) {
      const raw = row[c];
      if (raw) {
        const f = checkFormula(raw, null, excelRow);
        if (f) out.push(f);
      }
    }

    res.outside = province !== null && province !== this.settings.hostProvince;
    res.grass = grassrootsValue === '是';
    res.key = id?.key ?? null;
    if (out.length === 0) return NO_ISSUES;
    const issues = out.slice();
    if (!sorted && issues.length > 1) {
      const order = this.colOrder;
      const at = (i: Issue) => (i.column === null ? 1e9 : order.get(i.column) ?? 1e9);
      issues.sort((a, b) => at(a) - at(b));
    }
    return issues;
  }

  /** A row's own issues (duplicates not included). */
  private ownIssues(r: number): Issue[] {
    const counts = this.rowCounts;
    if (counts === null) return this.rowIssueMap.get(r) ?? NO_ISSUES;
    if ((counts[3 * r] as number) + (counts[3 * r + 1] as number) + (counts[3 * r + 2] as number) === 0) return NO_ISSUES;
    return this.evaluate(r);
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
    if (!(f & ATTENDEE)) return;
    this.flags[r] = 0;
    this.attendees--;
    if (f & OUT_OF_PROVINCE) this.outOfProvince--;
    if (f & GRASSROOTS) this.grassroots--;
    if (f & (OUT_OF_PROVINCE | GRASSROOTS)) this.either--;
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
    const key = this.idKeys[r];
    if (key != null) {
      this.idKeys[r] = null;
      this.ids.remove(key, r);
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

  /**
   * Change one cell (0-based sheet row and column) and re-check its row. Only rows below the
   * header can be edited.
   */
  setCell(r: number, c: number, value: string): void {
    if (r < this.located.firstDataRow || r >= this.rows.length) throw new RangeError(`row ${r + 1} is not a data row`);
    if (c < 0 || c >= 16384) throw new RangeError(`column ${c} is out of range`);
    const row = (this.rows[r] ?? []).slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.rows[r] = row;
    this.edited.add(cellKey(r, c));
    this.duplicateCache.clear();
    this.checkRow(r);
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

  /** Attendees per 单位所在省份 (after its fix), most first; empty cells count as “未填”. */
  provinceCounts(): { province: string; count: number; outside: boolean }[] {
    const m = this.mapped.find((x) => x.kind === K.Province);
    if (!m) return [];
    const counts = new Map<string, number>();
    const sink: Issue[] = [];
    for (let r = this.located.firstDataRow; r < this.rows.length; r++) {
      if (!((this.flags[r] ?? 0) & ATTENDEE)) continue;
      const raw = this.rows[r]?.[m.index] ?? '';
      let p = isBlank(raw) ? '未填' : raw;
      if (m.dict && p !== '未填' && !m.dict.values.has(p)) {
        sink.length = 0;
        p = checkDictionary(raw, m.dict, '', 0, sink) ?? raw.trim();
      }
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    const host = this.settings.hostProvince;
    return [...counts.entries()]
      .map(([province, count]) => ({ province, count, outside: province !== host && province !== '未填' && (m.dict?.values.has(province) ?? true) }))
      .sort((a, b) => b.count - a.count || a.province.localeCompare(b.province));
  }

  /**
   * The id.duplicate issues of each group (by Excel row), worked out once per group: asking for
   * every row of a group of k rows must cost k, not k² (100,000 rows with one placeholder ID).
   * Groups are the index's own arrays; any edit may change them, so it empties the cache.
   */
  private readonly duplicateCache = new Map<readonly number[], ReadonlyMap<number, Issue>>();

  /** The id.duplicate issues of one group of rows (0-based) sharing an ID, by Excel row. */
  private groupIssues(group: readonly number[], idCol: MappedColumn): ReadonlyMap<number, Issue> {
    let byRow = this.duplicateCache.get(group);
    if (!byRow) {
      const rows = group.map((g) => g + 1).sort((a, b) => a - b);
      byRow = new Map(duplicateIssues(rows, rows.map((x) => this.cell(x - 1, idCol.index)), idCol.name).map((i) => [i.row as number, i]));
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

  /** Whole-roster issues: header, attendee count, share. */
  rosterIssues(): Issue[] {
    const out = [...this.header];
    const count = countIssue(this.attendees, this.profile, this.settings);
    if (count) out.push(count);
    const share = shareIssue(this.summaryCounts(), this.profile);
    if (share) out.push(share);
    return out;
  }

  /** Every issue: whole-roster first, then by row and column. */
  issues(): Issue[] {
    return [...this.eachIssue()];
  }

  /**
   * The same issues one at a time, for a caller that streams them: without retained issues,
   * only one row's are alive at once.
   */
  *eachIssue(): Generator<Issue> {
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
    return {
      attendees: this.attendees,
      outOfProvince: this.outOfProvince,
      grassroots: this.grassroots,
      outOfProvinceOrGrassroots: this.either,
      share: this.attendees === 0 ? 0 : this.either / this.attendees,
      needMore: needMore(this.either, this.attendees, min),
      errors: 0,
      warnings: 0,
      infos: 0,
    };
  }

  /** Counts, shares and severities; cheap enough to call after every edit. */
  summary(): Summary {
    const s = this.summaryCounts();
    const totals = { errors: this.rowTotals.errors + this.ids.duplicateRows, warnings: this.rowTotals.warnings, infos: this.rowTotals.infos };
    countSeverities(this.rosterIssues(), totals);
    return { ...s, ...totals };
  }

  /** Every proposed fix (one per cell at most), in row order. */
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
}
