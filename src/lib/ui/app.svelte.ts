// The page's state: what the engine said about the roster, the user's edits and fix decisions, and
// the undo history. Components render it; no rule logic lives here or in them.
import { MAX_INPUT_BYTES, ROW_COLUMN, type CellKey, type Issue, type ProjectSettings } from '../core/types';
import { buildGroups, gather, patchGroups, type Handle, type RuleGroup } from './groups';
import type { BatchWork, Edit, PageSettings, Reply, RosterMeta, Snapshot } from '../worker/protocol';
import { EngineClient } from './client';
import { clearTemplate, loadTemplate, saveTemplate, type SavedTemplate } from './persist-template';
import { clearAll, clearFile, loadNoSave, loadSaved, loadSettings, rememberColumns, rememberedColumns, saveFile, saveNoSave, savePendingWork, saveSettings, saveWork, validSettings, type SavedWork } from './persist';
import { IssueStore, RosterView, cellKey, colOfKey, rowOfKey } from './roster.svelte';
import { EMPTY_HISTORY, pushed, redone, undone, type Command, type HistoryState } from './history';
import { download } from './browser';
import { touchOnly } from './pointer';
import { verdict as verdictOf, verdictInput, verdictLine, type Verdict } from '../core/verdict';

export interface Progress {
  phase: 'read' | 'check' | 'send' | 'export' | 'template' | 'restore';
  done: number;
  total: number;
}

export type { RuleGroup };
/** How long one edit or fix decision may take the engine (milliseconds at 100,000 rows). */
const EDIT_BUDGET_MS = 60_000;

