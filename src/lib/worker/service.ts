// The engine behind the page: reads, checks, re-checks after edits, and writes files. It runs in a
// Web Worker (roster.worker.ts) or, when a worker cannot start, on the main thread (client.ts).
import { columnSamples, matchedColumns, proposeColumns, type ColumnMapping } from '../core/columns';
import { LocateError, ProfileError, Roster, analyze as analyzeWorkbook, builtinProfile, profileFromJson, todayIso, cellKey, colOfKey, rowOfKey, type CellKey, type Issue, type Profile, type RawWorkbook, type Settings } from '../core/index';
import type { Located } from '../core/locate';
import { encodeIssues, type CellText } from '../core/issue-codec';
import type { ChangeRecord } from '../core/report';
import { countBelow } from '../core/types';
import { verdict, verdictInput } from '../core/verdict';
import { ReadError, prepareRead, readFile } from '../io/read';
import type { Package } from '../io/package';
import { correctedFile, unexpectedError } from '../io/corrected';
import { XLSM_MIME, XLS_MIME, correctedFileName, exportFileName, reportFileName } from '../io/write';
import { sha256Hex, writeReport } from '../io/report';
import { describeTemplate, profileFromTemplate, type DerivedTemplate } from '../io/template';
import { XLSX_MIME, type ColumnMatchInfo, type Edit, type Level, type PageSettings, type Reply, type Request, type RosterMeta, type Snapshot, type TemplateSummary } from './protocol';

type Post = (reply: Reply, transfer?: Transferable[]) => void;

/** Rows per message: small enough that no single message takes the page long to receive. */
const ROWS_PER_CHUNK = 1000;

/** The corrected file's name, worked out once per roster (for an .xls it reads the container). */
const exportNames = new WeakMap<Loaded, string>();
function exportNameOf(l: Loaded): string {
  let name = exportNames.get(l);
  if (name === undefined) exportNames.set(l, (name = exportFileName(l.name, l.bytes, l)));
  return name;
}

interface Loaded {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  workbook: RawWorkbook;
  /** The parts of an .xlsx/.xlsm/.xlsb, kept while the roster is open: the export patches them. */
  pkg: Package | null;
  located: Located;
  roster: Roster;
  profile: Profile;
  edits: Map<string, Edit>;
  /** Cells whose proposed fix the user declined (the page's decisions, kept across edits of the cell). */
  declined: Set<CellKey>;
  /** Rows the user deleted (0-based sheet rows as read). */
  deleted: Set<number>;
  /** The sheet the user chose; undefined: the one the engine chooses. */
  sheet: string | undefined;
  /** The settings it was checked with (a sheet change re-checks with them). */
  settings: PageSettings;
  /** The user's column matches (0-based sheet column → template column). */
  columns: ColumnMapping;
  provinces: Snapshot['provinces'];
  /** Each row's province as the chart counts it (Roster.provinceOf), and the counts: an edit updates its rows only. */
  provinceOfRow?: (string | null)[];
  provinceCount?: Map<string, number>;
}

/** The province chart's counts from scratch (a load, new settings, a change of rows). */
function recountProvinces(l: Loaded): void {
  const { perRow, counts } = l.roster.provinceTally();
  l.provinceOfRow = perRow;
  l.provinceCount = counts;
  l.provinces = l.roster.provinceList(counts);
}

/** The counts after an edit: only `rows` are looked at again. */
function updateProvinces(l: Loaded, rows: Iterable<number>): void {
  const of = l.provinceOfRow;
  const count = l.provinceCount;
  if (!of || !count || of.length !== l.roster.table().length) return recountProvinces(l);
  let changed = false;
  for (const r of rows) {
    const before = of[r] ?? null;
    const after = l.roster.provinceOf(r);
    if (before === after) continue;
    if (before !== null) count.set(before, (count.get(before) ?? 1) - 1);
    if (after !== null) count.set(after, (count.get(after) ?? 0) + 1);
    of[r] = after;
    changed = true;
  }
  if (changed) l.provinces = l.roster.provinceList(count);
}

