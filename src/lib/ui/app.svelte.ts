// The page's state: what the engine said about the roster, the user's edits and declined fixes.
// Components render it; no rule logic lives here or in them.
import { SvelteMap } from 'svelte/reactivity';
import type { Fix, Issue } from '../core/types';
import { buildGroups, patchGroups, type RuleGroup, type RowChange } from './groups';
import { fixKey, type Edit, type PageSettings, type Reply, type RosterMeta, type Snapshot } from '../worker/protocol';
import { MAX_INPUT_BYTES, tooLargeMessage } from '../io/limits';
import { EngineClient } from './client';
import { clearSettings, clearWork, loadSettings, loadWork, saveSettings, saveWork } from './persist';

export interface Progress {
  phase: 'read' | 'check' | 'send' | 'export';
  done: number;
  total: number;
}

export type { RuleGroup };
/** How long the engine may take over a file before it is stopped: generous, but bounded. */
export function loadBudgetMs(bytes: number): number {
  return Math.min(600_000, 60_000 + (bytes / 1048576) * 4_000);
}

export class AppState {
  settings = $state<PageSettings>(loadSettings());
  busy = $state(false);
  progress = $state<Progress | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  meta = $state.raw<RosterMeta | null>(null);
  rows = $state.raw<string[][]>([]);
  issuesByRow = $state.raw<Map<number, Issue[]>>(new Map());
  snapshot = $state.raw<Snapshot | null>(null);
  declined = $state.raw<Set<string>>(new Set());
  /** Bumped when the whole table is replaced or re-checked. */
  version = $state(0);
  /** Bumped per row when one row's cells or issues change (an edit touches one row, not all). */
  rowVersion = new SvelteMap<number, number>();
  mask = $state(false);

  /** True when no worker could start and the engine runs on the page's thread. */
  mainThread = $state(false);
  private client = new EngineClient(
    () => (this.mainThread = true),
    () => void this.resend(),
  );
  private fileName = '';
  private fileBytes: ArrayBuffer | null = null;
  private edits = new Map<string, Edit>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  /** Every row issue, whole-roster ones first (for printing; `groups` changes whenever they do). */
  allIssues = $derived.by(() => {
    void this.groups;
    const out: Issue[] = [...(this.snapshot?.rosterIssues ?? [])];
    const keys = [...this.issuesByRow.keys()].sort((a, b) => a - b);
    for (const r of keys) for (const i of this.issuesByRow.get(r) ?? []) out.push(i);
    return out;
  });

  /** The problem list: rebuilt when the whole table changes, patched for the rows of an edit. */
  groups = $state.raw<RuleGroup[]>([]);

  async init(): Promise<void> {
    const saved = await loadWork();
    if (!saved) return;
    this.declined = new Set(saved.declined);
    await this.load(saved.name, saved.bytes, saved.edits);
    if (this.meta) {
      this.notice = `已恢复上次未完成的工作：${saved.name}（保存于 ${saved.savedAt}）`;
    }
  }