/** How long the engine may take over a file before it is stopped: generous, but bounded. */
export function loadBudgetMs(bytes: number): number {
  return Math.min(600_000, 60_000 + (bytes / 1048576) * 4_000);
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * What the page shows of an engine's failure: its own Chinese sentence, or one of ours when a
 * library's or the browser's English got through (no English ever reaches the user).
 */
export function chinese(message: string): string {
  return /[\u4e00-\u9fff]/.test(message) ? message : '处理文件时出了问题，请重试；如果仍然不行，请在 Excel 中把文件另存为新的 .xlsx 文件后再试';
}

/** Collects a roster as the engine sends it (meta, rows, issues, then the snapshot or an error). */
function collector() {
  const got = {
    meta: null as RosterMeta | null,
    rows: [] as string[][],
    issues: new IssueStore(),
    snapshot: null as Snapshot | null,
    failure: null as { kind: string; message: string } | null,
  };
  const listen = (r: Reply, onProgress: (p: Progress) => void) => {
    switch (r.type) {
      case 'progress':
        onProgress({ phase: r.phase, done: r.done, total: r.total });
        break;
      case 'meta':
        got.meta = r.meta;
        got.rows = new Array<string[]>(r.meta.rowCount);
        break;
      case 'rows':
        for (let i = 0; i < r.rows.length; i++) got.rows[r.start + i] = r.rows[i] as string[];
        break;
      case 'issues':
        got.issues.add(r.block);
        break;
      case 'done':
        got.snapshot = r.snapshot;
        break;
      case 'error':
        got.failure = { kind: r.kind, message: r.message };
        break;
    }
  };
  return { got, listen };
}

export class AppState {
  /** The user asked that nothing be kept on this computer. */
  noSave = $state(loadNoSave());
  /** The official blank template whose profile every check uses, or null (the built-in profile). */
  template = $state.raw<SavedTemplate | null>(loadNoSave() ? null : loadTemplate());
  templateBusy = $state(false);
  templateError = $state<string | null>(null);
  settings = $state<PageSettings>(this.withTemplate(loadSettings()));
  busy = $state(false);
  progress = $state<Progress | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Short sentences for screen readers about what just changed (an aria-live region shows it). */
  announcement = $state('');
  /** The roster on the page; replaced (never mutated from outside) when a file is loaded. */
  view = $state.raw<RosterView | null>(null);
  snapshot = $state.raw<Snapshot | null>(null);
  /** Declined fixes, by cell. */
  declined = $state.raw<ReadonlySet<CellKey>>(new Set());
  /** Rows the user deleted (0-based sheet rows as read; the exported file leaves them out). */
  deletedRows = $state.raw<ReadonlySet<number>>(new Set());
  history = $state.raw<HistoryState>(EMPTY_HISTORY);
  mask = $state(false);
  /** Which rows the grid shows: 'all', 'problems', 'rule:<id>' or 'col:<index>'; and a search. */
  filter = $state('all');
  query = $state('');
  /** Bumped for every file loaded: the grid starts afresh (scroll, selection, column widths). */
  loadId = $state(0);
  /** The problem list: rebuilt when the whole table changes, patched for the rows of an edit. */
  groups = $state.raw<RuleGroup[]>([]);
  /** The whole-roster issues of the problem list (handles into the view's issue store). */
  private rosterHandles: Handle[] = [];

  /** True when no worker could start and the engine runs on the page's thread. */
  mainThread = $state(false);
  private client = new EngineClient(
    () => (this.mainThread = true),
    () => void this.resend(),
  );
  private fileName = '';
  private fileBytes: ArrayBuffer | null = null;
  /** The sheet the user chose (kept with the saved file); undefined: the one the engine chooses. */
  private sheet: string | undefined = undefined;
  /** The engine lost the roster (a re-check was cancelled): it is sent again before the next request. */
  private stale = false;
  /** The roster being sent again to a fresh engine, while it is. */
  private resending: Promise<void> | null = null;
  /** The user's edits by cell, as the engine holds them (replaced on change: they are few). */
  private edits = $state.raw<ReadonlyMap<CellKey, Edit>>(new Map());
  /** Each edited cell's text before the user's first edit of it (this session only). */
  private original = new Map<CellKey, string>();
  /** False after 清除本机保存的数据: nothing is saved again until the user loads a file. */
  private savingAllowed = $state(true);
  /** The browser refused to store the file or the work (private mode, a full disk): a reload loses it. */
  private saveFailed = $state(false);
  /** Changes to the roster (edits, decisions, deletions, their undo) since it was loaded. */
  private workChanges = $state(0);
  /** workChanges when the corrected file was last exported; -1: not since the load. */
  private exportedAt = $state(-1);
  /** A save of the work is under way; another is wanted once it ends (the work changed since). */
  private saving = false;
  private saveAgain = false;

  meta = $derived<RosterMeta | null>(this.view?.meta ?? null);

  /** The cells edited by hand (the grid marks them). */
  editedCells = $derived<ReadonlySet<CellKey>>(new Set(this.edits.keys()));

  /** Errors found across the batch's rosters (同日超学分) of the roster opened from a batch: they stay after export. */
  batchErrors = $state(0);

  /**
   * The one verdict (core/verdict.ts) on the roster as it will be exported (accepted fixes, edits
   * and deleted rows applied), as the batch table, the report and the command line give it.
   */
  verdict = $derived.by<Verdict | null>(() => {
    const snap = this.snapshot;
    const meta = this.view?.meta;
    if (!snap || !meta) return null;
    const edited = this.edits.size > 0 || this.deletedRows.size > 0;
    return verdictOf(verdictInput(snap.summary, snap.rosterIssues, { exportName: meta.exportName, csv: meta.format === 'csv', edited, extra: this.batchErrors }));
  });

  /** Fixes proposed now that the user has not declined. */
  acceptedFixes = $derived.by(() => {
    let total = 0;
    for (const g of this.groups) total += g.fixes;
    let declinedHere = 0;
    for (const k of this.declined) if (this.hasFix(k)) declinedHere++;
    return total - declinedHere;
  });

  /** Cells the export changes: accepted fixes plus the user's own edits. */
  changedCells = $derived.by(() => {
    let n = 0;
    for (const [k, e] of this.edits) if (this.original.get(k) !== e.value && !this.deletedRows.has(e.r)) n++;
    return n + this.acceptedFixes;
  });

  /**
   * Edits, declined fixes or deleted rows that no exported file holds yet: replacing the roster
   * or leaving the workspace would discard them, so the page asks first.
   */
  unexportedWork = $derived(this.view !== null && (this.edits.size > 0 || this.declined.size > 0 || this.deletedRows.size > 0) && this.workChanges !== this.exportedAt);

  /** Unexported work this browser does not keep either: closing the tab would lose it for good. */
  workAtRisk = $derived(this.unexportedWork && (this.noSave || this.saveFailed || !this.savingAllowed));

  /** The work a question names: "3 处修改、1 项不采用的修正和 1 行删除". */
  workText(): string {
    const parts = [this.edits.size > 0 ? `${this.edits.size} 处修改` : '', this.declined.size > 0 ? `${this.declined.size} 项不采用的修正` : '', this.deletedRows.size > 0 ? `${this.deletedRows.size} 行删除` : ''].filter(Boolean);
    return parts.length > 1 ? `${parts.slice(0, -1).join('、')}和${parts.at(-1)}` : (parts[0] ?? '');
  }

  canUndo = $derived(this.history.undo.length > 0);
  canRedo = $derived(this.history.redo.length > 0);

  private get canSave(): boolean {
    return !this.noSave && this.savingAllowed;
  }

  async init(): Promise<void> {
    if (this.noSave) return;
    const saved = await loadSaved();
    if (!saved) return;
    this.declined = new Set(saved.work.declined);
    this.deletedRows = new Set(saved.work.deleted ?? []);
    this.columnMapping = saved.work.columns ?? {};
    this.columnsSkipped = saved.work.columnsSkipped === true;
    await this.load(saved.file.name, saved.file.bytes, saved.work.edits, false, saved.file.sheet);
    if (this.view) this.notice = `已恢复上次未完成的工作：${saved.file.name}（保存于 ${saved.file.savedAt}）`;
  }

  async openFile(file: File): Promise<void> {
    if (file.size > MAX_INPUT_BYTES) {
      // Refused before the page reads it at all (a 1 GB file would otherwise be read into memory
      // and copied to the worker only to be refused there).
      this.error = `文件过大（${mb(file.size)}），最多能读取 ${mb(MAX_INPUT_BYTES)}；学员通讯录通常不到 1 MB，请确认选对了文件`;
      return;
    }
    let bytes: ArrayBuffer;
    // Busy from the moment the file is chosen (reading a large file takes a while).
    this.busy = true;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      this.busy = false;
      this.error = '无法读取这个文件，请确认文件没有被其他程序占用';
      return;
    }
    const previousDeclined = this.declined;
    const previousDeleted = this.deletedRows;
    this.declined = new Set();
    this.deletedRows = new Set();
    const previousColumns = [this.columnMapping, this.columnsSkipped] as const;
    this.columnMapping = {};
    this.columnsSkipped = false;
    const ok = await this.load(file.name, bytes, [], true);
    if (!ok) {
      this.declined = previousDeclined;
      this.deletedRows = previousDeleted;
      [this.columnMapping, this.columnsSkipped] = previousColumns;
    } else await this.matchRemembered();
  }

  /** Load a file into the engine. The page's current roster stays until the new one is ready. */
  private async load(name: string, bytes: ArrayBuffer, edits: Edit[], fresh: boolean, sheet?: string): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    this.progress = { phase: 'read', done: 0, total: bytes.byteLength };
    const { got, listen } = collector();
    const copy = bytes.slice(0);
    await this.client.request({ type: 'load', name, bytes: copy, settings: $state.snapshot(this.settings), edits, declined: [...this.declined], deleted: [...this.deletedRows], columns: $state.snapshot(this.columnMapping), ...(sheet !== undefined ? { sheet } : {}) }, (r: Reply) => listen(r, (p) => (this.progress = p)), [copy], loadBudgetMs(bytes.byteLength));
    this.progress = null;
    const { meta, rows, issues, snapshot, failure } = got;
    if (failure !== null || !meta || !snapshot) {
      this.busy = false;
      // Cancelling is the user's choice, not a failure.
      if (failure?.kind === 'aborted') this.notice = this.view ? '已取消，页面上的名单没有变化' : '已取消';
      else this.error = chinese(failure?.message ?? '文件未能读取');
      return false;
    }
    this.error = null;
    if (fresh) {
      // The user chose a file: saving may resume (it stops after 清除本机保存的数据). It is stored
      // before it is shown, so a reload the moment it shows still finds it.
      this.savingAllowed = true;
      if (this.canSave) {
        saveSettings($state.snapshot(this.settings));
        await saveFile({ name, bytes, savedAt: new Date().toLocaleString('zh-CN', { hour12: false }) }).then(
          () => (this.saveFailed = false),
          () => (this.saveFailed = true),
        );
      }
    }
    // Busy until the new roster shows: the engine holds it already, and an edit or an export of
    // the roster still shown would reach the new one.
    this.busy = false;
    this.fileName = name;
    this.fileBytes = bytes;
    this.sheet = sheet;
    this.stale = false;
    this.edits = new Map(edits.map((e) => [cellKey(e.r, e.c), e]));
    this.original = new Map();
    this.history = EMPTY_HISTORY;
    this.workChanges = 0;
    this.exportedAt = -1;
    this.view = new RosterView(meta, rows, issues);
    this.deletedRows = new Set((meta as RosterMeta).deleted);
    this.filter = 'all';
    this.query = '';
    this.loadId++;
    this.showChecked(snapshot, issues, false);
    const m = meta as RosterMeta;
    const s = (snapshot as Snapshot).summary;
    this.announcement = `已读取 ${name}：${m.rowCount - m.firstDataRow - m.deleted.length} 行，${s.errors} 处错误，${s.warnings} 处警告`;
    return true;
  }

  /**
   * 校验的工作表: check another sheet of the file (a workbook with a hidden copy, or two rosters).
   * Edits and fix decisions made on the previous sheet are dropped, as the engine drops them; the
   * choice is saved with the file, so a reload checks the same sheet.
   */
  async chooseSheet(sheet: string): Promise<void> {
    if (!this.view || !this.fileBytes || this.busy) return;
    if (!(await this.ensureEngine())) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    this.progress = { phase: 'check', done: 0, total: 1 };
    const { got, listen } = collector();
    await this.client.request({ type: 'sheet', sheet }, (r) => listen(r, (p) => (this.progress = p)), [], loadBudgetMs(this.fileBytes.byteLength));
    this.progress = null;
    const { meta, rows, issues, snapshot, failure } = got;
    if (failure !== null || !meta || !snapshot) {
      this.busy = false;
      if (failure?.kind === 'aborted') this.notice = '已取消，仍在校验原来的工作表';
      else this.error = chinese(failure?.message ?? '这张工作表未能读取');
      return;
    }
    // The choice is stored before the page shows it: a reload right after it shows would cut a
    // write started later short, and the page would come back on the other sheet.
    const bytes = this.fileBytes;
    if (this.canSave) {
      await saveFile({ name: this.fileName, bytes, savedAt: new Date().toLocaleString('zh-CN', { hour12: false }), sheet }).catch(() => {});
    }
    this.busy = false;
    // Emptied meanwhile (清除本机保存的数据): nothing to show.
    if (this.fileBytes !== bytes) return;
    this.sheet = sheet;
    this.edits = new Map();
    this.original = new Map();
    this.declined = new Set();
    // The engine drops the other sheet's column matches too.
    this.columnMapping = {};
    // The engine drops the other sheet's deletions with its edits.
    this.deletedRows = new Set();
    this.history = EMPTY_HISTORY;
    this.workChanges = 0;
    this.exportedAt = -1;
    this.view = new RosterView(meta, rows, issues);
    this.filter = 'all';
    this.query = '';
    this.loadId++;
    this.showChecked(snapshot, issues, false);
    const s = (snapshot as Snapshot).summary;
    this.announcement = `已改为校验工作表“${sheet}”：${s.errors} 处错误，${s.warnings} 处警告`;
  }

  /** After a cancelled re-check the engine holds no roster: send it again first. False: it could not. */
  private async ensureEngine(): Promise<boolean> {
    if (this.resending) await this.resending;
    if (!this.stale) return true;
    await this.resend();
    return !this.stale;
  }

  /** A whole check's result (load, new settings, a fresh engine): every list is redrawn. */
  private showChecked(snapshot: Snapshot, issues: IssueStore, replace = true): void {
    this.snapshot = snapshot;
    if (replace) this.view?.replaceIssues(issues);
    this.rosterHandles = issues.addLoose(snapshot.rosterIssues);
    // Gathered by group while the rows arrived (in row order); otherwise grouped here.
    this.groups = buildGroups(issues, this.rosterHandles, issues.pendingGroups() ?? gather(issues, issues.rowsInOrder().flatMap((r) => issues.handlesOf(r))));
  }

  /**
   * A fresh engine (after a crash, an overrun or an abort) holds nothing: give it the roster the
   * page shows, with every edit, and take its issues again (an edit that was under way when the
   * engine stopped was never checked). Rows are not sent back: the page has them.
   */
  private resend(): Promise<void> {
    const run = this.resendNow().finally(() => {
      if (this.resending === run) this.resending = null;
    });
    this.resending = run;
    return run;
  }

  private async resendNow(): Promise<void> {
    // After the request that was stopped has tidied up (its busy flag and progress line).
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!this.fileBytes || !this.view) return;
    const copy = this.fileBytes.slice(0);
    const issues = new IssueStore();
    const view = this.view;
    this.stale = true;
    this.busy = true;
    this.progress = { phase: 'restore', done: 0, total: 1 };
    await this.client.request({ type: 'load', name: this.fileName, bytes: copy, settings: $state.snapshot(this.settings), edits: [...this.edits.values()], declined: [...this.declined], deleted: [...this.deletedRows], columns: $state.snapshot(this.columnMapping), withRows: false, ...(this.sheet !== undefined ? { sheet: this.sheet } : {}) }, (r) => {
      if (r.type === 'issues') issues.add(r.block);
      else if (r.type === 'done' && view === this.view) {
        this.stale = false;
        this.showChecked(r.snapshot, issues);
        if (this.error === null && this.notice === null) this.notice = '处理文件的程序曾意外中止，已自动重新启动；名单和您的修改都还在';
      } else if (r.type === 'error' && r.kind === 'aborted') {
        this.notice = '已取消；名单和修改仍在页面上，下次修改或导出时会重新检查';
      } else if (r.type === 'error') {
        this.error = `处理文件的程序意外中止，未能恢复名单；您的修改${this.canSave ? '已保存在这台电脑的浏览器里' : '没有保存'}，请刷新页面`;
      }
    }, [copy], loadBudgetMs(copy.byteLength));
    if (view === this.view) {
      this.busy = false;
      this.progress = null;
    }
  }

  cancel(): void {
    this.client.abort();
  }

  /** The page's settings while a batch's roster is open (issue #12): given back when it closes. */
  private beforeBatch: PageSettings | null = null;

  /**
   * Open one roster of a batch in the workspace (issue #12), with the project settings the batch
   * gave it and the edits and fix decisions made on it before. Nothing of it is saved in this
   * browser (the saved work belongs to the single file opened last).
   */
  async openBatchRoster(name: string, bytes: ArrayBuffer, project: ProjectSettings | undefined, work: BatchWork | null): Promise<boolean> {
    this.beforeBatch ??= $state.snapshot(this.settings);
    this.savingAllowed = false;
    const { project: _project, ...rest } = this.beforeBatch;
    this.settings = project ? { ...rest, project } : rest;
    this.declined = new Set(work?.declined ?? []);
    this.deletedRows = new Set(work?.deleted ?? []);
    const ok = await this.load(name, bytes, work?.edits ?? [], false);
    if (!ok && !this.view) this.closeBatchRoster();
    return ok;
  }

  /** Back to the batch: the roster's edits, decisions and counts now; the workspace is emptied. */
  closeBatchRoster(): { work: BatchWork; now: { errors: number; warnings: number } | null; project: ProjectSettings | undefined } {
    const s = this.snapshot?.summary;
    const out = { work: { edits: [...this.edits.values()], declined: [...this.declined], deleted: [...this.deletedRows] }, now: s ? { errors: s.errors, warnings: s.warnings } : null, project: $state.snapshot(this.settings.project) };
    this.emptyWorkspace();
    this.notice = null;
    if (this.beforeBatch) this.settings = this.beforeBatch;
    this.beforeBatch = null;
    return out;
  }

  /** The settings with the active template's profile (or without one). */
  private withTemplate(s: PageSettings): PageSettings {
    const { templateProfile: _old, ...rest } = s;
    return this.template ? { ...rest, templateProfile: this.template.profile } : rest;
  }

  /** 载入官方空白模板: the engine derives its profile; every check from now on uses it. */
  async loadTemplateFile(file: File): Promise<void> {
    if (file.size > MAX_INPUT_BYTES) {
      this.templateError = `文件过大（${mb(file.size)}），这不像空白模板`;
      return;
    }
    this.templateBusy = true;
    this.templateError = null;
    this.notice = null;
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      this.templateBusy = false;
      this.templateError = '无法读取这个文件，请确认文件没有被其他程序占用';
      return;
    }
    let got: SavedTemplate | null = null;
    this.progress = { phase: 'template', done: 0, total: 1 };
    const size = bytes.byteLength;
    await this.client.request({ type: 'template', name: file.name, bytes, level: this.settings.level }, (r) => {
      if (r.type === 'template') got = { profile: r.profile, summary: r.summary, savedAt: new Date().toLocaleString('zh-CN', { hour12: false }) };
      else if (r.type === 'error' && r.kind === 'aborted') this.notice = '已取消，没有载入模板';
      else if (r.type === 'error') this.templateError = chinese(r.message);
    }, [bytes], loadBudgetMs(size));
    this.templateBusy = false;
    if (this.progress?.phase === 'template') this.progress = null;
    if (!got) return;
    this.template = got;
    if (this.canSave) saveTemplate(got);
    this.notice = `已载入官方模板：${file.name}，之后按模板的表头和下拉列表校验`;
    await this.changeSettings(this.settings);
  }

  /** 移除: back to the built-in profile. */
  async removeTemplate(): Promise<void> {
    this.template = null;
    this.templateError = null;
    clearTemplate();
    this.notice = '已移除官方模板，改用内置的校验方案';
    await this.changeSettings(this.settings);
  }

  async changeSettings(next: PageSettings): Promise<void> {
    const previous = $state.snapshot(this.settings);
    next = this.withTemplate(next);
    this.settings = next;
    if (this.canSave) saveSettings(next);
    if (!this.view || !this.fileBytes) return;
    await this.recheck({ type: 'settings', settings: $state.snapshot(next) }, () => {
      // Cancelled: the settings go back to what the roster on the page was checked with (the
      // fresh engine is given the roster with them).
      this.settings = previous;
      if (this.canSave) saveSettings(previous);
      this.notice = '已取消，项目设置没有改变';
    });
  }

  /**
   * Check the roster on the page again after a change of its rules (settings, column matches):
   * the header and rows are the same, only the issues change. False: cancelled (`aborted` says
   * what stays as it was) or failed.
   */
  private async recheck(request: { type: 'settings'; settings: PageSettings } | { type: 'columns'; columns: Readonly<Record<number, string>> }, aborted: () => void): Promise<boolean> {
    if (!this.fileBytes || !(await this.ensureEngine())) return false;
    this.busy = true;
    this.progress = { phase: 'check', done: 0, total: 1 };
    const issues = new IssueStore();
    let meta: RosterMeta | null = null;
    let ok = false;
    await this.client.request(request, (r) => {
      if (r.type === 'meta') meta = r.meta;
      else if (r.type === 'issues') issues.add(r.block);
      else if (r.type === 'done') {
        if (meta && this.view) this.view = this.view.rebuilt(meta, issues);
        this.showChecked(r.snapshot, issues, !meta);
        ok = true;
      } else if (r.type === 'error' && r.kind === 'aborted') aborted();
      else if (r.type === 'error') this.error = chinese(r.message);
    }, [], loadBudgetMs(this.fileBytes.byteLength));
    this.busy = false;
    this.progress = null;
    return ok;
  }

  // --- Commands: every change to the roster goes through do/undo/redo and apply. ---

  /** Change one cell (0-based sheet row and column); summary, problems and verdict follow. */
  async edit(r: number, c: number, value: string): Promise<void> {
    const view = this.view;
    if (!view || r < view.firstRow) return;
    const from = view.cell(r, c);
    if (from === value) return;
    await this.do({ kind: 'edit', key: cellKey(r, c), r, c, from, to: value });
  }

  /** Decline (or accept again) proposed fixes, given as the issues that propose them. */
  decide(fixes: Pick<Issue, 'row' | 'column'>[], declined: boolean): void {
    const keys: CellKey[] = [];
    for (const f of fixes) {
      const k = this.keyOfIssue(f);
      if (k !== null && this.declined.has(k) !== declined) keys.push(k);
    }
    if (keys.length) void this.do({ kind: 'decide', keys, from: keys.map(() => !declined), to: keys.map(() => declined) });
  }

  /**
   * Delete a data row (0-based sheet row as read): the exported file leaves it out, and the grid,
   * the problem list and every row number show the rows below moved up. Undo brings it back.
   */
  async deleteRow(r: number): Promise<void> {
    const view = this.view;
    if (!view || r < view.firstRow || r >= view.rowCount || view.isDeleted(r)) return;
    await this.do({ kind: 'delete', r, from: false, to: true });
  }

  private async do(cmd: Command): Promise<void> {
    this.history = pushed(this.history, cmd);
    await this.apply(cmd, '');
  }

  async undo(): Promise<void> {
    const step = undone(this.history);
    if (!step || this.busy) return;
    this.history = step.next;
    await this.apply(step.apply, '已撤销：');
  }

  async redo(): Promise<void> {
    const step = redone(this.history);
    if (!step || this.busy) return;
    this.history = step.next;
    await this.apply(step.apply, '已重做：');
  }

  /**
   * An edit or a fix decision takes the engine milliseconds; should one take longer (a busy
   * machine), the progress line with 取消 appears after a moment rather than flickering each time.
   */
  private slowProgress(): () => void {
    const t = setTimeout(() => {
      if (!this.progress) this.progress = { phase: 'check', done: 0, total: 1 };
    }, 400);
    return () => {
      clearTimeout(t);
      if (this.progress?.phase === 'check' && !this.busy) this.progress = null;
    };
  }

  /** Apply a command to the engine, the page and the saved work alike. */
  private async apply(cmd: Command, prefix: string): Promise<void> {
    const view = this.view;
    if (!view) return;
    this.workChanges++;
    // (After a cancelled re-check, the roster is sent again with every edit, this one included.)
    const fresh = await this.ensureEngine();
    if (cmd.kind === 'decide') {
      const next = new Set(this.declined);
      cmd.keys.forEach((k, i) => (cmd.to[i] ? next.add(k) : next.delete(k)));
      this.declined = next;
      const n = cmd.keys.length;
      const first = cmd.keys[0] as CellKey;
      const cell = colOfKey(first) === ROW_COLUMN ? '（整行）' : `「${this.columnName(colOfKey(first))}」`;
      const where = n === 1 ? `第 ${view.excelRow(rowOfKey(first))} 行${cell}的修正` : `${n} 项修正`;
      this.announcement = `${prefix}${cmd.to[0] ? '不采用' : '采用'}${where}`;
      this.scheduleSave();
      if (!fresh) return;
      // The engine recounts what is left after the fixes (the verdict).
      const shown = this.slowProgress();
      await this.client.request({ type: 'decide', cells: [...cmd.keys], declined: [...cmd.to] }, (msg) => {
        if (msg.type === 'decided' && view === this.view) this.snapshot = msg.snapshot;
        else if (msg.type === 'error' && msg.kind === 'aborted') this.notice = '已取消，正在重新检查名单';
        else if (msg.type === 'error' && msg.kind !== 'crashed') this.error = chinese(msg.message);
      });
      shown();
      return;
    }
    if (cmd.kind === 'delete') return this.applyDeletion(view, cmd.r, cmd.to, prefix);
    const { r, c, to: value } = cmd;
    if (!this.original.has(cmd.key) && !this.edits.has(cmd.key)) this.original.set(cmd.key, cmd.from);
    // Kept at once: should the engine stop before it answers, the edit goes to the next one.
    this.edits = new Map(this.edits).set(cmd.key, { r, c, value });
    if (!fresh) {
      view.setCell(r, c, value);
      this.scheduleSave();
      return;
    }
    // Saved with the edit, not after the engine's answer: the answer is what the user sees, and a
    // reload the moment it shows must find the edit.
    this.scheduleSave();
    // Ask the engine first, then show the new text: the engine works while the page paints.
    const shown = this.slowProgress();
    const reply = this.client.request({ type: 'edit', edit: { r, c, value } }, (msg) => this.rowsChanged(view, msg), [], EDIT_BUDGET_MS);
    view.setCell(r, c, value);
    this.announcement = `${prefix}第 ${view.excelRow(r)} 行「${this.columnName(c)}」${value === '' ? '已清空' : `改为“${value}”`}`;
    await reply;
    shown();
  }

  private async applyDeletion(view: RosterView, r: number, deleted: boolean, prefix: string): Promise<void> {
    const next = new Set(this.deletedRows);
    if (deleted) next.add(r);
    else next.delete(r);
    this.deletedRows = next;
    // The row number the user sees: before the deletion, or once the row is back.
    const shownBefore = view.excelRow(r);
    // Shown at once (the row leaves the grid); the engine answers with the issues that changed.
    view.setDeleted(r, deleted);
    const who = this.personOf(view, r);
    this.announcement = deleted
      ? `${prefix}已删除第 ${shownBefore} 行${who}，下面的行上移一行；${touchOnly() ? '按“撤销”' : '按 Ctrl+Z'}可撤销`
      : `${prefix}已恢复第 ${view.excelRow(r)} 行${who}，下面的行下移一行`;
    this.scheduleSave();
    const shown = this.slowProgress();
    await this.client.request({ type: 'delete', r, deleted }, (msg) => this.rowsChanged(view, msg), [], EDIT_BUDGET_MS);
    shown();
  }

  /**
   * The engine's answer to an edit or a row deletion: the rows whose issues changed, the problem
   * list patched for them, the new summary. Cancelling is a note; the change stays on the page and
   * the fresh engine re-checks the roster with it (a crash is mended by resend()).
   */
  private rowsChanged(view: RosterView, msg: Reply): void {
    if (msg.type === 'edited' || msg.type === 'deleted') {
      if (view !== this.view) return;
      const changes = view.setIssues(msg.rows, msg.block);
      const rosterAfter = view.store.addLoose(msg.snapshot.rosterIssues);
      this.groups = patchGroups(view.store, this.groups, this.rosterHandles, rosterAfter, changes);
      this.rosterHandles = rosterAfter;
      this.snapshot = msg.snapshot;
    } else if (msg.type === 'error' && msg.kind === 'aborted') {
      this.notice = '已取消，正在重新检查名单（修改仍保留，可以撤销）';
    } else if (msg.type === 'error' && msg.kind !== 'crashed') {
      this.error = chinese(msg.message);
    }
  }

  /** "（张三）" for a row with a name, else "". */
  private personOf(view: RosterView, r: number): string {
    const c = view.columnIndex('姓名');
    const name = c < 0 ? '' : view.cell(r, c).trim();
    return name ? `（${name.slice(0, 20)}）` : '';
  }

  private columnName(c: number): string {
    const col = this.view?.meta.columns[c];
    return col?.canonical ?? (col?.header || `第 ${c + 1} 列`);
  }

  /** The cell key of a fix (Excel row, canonical column), or null when the roster has no such column. */
  keyOfIssue(f: Pick<Issue, 'row' | 'column'>): CellKey | null {
    // A proposed row deletion is decided at the row's ROW_COLUMN key.
    if (f.column === null && f.row !== null) return cellKey(f.row - 1, ROW_COLUMN);
    const at = this.view?.cellOf(f);
    if (!at || this.view?.columnIndex(f.column) === -1) return null;
    return cellKey(at.r, at.c);
  }

  /** Whether a cell has a fix the roster proposes now. */
  hasFix(key: CellKey): boolean {
    const view = this.view;
    if (!view) return false;
    return view.hasFixAt(rowOfKey(key), colOfKey(key));
  }

  private async download(body: { type: 'export'; as?: 'xlsx' } | { type: 'report'; mask: boolean; extra?: number }): Promise<{ name: string; note: string } | null> {
    if (!this.fileBytes || this.busy || !(await this.ensureEngine())) return null;
    const budget = loadBudgetMs(this.fileBytes.byteLength);
    this.busy = true;
    this.notice = null;
    this.error = null;
    this.progress = { phase: 'export', done: 0, total: 1 };
    let result: { name: string; note: string } | null = null;
    await this.client.request(body, (r) => {
      if (r.type === 'file') {
        download(r.name, r.bytes, r.mime);
        result = { name: r.name, note: r.note };
      } else if (r.type === 'error' && r.kind === 'aborted') this.notice = '已取消，没有导出文件';
      else if (r.type === 'error') this.error = chinese(r.message);
    }, [], budget);
    this.busy = false;
    this.progress = null;
    return result;
  }

  /** `as: 'xlsx'`: a CSV roster as an Excel workbook (Excel turns long digit strings in a CSV into numbers). */
  async exportCorrected(as?: 'xlsx'): Promise<void> {
    const changed = this.changedCells;
    const at = this.workChanges;
    const r = await this.download(as ? { type: 'export', as } : { type: 'export' });
    if (!r) return;
    this.exportedAt = at;
    const removed = this.deletedRows.size;
    const what = changed === 0 && removed === 0 ? '与原文件内容相同（没有需要改动的单元格）' : [changed > 0 ? `改动了 ${changed} 个单元格` : '', removed > 0 ? `删除了 ${removed} 行` : ''].filter(Boolean).join('，');
    // The verdict, with the name the file was really written under (a CSV exported as Excel).
    const v = this.verdict;
    const csvOut = this.view?.meta.format === 'csv' && as !== 'xlsx';
    const state = !v ? '' : v.code === 'export' && !csvOut ? '导出后可以上传：请上传这个导出的文件，不是原文件。' : `${verdictLine(v)}。`;
    this.notice = `已导出校正文件：${r.name}，${what}；${state}${r.note}`;
  }

  async exportReport(): Promise<void> {
    const r = await this.download({ type: 'report', mask: this.mask, ...(this.batchErrors > 0 ? { extra: this.batchErrors } : {}) });
    if (r) this.notice = `已导出校验报告：${r.name}`;
  }

  /**
   * Save the work at once, not after a pause: a reload or a closed tab right after an edit must
   * find it (a write started later is cut short by the reload). Edits that come while a save is
   * under way are saved together by one more save when it ends.
   */
  private scheduleSave(): void {
    if (!this.canSave) return;
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    this.saving = true;
    void (async () => {
      do {
        this.saveAgain = false;
        await this.save();
      } while (this.saveAgain && this.canSave);
      this.saving = false;
    })();
  }

  /** The work as it is now: the edits and decisions, never the file (stored once, when it was loaded). */
  private work(): SavedWork {
    return { edits: [...this.edits.values()], declined: [...this.declined], deleted: [...this.deletedRows], columns: $state.snapshot(this.columnMapping), columnsSkipped: this.columnsSkipped };
  }

  /**
   * The page is being left (reload, closed tab) while a save has not finished: the browser may
   * cut that write short, so the work is also kept in the one storage written at once.
   */
  leaving(): void {
    if ((this.saving || this.saveAgain) && this.fileBytes && this.canSave) savePendingWork(this.work());
  }

  /** The edits and decisions only: the file itself was stored once, when it was loaded. */
  private async save(): Promise<void> {
    if (!this.fileBytes || !this.canSave) return;
    try {
      await saveWork(this.work());
      this.saveFailed = false;
    } catch {
      // Storage refused (private mode, quota): the page still works, only without recovery (and
      // warns before the tab is closed).
      this.saveFailed = true;
    }
  }

  /** No roster on the page: its rows, problems, edits, decisions, deletions and history gone. */
  private emptyWorkspace(): void {
    this.batchErrors = 0;
    this.view = null;
    this.snapshot = null;
    this.groups = [];
    this.declined = new Set();
    this.deletedRows = new Set();
    this.history = EMPTY_HISTORY;
    this.edits = new Map();
    this.original = new Map();
    this.fileBytes = null;
    this.fileName = '';
    this.error = null;
    this.columnMapping = {};
    this.columnsSkipped = false;
  }

  /**
   * 返回首页: close the roster. Its stored copy goes too (a reload must not bring back a roster
   * the user closed); the settings and the template stay.
   */
  async goHome(): Promise<void> {
    if (this.busy) this.client.abort();
    this.emptyWorkspace();
    this.notice = null;
    this.announcement = '已关闭名单，回到首页';
    if (this.canSave) await clearFile().catch(() => {});
  }

  /**
   * Empty the page and this browser's storage. Nothing is saved again until the user loads a
   * file: on a shared computer the next person finds nothing.
   */
  async clearSaved(): Promise<void> {
    this.saveAgain = false;
    this.savingAllowed = false;
    if (this.busy) this.client.abort();
    this.emptyWorkspace();
    this.settings = validSettings(null);
    this.template = null;
    clearTemplate();
    try {
      await clearAll();
    } catch {
      // nothing stored
    }
    this.notice = '已清除：这台电脑上不再保留名单、修改记录和项目设置。';
    this.announcement = this.notice;
  }

  /** 不在本机保存: stop saving and remove what was saved; off again: save the current work. */
  async setNoSave(noSave: boolean): Promise<void> {
    this.noSave = noSave;
    saveNoSave(noSave);
    if (noSave) {
      this.saveAgain = false;
      clearTemplate();
      try {
        await clearAll();
      } catch {
        // nothing stored
      }
      this.notice = '不在这台电脑上保存：关闭或刷新页面后，名单和修改都不会留下。';
    } else if (this.canSave) {
      saveSettings($state.snapshot(this.settings));
      if (this.fileBytes) {
        await saveFile({ name: this.fileName, bytes: this.fileBytes, savedAt: new Date().toLocaleString('zh-CN', { hour12: false }), ...(this.sheet !== undefined ? { sheet: this.sheet } : {}) }).catch(() => {});
        await this.save();
      }
      this.notice = '名单和修改会保存在这台电脑的浏览器里，刷新页面也不会丢失。';
    }
  }

  // --- 核对列 (issue #19): the user's column matches. ---

  /** The user's column matches (0-based sheet column → template column), saved with the file's work. */
  columnMapping = $state<Record<number, string>>({});
  /** 跳过 was chosen in the 核对列 panel for this file. */
  columnsSkipped = $state(false);

  /** A new file whose header row was matched before in this browser: the same matches, at once. */
  private async matchRemembered(): Promise<void> {
    const meta = this.meta;
    if (!meta?.columnMatch.needed) return;
    const remembered = rememberedColumns(meta.columns.map((c) => c.header));
    if (remembered) await this.matchColumns(remembered);
  }

  /** 跳过: the panel stays closed for this file (the 核对列 link still opens it). */
  skipColumns(): void {
    this.columnsSkipped = true;
    this.scheduleSave();
  }

  /** 确认 in the 核对列 panel: check again with these matches, as a settings change does (edits kept). */
  async matchColumns(columns: Record<number, string>): Promise<void> {
    if (!this.view || !this.fileBytes) return;
    const ok = await this.recheck({ type: 'columns', columns: $state.snapshot(columns) }, () => (this.notice = '已取消，列的对应没有改变'));
    if (!ok) return;
    this.columnMapping = columns;
    const m = this.meta;
    if (m && this.canSave) rememberColumns(m.columns.map((c) => c.header), columns);
    this.scheduleSave();
    const s = this.snapshot?.summary;
    if (s) this.announcement = `已按核对的列重新校验：${s.errors} 处错误，${s.warnings} 处警告`;
  }

}