/** The roster's cells as the page holds them (it has every row, edits applied), for the issue codec. */
function cellText(l: Loaded): CellText {
  const table = l.roster.table();
  return (r, column) => (Object.hasOwn(l.located.columns, column) ? (table[r]?.[l.located.columns[column] as number] ?? '') : undefined);
}

/** The profile the page's settings choose: a template's, applied to the level chosen now (not the one it was derived with), else the level's own. */
export function profileOf(s: PageSettings): Profile {
  return s.templateProfile ? profileFromJson(s.templateProfile, { base: s.level }) : builtinProfile(s.level);
}

export function engineSettings(s: PageSettings, profile: Profile): Settings {
  const settings: Settings = { hostProvince: s.hostProvince || profile.hostProvince, practical: s.practical, today: todayIso() };
  if (s.project) settings.project = s.project;
  return settings;
}

/** Columns the grid shows beyond the header at most (see meta()). */
const EXTRA_GRID_COLUMNS = 64;

export class EngineService {
  private current: Loaded | null = null;

  /**
   * `pause` (the page's own thread only, when no worker can start) is awaited between the steps of
   * a load, so that reading and checking are separate tasks and the page can paint and take a
   * click on 取消 between them.
   */
  constructor(
    private readonly post: Post,
    private readonly pause: () => Promise<void> = async () => {},
  ) {}

  async handle(req: Request): Promise<void> {
    try {
      switch (req.type) {
        case 'load':
          return await this.load(req.id, req.name, new Uint8Array(req.bytes), req.settings, req.edits, req.declined ?? [], req.withRows ?? true, req.sheet, req.deleted ?? [], req.columns ?? {});
        case 'columns':
          return this.rematch(req.id, req.columns);
        case 'sheet':
          return this.chooseSheet(req.id, req.sheet);
        case 'settings':
          return this.recheck(req.id, req.settings);
        case 'edit':
          return this.edit(req.id, req.edit);
        case 'decide':
          return this.decide(req.id, req.cells, req.declined);
        case 'delete':
          return this.deleteRow(req.id, req.r, req.deleted);
        case 'export':
          return this.exportFile(req.id, req.as);
        case 'report':
          return this.report(req.id, req.mask, req.extra ?? 0);
        case 'template':
          return this.template(req.id, req.name, new Uint8Array(req.bytes), req.level);
      }
    } catch (e) {
      this.post({ id: req.id, ...describeError(e) });
    }
  }

  private async load(id: number, name: string, bytes: Uint8Array, settings: PageSettings, edits: Edit[], declined: CellKey[], withRows: boolean, sheet: string | undefined, deleted: number[], columns: ColumnMapping): Promise<void> {
    this.post({ id, type: 'progress', phase: 'read', done: 0, total: bytes.length });
    const sha256 = await sha256Hex(bytes);
    await prepareRead(bytes);
    await this.pause();
    const { workbook, pkg } = readFile(bytes);
    this.post({ id, type: 'progress', phase: 'check', done: 0, total: 1 });
    await this.pause();
    const { roster, located, profile } = this.analyze(workbook, settings, sheet, columns);
    await this.pause();
    // Only now replace the previous roster: a file that fails leaves the page's work intact.
    this.install(id, { name, bytes, sha256, workbook, pkg, located, roster, profile, edits: new Map(), declined: new Set(declined), deleted: new Set(deleted), sheet, settings, columns, provinces: [] }, edits, withRows);
  }

  /** Check another sheet of the loaded file; a sheet that cannot be checked leaves the current one. */
  private chooseSheet(id: number, sheet: string): void {
    const cur = this.requireLoaded();
    const { roster, located, profile } = this.analyze(cur.workbook, cur.settings, sheet);
    this.install(id, { ...cur, roster, located, profile, sheet, columns: {}, edits: new Map(), declined: new Set(), deleted: new Set() }, [], true);
  }

  /** Apply the edits to a freshly checked roster, make it the current one and send it. */
  private install(id: number, l: Loaded, edits: Iterable<Edit>, withRows: boolean): void {
    for (const k of l.declined) this.applyDecision(l, k, true);
    for (const e of edits) this.applyEdit(l, e);
    // Deletions after the edits: an edit of a row deleted later is kept, for an undo.
    const deleted = [...l.deleted];
    l.deleted = new Set();
    for (const r of deleted) this.applyDeletion(l, r, true);
    recountProvinces(l);
    this.current = l;
    this.sendAll(id, l, withRows);
  }