  async openFile(file: File): Promise<void> {
    if (file.size > MAX_INPUT_BYTES) {
      // Refused before the page reads it at all (a 1 GB file would otherwise be read into memory
      // and copied to the worker only to be refused there).
      this.error = tooLargeMessage(file.size, MAX_INPUT_BYTES);
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
    this.declined = new Set();
    const ok = await this.load(file.name, bytes, []);
    if (!ok) this.declined = previousDeclined;
  }

  /** Load a file into the engine. The page's current roster stays until the new one is ready. */
  private async load(name: string, bytes: ArrayBuffer, edits: Edit[]): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    this.progress = { phase: 'read', done: 0, total: bytes.byteLength };
    let meta: RosterMeta | null = null;
    let rows: string[][] = [];
    const issues = new Map<number, Issue[]>();
    let snapshot: Snapshot | null = null;
    let failure: string | null = null;
    const copy = bytes.slice(0);
    await this.client.request({ type: 'load', name, bytes: copy, settings: $state.snapshot(this.settings), edits }, (r: Reply) => {
      switch (r.type) {
        case 'progress':
          this.progress = { phase: r.phase, done: r.done, total: r.total };
          break;
        case 'meta':
          meta = r.meta;
          rows = new Array<string[]>(r.meta.rowCount);
          break;
        case 'rows':
          for (let i = 0; i < r.rows.length; i++) rows[r.start + i] = r.rows[i] as string[];
          break;
        case 'issues':
          for (const [row, list] of r.rows) issues.set(row, list);
          break;
        case 'done':
          snapshot = r.snapshot;
          break;
        case 'error':
          failure = r.message;
          break;
      }
    }, [copy], loadBudgetMs(bytes.byteLength));
    this.busy = false;
    this.progress = null;
    if (failure !== null || !meta || !snapshot) {
      this.error = failure ?? '文件未能读取';
      return false;
    }
    // A message about an earlier file no longer applies to the roster now shown.
    this.error = null;
    this.meta = meta;
    this.rows = rows;
    this.fileName = name;
    this.fileBytes = bytes;
    this.edits = new Map(edits.map((e) => [`${e.r}:${e.c}`, e]));
    this.showChecked(snapshot, issues);
    this.scheduleSave();
    return true;
  }

  /** A whole check's result (load, new settings, a fresh engine): every list is redrawn. */
  private showChecked(snapshot: Snapshot, issues: Map<number, Issue[]>): void {
    this.snapshot = snapshot;
    this.issuesByRow = issues;
    this.groups = buildGroups(snapshot.rosterIssues, issues);
    this.version++;
    this.rowVersion.clear();
  }

  /**
   * A fresh engine (after a crash, an overrun or an abort) holds nothing: give it the roster the
   * page shows, with every edit, and take its issues again (an edit that was under way when the
   * engine stopped was never checked). Rows are not sent back: the page has them.
   */
  private async resend(): Promise<void> {
    if (!this.fileBytes || !this.meta) return;
    const copy = this.fileBytes.slice(0);
    const issues = new Map<number, Issue[]>();
    const generation = this.version;
    await this.client.request({ type: 'load', name: this.fileName, bytes: copy, settings: $state.snapshot(this.settings), edits: [...this.edits.values()], withRows: false }, (r) => {
      if (r.type === 'issues') for (const [row, list] of r.rows) issues.set(row, list);
      else if (r.type === 'done' && generation === this.version) {
        this.showChecked(r.snapshot, issues);
        if (this.error === null) this.notice = '处理文件的后台进程曾意外中止，已自动重新启动；名单和您的修改都还在';
      } else if (r.type === 'error') {
        this.error = `处理文件的后台进程意外中止，未能恢复名单（${r.message}）；您的修改已保存在本机，请刷新页面`;
      }
    }, [copy]);
  }

  cancel(): void {
    this.client.abort();
  }

  async changeSettings(next: PageSettings): Promise<void> {
    this.settings = next;
    saveSettings(next);
    if (!this.meta) return;
    this.busy = true;
    const issues = new Map<number, Issue[]>();
    let meta: RosterMeta | null = null;
    await this.client.request({ type: 'settings', settings: $state.snapshot(next) }, (r) => {
      if (r.type === 'meta') meta = r.meta;
      else if (r.type === 'issues') for (const [row, list] of r.rows) issues.set(row, list);
      else if (r.type === 'done') {
        if (meta) this.meta = meta;
        this.showChecked(r.snapshot, issues);
      } else if (r.type === 'error') this.error = r.message;
    });
    this.busy = false;
  }

  private bumpRow(r: number): void {
    this.rowVersion.set(r, (this.rowVersion.get(r) ?? 0) + 1);
  }

