// The engine: runs every rule over a located roster sheet and keeps the result up to date, one
// row at a time, as cells are edited (so that an edit on a 100,000-row roster costs one row).
import type { Column, Profile } from './profile';
import type { Located } from './locate';
import type { Fix, Issue, RawSheet, Settings, Summary } from './types';
import { cellKey } from './types';
import { cleanText } from './normalize';
import { prepareContext, type CellResult, type PreparedDictionary, type RuleContext } from './rules/context';
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

interface RowResult {
  issues: Issue[];
  outOfProvince: boolean;
  grassroots: boolean;
  /** Duplicate key of the ID, null when the row has none. */
  idKey: string | null;
  errors: number;
  warnings: number;
  infos: number;
}

interface MappedColumn {
  index: number;
  col: Column;
  dict: PreparedDictionary | undefined;
}

const EMPTY_ROW: readonly string[] = [];

function countSeverities(issues: readonly Issue[], into: { errors: number; warnings: number; infos: number }): void {
  for (const i of issues) {
    if (i.severity === 'error') into.errors++;
    else if (i.severity === 'warning') into.warnings++;
    else into.infos++;
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
  private readonly edited = new Set<number>();
  private readonly mapped: MappedColumn[];
  private readonly colOrder: Map<string, number>;
  private readonly unknownIndexes: number[];
  private readonly header: Issue[];
  private readonly results: (RowResult | null)[];
  private readonly idGroups = new Map<string, number[]>();
  private dupRows = 0;
  private attendees = 0;
  private outOfProvince = 0;
  private grassroots = 0;
  private either = 0;
  private rowTotals = { errors: 0, warnings: 0, infos: 0 };
  private readonly idColumn: MappedColumn | undefined;

  constructor(sheet: RawSheet, located: Located, profile: Profile, settings: Settings) {
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
      if (col) this.mapped.push({ index, col, dict: col.dictionary ? this.ctx.dictionaries[col.dictionary] : undefined });
    });
    this.idColumn = this.mapped.find((m) => m.col.kind === 'idNumber');
    this.colOrder = new Map(this.mapped.map((m) => [m.col.name, m.index]));
    this.unknownIndexes = located.unknown.map((u) => u.index);
    this.header = headerIssues(located, profile);
    this.results = new Array<RowResult | null>(this.rows.length).fill(null);
    for (let r = located.firstDataRow; r < this.rows.length; r++) this.store(r, this.checkRow(r));
  }

  /** The host province as the dictionary spells it ("北京" → "北京市"). */
  private canonicalProvince(p: string): string {
    const dict = this.ctx.dictionaries['province'];
    if (!dict) return p;
    const r = checkDictionary(p, dict, '', 0);
    return r.effective ?? p;
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
    for (const m of this.mapped) {
      if (m.col.kind === 'serial') continue;
      const v = row[m.index];
      if (v !== undefined && v !== '' && v.trim() !== '') return true;
    }
    return false;
  }

  private checkRow(r: number): RowResult | null {
    const row = this.rows[r] ?? EMPTY_ROW;
    if (!this.isAttendee(row)) return null;
    const excelRow = r + 1;
    const ctx = this.ctx;
    const issues: Issue[] = [];
    let gender: string | null = null;
    let genderRaw = '';
    let genderColumn = '';
    let idType: string | null = '';
    let province: string | null = null;
    let grassrootsValue: string | null = null;
    let grassrootsColumn: MappedColumn | undefined;
    let grassrootsEmpty = false;
    let unit = '';

    for (const m of this.mapped) {
      const raw = row[m.index] ?? '';
      const name = m.col.name;
      if (raw !== '') {
        const f = checkFormula(raw, name, excelRow);
        if (f) issues.push(f);
      }
      const empty = raw === '' || cleanText(raw) === '';
      if (m.col.kind === 'grassroots') {
        grassrootsColumn = m;
        grassrootsEmpty = empty;
      }
      if (empty) {
        if (m.col.required && m.col.kind !== 'grassroots') issues.push(requiredIssue(name, excelRow, raw));
        continue;
      }
      let res: CellResult | null = null;
      switch (m.col.kind) {
        case 'name':
          res = checkName(raw, name, excelRow);
          break;
        case 'unit':
          res = checkUnit(raw, name, excelRow);
          unit = res.effective ?? raw;
          break;
        case 'mobile':
          res = checkMobile(raw, name, excelRow);
          break;
        case 'email':
          res = checkEmail(raw, name, excelRow);
          break;
        case 'idNumber':
        case 'serial':
          break;
        default:
          if (m.dict) res = checkDictionary(raw, m.dict, name, excelRow);
      }
      if (!res) continue;
      for (const i of res.issues) issues.push(i);
      switch (m.col.kind) {
        case 'gender':
          gender = res.effective;
          genderRaw = raw;
          genderColumn = name;
          break;
        case 'idType':
          idType = res.effective;
          break;
        case 'province':
          province = res.effective;
          break;
        case 'grassroots':
          grassrootsValue = res.effective;
          break;
      }
    }

    let id: IdResult | null = null;
    const idCol = this.idColumn;
    if (idCol) {
      const raw = row[idCol.index] ?? '';
      if (raw !== '' && cleanText(raw) !== '') {
        id = checkIdNumber(raw, this.isNumeric(r, idCol.index), idType, idCol.col.name, excelRow, ctx);
        for (const i of id.issues) issues.push(i);
      }
    }
    if (id?.resident && id.valid && gender !== null) {
      const g = checkGenderAgainstId(gender, id.valid, genderColumn, excelRow, genderRaw);
      if (g) issues.push(g);
    }
    if (grassrootsColumn) {
      const name = grassrootsColumn.col.name;
      const raw = row[grassrootsColumn.index] ?? '';
      if (grassrootsEmpty) {
        const k = grassrootsKeyword(unit, this.profile.grassrootsKeywords);
        if (grassrootsColumn.col.required) {
          const req = requiredIssue(name, excelRow, raw, k ? `（单位名称含“${k}”，可能是基层单位，请核实后填写）` : '');
          if (k) req.suggestion = '是';
          issues.push(req);
        } else {
          const s = suggestGrassroots(unit, raw, this.profile.grassrootsKeywords, name, excelRow);
          if (s) issues.push(s);
        }
      } else if (grassrootsValue === '否') {
        const s = suggestGrassroots(unit, raw, this.profile.grassrootsKeywords, name, excelRow);
        if (s) issues.push(s);
      }
    }
    for (const c of this.unknownIndexes) {
      const raw = row[c];
      if (raw) {
        const f = checkFormula(raw, null, excelRow);
        if (f) issues.push(f);
      }
    }
    if (issues.length > 1) {
      const order = this.colOrder;
      issues.sort((a, b) => (a.column === null ? 1e9 : order.get(a.column) ?? 1e9) - (b.column === null ? 1e9 : order.get(b.column) ?? 1e9));
    }
    const result: RowResult = {
      issues,
      outOfProvince: province !== null && province !== this.settings.hostProvince,
      grassroots: grassrootsValue === '是',
      idKey: id?.key ?? null,
      errors: 0,
      warnings: 0,
      infos: 0,
    };
    countSeverities(issues, result);
    return result;
  }

  /** Put a row's result in place, keeping every aggregate up to date. */
  private store(r: number, next: RowResult | null): void {
    const prev = this.results[r] ?? null;
    if (prev) this.account(r, prev, -1);
    this.results[r] = next;
    if (next) this.account(r, next, 1);
  }

  private account(r: number, res: RowResult, sign: 1 | -1): void {
    this.attendees += sign;
    if (res.outOfProvince) this.outOfProvince += sign;
    if (res.grassroots) this.grassroots += sign;
    if (res.outOfProvince || res.grassroots) this.either += sign;
    this.rowTotals.errors += sign * res.errors;
    this.rowTotals.warnings += sign * res.warnings;
    this.rowTotals.infos += sign * res.infos;
    if (res.idKey === null) return;
    const group = this.idGroups.get(res.idKey);
    if (sign === 1) {
      if (!group) {
        this.idGroups.set(res.idKey, [r]);
        return;
      }
      this.dupRows += group.length === 1 ? 2 : 1;
      group.push(r);
    } else if (group) {
      const at = group.indexOf(r);
      if (at < 0) return;
      group.splice(at, 1);
      if (group.length === 0) this.idGroups.delete(res.idKey);
      else this.dupRows -= group.length === 1 ? 2 : 1;
    }
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
    this.store(r, this.checkRow(r));
  }

  /** Issues of one row (0-based sheet row), duplicates included. */
  rowIssues(r: number): Issue[] {
    const res = this.results[r];
    if (!res) return [];
    if (res.idKey === null) return res.issues;
    const group = this.idGroups.get(res.idKey);
    if (!group || group.length < 2 || !this.idColumn) return res.issues;
    const rows = group.map((g) => g + 1).sort((a, b) => a - b);
    const mine = duplicateIssues(rows, rows.map((x) => this.cell(x - 1, this.idColumn!.index)), this.idColumn.col.name).find((i) => i.row === r + 1);
    return mine ? [...res.issues, mine] : res.issues;
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
    const out = this.rosterIssues();
    const dupByRow = new Map<number, Issue>();
    if (this.idColumn && this.dupRows > 0) {
      for (const group of this.idGroups.values()) {
        if (group.length < 2) continue;
        const rows = group.map((g) => g + 1).sort((a, b) => a - b);
        for (const i of duplicateIssues(rows, rows.map((x) => this.cell(x - 1, this.idColumn!.index)), this.idColumn.col.name)) {
          dupByRow.set(i.row as number, i);
        }
      }
    }
    const idOrder = this.idColumn ? this.idColumn.index : 0;
    for (let r = 0; r < this.results.length; r++) {
      const res = this.results[r];
      if (!res) continue;
      const dup = dupByRow.get(r + 1);
      if (!dup) {
        for (const i of res.issues) out.push(i);
        continue;
      }
      // Keep column order: the duplicate goes after the ID column's own issues.
      let placed = false;
      for (const i of res.issues) {
        const at = i.column === null ? Infinity : this.colOrder.get(i.column) ?? Infinity;
        if (!placed && at > idOrder) {
          out.push(dup);
          placed = true;
        }
        out.push(i);
      }
      if (!placed) out.push(dup);
    }
    return out;
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
    const totals = { errors: this.rowTotals.errors + this.dupRows, warnings: this.rowTotals.warnings, infos: this.rowTotals.infos };
    countSeverities(this.rosterIssues(), totals);
    return { ...s, ...totals };
  }

  /** Every proposed fix (one per cell at most), in row order. */
  fixes(): Fix[] {
    const out: Fix[] = [];
    for (const res of this.results) {
      if (!res) continue;
      for (const i of res.issues) {
        if (i.fix !== null && i.row !== null && i.column !== null) {
          out.push({ row: i.row, column: i.column, from: i.value, to: i.fix, reason: i.message });
        }
      }
    }
    return out;
  }
}

/** Check a located sheet once: the issues and the summary. */
export function checkSheet(sheet: RawSheet, located: Located, profile: Profile, settings: Settings): { roster: Roster; issues: Issue[]; summary: Summary } {
  const roster = new Roster(sheet, located, profile, settings);
  return { roster, issues: roster.issues(), summary: roster.summary() };
}