  private analyze(workbook: RawWorkbook, settings: PageSettings, sheet?: string, columns: ColumnMapping = {}): { roster: Roster; located: Located; profile: Profile } {
    const profile = profileOf(settings);
    const { located, roster } = analyzeWorkbook(workbook, profile, engineSettings(settings, profile), undefined, { ...(sheet === undefined ? {} : { sheet }), columns });
    return { roster, located, profile };
  }

  /** Check again with the user's column matches (the 核对列 panel's 确认), edits kept. */
  private rematch(id: number, columns: ColumnMapping): void {
    const cur = this.requireLoaded();
    const { roster, located, profile } = this.analyze(cur.workbook, cur.settings, cur.sheet, columns);
    this.install(id, { ...cur, roster, located, profile, columns, edits: new Map() }, cur.edits.values(), false);
  }

  /** Derive a template's profile; the current roster is untouched until the page sends settings with it. */
  private template(id: number, name: string, bytes: Uint8Array, level: Level): void {
    const derived = profileFromTemplate(bytes, builtinProfile(level), { fileName: name });
    this.post({ id, type: 'template', profile: JSON.stringify(derived.extension), summary: templateSummary(name, derived) });
  }

  private recheck(id: number, settings: PageSettings): void {
    const cur = this.current;
    if (!cur) return;
    const { roster, located, profile } = this.analyze(cur.workbook, settings, cur.sheet, cur.columns);
    this.install(id, { ...cur, roster, located, profile, settings, edits: new Map() }, cur.edits.values(), false);
  }

  private applyEdit(l: Loaded, e: Edit): boolean {
    if (e.r < l.located.firstDataRow || e.r >= l.roster.rowCount || e.c < 0 || e.c >= 16384) return false;
    l.roster.setCell(e.r, e.c, e.value);
    l.edits.set(`${e.r}:${e.c}`, e);
    // The roster forgets a decision when its cell is edited; the page keeps it, and so do we.
    const k = cellKey(e.r, e.c);
    if (l.declined.has(k)) l.roster.declineFix(e.r, e.c);
    return true;
  }

  private applyDecision(l: Loaded, k: CellKey, declined: boolean): void {
    const r = rowOfKey(k);
    if (r < l.located.firstDataRow || r >= l.roster.rowCount) return;
    if (declined) {
      l.declined.add(k);
      l.roster.declineFix(r, colOfKey(k));
    } else {
      l.declined.delete(k);
      l.roster.acceptFix(r, colOfKey(k));
    }
  }

  private applyDeletion(l: Loaded, r: number, deleted: boolean): boolean {
    if (!Number.isInteger(r) || r < l.located.firstDataRow || r >= l.roster.rowCount) return false;
    if (deleted) {
      l.roster.deleteRow(r);
      l.deleted.add(r);
    } else {
      l.roster.restoreRow(r);
      l.deleted.delete(r);
    }
    return true;
  }

  /** Delete a row or bring it back; every row whose issues changed is sent again. */
  private deleteRow(id: number, r: number, deleted: boolean): void {
    const l = this.requireLoaded();
    if (l.deleted.has(r) === deleted) throw new RangeError(deleted ? '这一行已经删除' : '这一行没有删除');
    const before = l.roster.sameIdRows(r);
    if (!this.applyDeletion(l, r, deleted)) throw new RangeError('这一行不能删除（表头或表头以上的行）');
    const affected = new Set<number>([r, ...before, ...l.roster.sameIdRows(r), ...l.roster.duplicateRowsBelow(r)]);
    // People by province change only for the rows whose person changed (the row itself and its
    // duplicates): no recount of 100,000 rows.
    updateProvinces(l, affected);
    const rows = [...affected].sort((a, b) => a - b);
    const block = encodeIssues(rows.flatMap((x) => l.roster.rowIssues(x)), cellText(l));
    this.post({ id, type: 'deleted', r, deleted, rows, block, snapshot: this.snapshot(l) }, [block.data.buffer]);
  }