  /** Change one cell (0-based sheet row and column); summary and problems follow. */
  async edit(r: number, c: number, value: string): Promise<void> {
    const current = this.rows[r] ?? [];
    if ((current[c] ?? '') === value) return;
    // Kept at once: should the engine stop before it answers, the edit goes to the next one.
    this.edits.set(`${r}:${c}`, { r, c, value });
    // Ask the engine first, then show the new text: the engine works while the page paints.
    const reply = this.client.request({ type: 'edit', edit: { r, c, value } }, (msg) => {
      if (msg.type === 'edited') {
        const changes: RowChange[] = msg.rows.map(([row2, list]) => [row2, this.issuesByRow.get(row2) ?? [], list]);
        this.groups = patchGroups(this.groups, this.snapshot?.rosterIssues ?? [], msg.snapshot.rosterIssues, changes);
        for (const [row2, list] of msg.rows) {
          if (list.length) this.issuesByRow.set(row2, list);
          else this.issuesByRow.delete(row2);
          this.bumpRow(row2);
        }
        this.snapshot = msg.snapshot;
      } else if (msg.type === 'error' && msg.kind !== 'crashed') {
        // (A crash is mended by resend(), which re-checks this edit too.)
        this.error = msg.message;
      }
    });
    const row = current.slice();
    while (row.length < c) row.push('');
    row[c] = value;
    this.rows[r] = row;
    this.bumpRow(r);
    await reply;
    this.scheduleSave();
  }

  /** Whether a fix key ("row:column", Excel row) names a fix the roster proposes now. */
  hasFix(key: string): boolean {
    const at = key.indexOf(':');
    const row = Number(key.slice(0, at));
    const column = key.slice(at + 1);
    return (this.issuesByRow.get(row - 1) ?? []).some((i) => i.column === column && i.fix !== null);
  }

  isDeclined(f: Pick<Fix, 'row' | 'column'>): boolean {
    return this.declined.has(fixKey(f));
  }

  setDeclined(fixes: Pick<Fix, 'row' | 'column'>[], declined: boolean): void {
    const next = new Set(this.declined);
    for (const f of fixes) {
      if (declined) next.add(fixKey(f));
      else next.delete(fixKey(f));
    }
    this.declined = next;
    this.scheduleSave();
  }

  private async download(body: { type: 'export'; declined: string[] } | { type: 'report'; mask: boolean }): Promise<{ name: string; note: string } | null> {
    this.busy = true;
    this.error = null;
    this.progress = { phase: 'export', done: 0, total: 1 };
    let result: { name: string; note: string } | null = null;
    await this.client.request(body, (r) => {
      if (r.type === 'file') {
        const url = URL.createObjectURL(new Blob([r.bytes], { type: r.mime }));
        const a = document.createElement('a');
        a.href = url;
        a.download = r.name;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        result = { name: r.name, note: r.note };
      } else if (r.type === 'error') this.error = r.message;
    });
    this.busy = false;
    this.progress = null;
    return result;
  }

  async exportCorrected(): Promise<void> {
    const r = await this.download({ type: 'export', declined: [...this.declined] });
    if (r) this.notice = `已导出校正文件：${r.name}。${r.note}`;
  }

  async exportReport(): Promise<void> {
    const r = await this.download({ type: 'report', mask: this.mask });
    if (r) this.notice = `已导出校验报告：${r.name}`;
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), 300);
  }

  private async save(): Promise<void> {
    if (!this.fileBytes) return;
    try {
      await saveWork({
        name: this.fileName,
        bytes: this.fileBytes,
        edits: [...this.edits.values()],
        declined: [...this.declined],
        savedAt: new Date().toLocaleString('zh-CN', { hour12: false }),
      });
    } catch {
      // Storage refused (private mode, quota): the page still works, only without recovery.
    }
  }

  async clearSaved(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    try {
      await clearWork();
    } catch {
      // nothing stored
    }
    clearSettings();
    this.notice = '已清除本机保存的数据（文件、修改记录和设置）。';
  }
}