  private decide(id: number, cells: CellKey[], declined: boolean[]): void {
    const l = this.requireLoaded();
    cells.forEach((k, i) => this.applyDecision(l, k, declined[i] ?? true));
    this.post({ id, type: 'decided', snapshot: this.snapshot(l) });
  }

  private meta(l: Loaded): RosterMeta {
    const header = l.workbook.sheets[l.located.sheetIndex]?.rows[l.located.headerRow] ?? [];
    // Every column of the sheet: the header's, and any row's cells beyond it. (A spread over the
    // header map gave NaN when it had holes, an extra or blank column mid-roster, and the grid
    // showed no column at all; a loop also never spreads 100,000 arguments.)
    // A stray cell far to the right (one at XFD1048576 makes a row 16,384 cells wide) would make
    // the grid draw thousands of empty columns and freeze the page: it shows at most
    // EXTRA_GRID_COLUMNS beyond the header (the check and the export still see every cell).
    const headed = Math.max(header.length, l.located.byIndex.length);
    let width = headed;
    for (const row of l.roster.table()) if (row.length > width) width = row.length;
    width = Math.min(width, headed + EXTRA_GRID_COLUMNS);
    // A dictionary column's allowed values, once per dictionary (the editor's list).
    const lists = new Map<string, string[]>();
    const listOf = (name: string | null): string[] | undefined => {
      const dict = name === null ? undefined : l.profile.columns.find((c) => c.name === name)?.dictionary;
      const d = dict === undefined ? undefined : l.profile.dictionaries[dict];
      if (!d || dict === undefined) return undefined;
      let values = lists.get(dict);
      if (!values) lists.set(dict, (values = [...d.values]));
      return values;
    };
    const columns = Array.from({ length: width }, (_, index) => {
      const canonical = l.located.byIndex[index]?.name ?? null;
      const list = listOf(canonical);
      return { index, header: header[index] ?? '', canonical, ...(list ? { list } : {}) };
    });
    return {
      fileName: l.name,
      format: l.workbook.format,
      exportName: exportNameOf(l),
      sheetName: l.located.sheetName,
      ...(l.located.sheetNote ? { sheetNote: l.located.sheetNote } : {}),
      rosterSheets: l.located.rosterSheets,
      headerRow: l.located.headerRow,
      firstDataRow: l.located.firstDataRow,
      rowCount: l.roster.rowCount,
      columns,
      sha256: l.sha256,
      profileName: l.profile.name,
      shareRule: l.profile.shareRule,
      attendeeRange: l.profile.attendeeRange,
      hostProvince: l.roster.settings.hostProvince,
      deleted: [...l.roster.deletedRows()],
      columnMatch: this.columnMatch(l, header, width),
    };
  }

  /** The 核对列 panel's data: what each template column is now, and what it may be. */
  private columnMatch(l: Loaded, header: readonly string[], width: number): ColumnMatchInfo {
    const rows = l.workbook.sheets[l.located.sheetIndex]?.rows ?? [];
    const samples = columnSamples(rows, l.located.firstDataRow, width);
    const proposals = proposeColumns(header, l.profile, samples);
    const now = new Map(matchedColumns(l.located, header).map((m) => [m.column, m]));
    const template = l.profile.template !== undefined;
    const columns = l.profile.columns.map((col, i) => {
      const m = now.get(col.name);
      const p = proposals[i];
      return { column: col.name, required: col.required, index: m?.index ?? null, by: m?.by ?? null, proposed: p?.index ?? null, proposedBy: p?.by ?? null };
    });
    return {
      columns,
      needed: columns.some((c) => c.index === null && (c.required || template)),
      unknown: l.located.unknown.length > 0,
      samples: samples.map((s) => s.slice(0, 3)),
      mapping: l.columns,
    };
  }

  private snapshot(l: Loaded): Snapshot {
    return { summary: l.roster.summary(), rosterIssues: l.roster.rosterIssues(), provinces: l.provinces };
  }

  /** Meta, then rows and issues in chunks, then the snapshot. */
  private sendAll(id: number, l: Loaded, withRows: boolean): void {
    this.post({ id, type: 'meta', meta: this.meta(l) });
    const table = l.roster.table();
    if (withRows) {
      for (let start = 0; start < table.length; start += ROWS_PER_CHUNK) {
        this.post({ id, type: 'rows', start, rows: table.slice(start, start + ROWS_PER_CHUNK).map((r) => r.slice()) });
        this.post({ id, type: 'progress', phase: 'send', done: Math.min(table.length, start + ROWS_PER_CHUNK), total: table.length });
      }
    }
    // Issues in compact blocks of about ROWS_PER_CHUNK rows (a roster wrong in every cell has
    // hundreds of thousands): numbers in one transferred array, each distinct string once.
    const cell = cellText(l);
    let batch: Issue[] = [];
    let rows = 0;
    const flush = () => {
      const block = encodeIssues(batch, cell);
      this.post({ id, type: 'issues', block }, [block.data.buffer]);
      batch = [];
      rows = 0;
    };
    for (let r = l.located.firstDataRow; r < table.length; r++) {
      const issues = l.roster.rowIssues(r);
      if (issues.length === 0) continue;
      for (const i of issues) batch.push(i);
      if (++rows >= ROWS_PER_CHUNK) flush();
    }
    if (rows) flush();
    this.post({ id, type: 'done', snapshot: this.snapshot(l) });
  }

  private edit(id: number, e: Edit): void {
    const l = this.requireLoaded();
    const before = l.roster.sameIdRows(e.r);
    if (!this.applyEdit(l, e)) throw new RangeError('这一行不能修改（表头或表头以上的行）');
    const after = l.roster.sameIdRows(e.r);
    const affected = new Set<number>([e.r, ...before, ...after]);
    // Only these rows can change person (an ID's first row) or province: count them again, not all.
    updateProvinces(l, affected);
    const rows = [...affected].sort((a, b) => a - b);
    const block = encodeIssues(rows.flatMap((r) => l.roster.rowIssues(r)), cellText(l));
    this.post({ id, type: 'edited', edit: e, rows, block, snapshot: this.snapshot(l) }, [block.data.buffer]);
  }

  private requireLoaded(): Loaded {
    if (!this.current) throw new ReadError('empty', '请先选择一个学员通讯录文件');
    return this.current;
  }

  /**
   * The corrected file from the package kept since the load (the file is not read again). `as`:
   * 'xlsx' writes a CSV roster as .xlsx; otherwise the output has the input's kind.
   */
  private exportFile(id: number, as?: 'csv' | 'xlsx'): void {
    const l = this.requireLoaded();
    const accepted = l.roster.acceptedFixList();
    const out = correctedFile(l.bytes, { workbook: l.workbook, located: l.located, roster: l.roster, pkg: l.pkg }, accepted, { as });
    const name = correctedFileName(l.name, out.ext);
    const buffer = out.bytes.buffer as ArrayBuffer;
    const mime = out.ext === 'csv' ? 'text/csv' : out.ext === 'xlsm' ? XLSM_MIME : out.ext === 'xls' ? XLS_MIME : XLSX_MIME;
    this.post({ id, type: 'file', name, bytes: buffer, mime, note: out.note, changed: out.changed, kept: out.skipped.length }, [buffer]);
  }

  private report(id: number, mask: boolean, extra = 0): void {
    const l = this.requireLoaded();
    const bytes = writeReport({
      fileName: l.name,
      sha256: l.sha256,
      sheetName: l.located.sheetName,
      ...(l.located.sheetNote ? { sheetNote: l.located.sheetNote } : {}),
      headerRow: l.located.headerRow + 1,
      profile: l.profile,
      settings: l.roster.settings,
      summary: l.roster.summary(),
      issues: l.roster.issues(),
      mask,
      generatedAt: new Date().toLocaleString('zh-CN', { hour12: false }),
      projectIssues: l.roster.projectIssues(),
      changes: changeRecords(l),
      exportName: exportNameOf(l),
      ...(l.workbook.format === 'csv' ? { csv: true } : {}),
      verdict: verdict(verdictInput(l.roster.summary(), l.roster.rosterIssues(), { exportName: exportNameOf(l), csv: l.workbook.format === 'csv', edited: l.edits.size > 0 || l.deleted.size > 0, extra })),
    });
    const buffer = bytes.buffer as ArrayBuffer;
    const name = reportFileName(l.name);
    this.post({ id, type: 'file', name, bytes: buffer, mime: XLSX_MIME, note: '' }, [buffer]);
  }
}

/** A column's letters as Excel shows them (0 → A, 26 → AA). */
function letterOf(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The 修改记录 of the report: every accepted fix, hand edit, declined fix and deleted row, with
 * the row as given and as exported, in row order.
 */
export function changeRecords(l: Loaded): ChangeRecord[] {
  const sheet = l.workbook.sheets[l.located.sheetIndex];
  const header = sheet?.rows[l.located.headerRow] ?? [];
  const original = (r: number, c: number) => sheet?.rows[r]?.[c] ?? '';
  const deleted = [...l.deleted].sort((a, b) => a - b);
  const exported = (r: number) => (l.deleted.has(r) ? null : r + 1 - countBelow(deleted, r));
  const nameOf = (c: number) => l.located.byIndex[c]?.name ?? (header[c]?.trim() || `${letterOf(c)} 列`);
  const out: ChangeRecord[] = [];
  for (const e of l.edits.values()) {
    const from = original(e.r, e.c);
    if (from === e.value || l.deleted.has(e.r)) continue;
    out.push({ row: e.r + 1, exportedRow: exported(e.r), column: nameOf(e.c), canonical: l.located.byIndex[e.c]?.name ?? null, from, to: e.value, how: 'hand', reason: '在页面上修改' });
  }
  for (const f of l.roster.fixes()) {
    const r = f.row - 1;
    const c = l.located.columns[f.column];
    // A fix the writer refuses (a formula's master, a number that lost digits) is no change made.
    if (l.deleted.has(r) || c === undefined || f.refused !== undefined) continue;
    const how = l.declined.has(cellKey(r, c)) ? 'declined' : 'auto';
    out.push({ row: f.row, exportedRow: exported(r), column: f.column, canonical: f.column, from: f.from, to: f.to, how, reason: f.reason });
  }
  const name = l.located.columns['姓名'];
  const id = l.located.columns['证件号码'];
  for (const r of deleted) {
    const who = [name, id].flatMap((c) => (c === undefined ? [] : [l.roster.table()[r]?.[c] ?? ''])).filter(Boolean).join(' ');
    out.push({ row: r + 1, exportedRow: null, column: '（整行）', canonical: null, from: who, to: '', how: 'deleted', reason: '在页面上删除了这一行' });
  }
  const order = { hand: 0, auto: 1, declined: 2, deleted: 3 } as const;
  return out.sort((a, b) => a.row - b.row || order[a.how] - order[b.how]);
}

export function templateSummary(fileName: string, d: DerivedTemplate): TemplateSummary {
  return {
    fileName,
    sheetName: d.sheetName,
    headerRow: d.headerRow,
    columns: d.columns.map((c) => ({ label: c.label, builtin: c.builtin, required: c.required, listSize: c.list?.size ?? null, fromTemplate: c.list !== null && c.list.source !== 'builtin' })),
    added: d.added,
    dropped: d.dropped,
    // The first line (where the header is) and the added/dropped lines are shown from the fields.
    notes: describeTemplate({ ...d, added: [], dropped: [] }).slice(1),
  };
}

export function describeError(e: unknown): { type: 'error'; kind: string; message: string } {
  if (e instanceof ReadError) return { type: 'error', kind: e.kind, message: e.message };
  if (e instanceof LocateError) return { type: 'error', kind: 'no-header', message: e.message };
  if (e instanceof ProfileError) return { type: 'error', kind: 'profile', message: e.message };
  if (e instanceof RangeError && /[\u4e00-\u9fff]/.test(e.message)) return { type: 'error', kind: 'range', message: e.message };
  // Anything else (a library's or the browser's English, such as "Invalid string length") is
  // said in one Chinese sentence: the page shows this message as it is.
  return { type: 'error', kind: 'internal', message: unexpectedError('处理文件', e).message };
}
