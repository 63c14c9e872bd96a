// The batch on the page (issue #12): many rosters read one at a time by the batch worker, a table
// of them, the findings across them, and the batch's exports. The table keeps one line per
// roster (never its rows); a roster opened in the workspace is read again from its file.
import type { ProjectSettings } from '../core/types';
import { sameProject } from '../core/project-check';
import { VERDICT_LABELS, VERDICT_ORDER, batchVerdict, type Verdict, type VerdictCode } from '../core/verdict';
import { fileKind, isRosterName, isZipName } from '../core/files';
import type { BatchBytes, BatchEntryAt, BatchFileRow, BatchOutcome, BatchReply, BatchWork, ManualProject, PageSettings, SettingsOrigin } from '../worker/protocol';
import { BatchClient, NO_BATCH_WORKER } from './batch-client';
import { download, nextTask } from './browser';
import type { PickedFile } from './batch-files';

export type BatchVerdict = VerdictCode;
export { VERDICT_LABELS };

export interface BatchEntry {
  row: BatchFileRow;
  /** 同日超学分 errors found across the rosters (they count as this roster's own). */
  daily: number;
  /** Errors and warnings after the user's edits in the workspace; null: as read. */
  now: { errors: number; warnings: number } | null;
  /** The user's edits and fix decisions in the workspace, kept while the page is open. */
  work: BatchWork | null;
  /** Project settings entered for it in the table (they override the manifest), or null. */
  manual: ManualProject | null;
}

/** Where a roster's project settings come from, as the table says it. */
export const ORIGIN_TEXT: Record<SettingsOrigin, string> = { manifest: '清单', manual: '手动填写', default: '默认' };
export function originOf(e: BatchEntry): SettingsOrigin {
  return e.manual ? 'manual' : (e.row.origin ?? 'default');
}

/** A project's settings in a few words for the table: dates and credits, or 未填写. */
export function settingsText(p: ProjectSettings | undefined): string {
  if (!p) return '未填写';
  const parts: string[] = [];
  if (p.start !== undefined || p.end !== undefined) parts.push(p.start === p.end || p.end === undefined ? (p.start ?? '') : `${p.start ?? '？'} 至 ${p.end}`);
  if (p.credits !== undefined) parts.push(`${p.credits} 学分`);
  if (p.hours !== undefined) parts.push(`${p.hours} 学时`);
  return parts.length ? parts.join('，') : '未填写';
}

export type SortKey = 'file' | 'project' | 'attendees' | 'share' | 'errors' | 'warnings' | 'verdict';

export interface Merged {
  rosters: number;
  rows: number;
  people: number;
  errors: number | null;
  warnings: number | null;
  disagreements: Extract<BatchReply, { type: 'batch-merged' }>['disagreements'];
}

const MANIFEST = /(清单|manifest)[^/]*\.(xlsx|xls|csv)$/i;
/** One collator for every comparison (localeCompare with a locale makes one per call: slow in a sort). */
const zh = new Intl.Collator('zh');

export function errorsOf(e: BatchEntry): number | null {
  const s = e.row.summary;
  return s ? (e.now ? e.now.errors : s.errors) + e.daily : null;
}
export function warningsOf(e: BatchEntry): number | null {
  const s = e.row.summary;
  return s ? (e.now ? e.now.warnings : s.warnings) : null;
}
/** Its verdict (core/verdict.ts, as the report and the command line give it). */
export function verdictOf(e: BatchEntry): Verdict {
  return batchVerdict(e.row, e.daily, e.now);
}

/** The table's order: by one column, then by file name; blanks (unreadable files) last. */
export function sortEntries(entries: readonly BatchEntry[], key: SortKey, desc: boolean): BatchEntry[] {
  const value = (e: BatchEntry): number | string | null => {
    switch (key) {
      case 'file':
        return e.row.file;
      case 'project':
        return e.row.project;
      case 'attendees':
        return e.row.summary?.attendees ?? null;
      case 'share':
        return e.row.summary?.share ?? null;
      case 'errors':
        return errorsOf(e);
      case 'warnings':
        return warningsOf(e);
      case 'verdict':
        return VERDICT_ORDER[verdictOf(e).code];
    }
  };
  const dir = desc ? -1 : 1;
  return entries
    .map((e) => [value(e), e] as const)
    .sort(([a, ea], [b, eb]) => {
      if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
      const c = typeof a === 'number' && typeof b === 'number' ? a - b : zh.compare(String(a), String(b));
      return c * dir || zh.compare(ea.row.file, eb.row.file);
    })
    .map(([, e]) => e);
}

/** The rosters shown: one verdict or all, and those whose file or project contains the query. */
export function filterEntries(entries: readonly BatchEntry[], verdict: 'all' | BatchVerdict, query: string): BatchEntry[] {
  const q = query.trim();
  return entries.filter((e) => (verdict === 'all' || verdictOf(e).code === verdict) && (!q || e.row.file.includes(q) || e.row.project.includes(q)));
}


export class BatchState {
  /** Every roster read so far, in the order read (replaced, never mutated, when one is added). */
  entries = $state.raw<BatchEntry[]>([]);
  outcome = $state.raw<BatchOutcome | null>(null);
  manifestName = $state<string | null>(null);
  manifestProblems = $state.raw<string[]>([]);
  /** Files given that are neither rosters nor zips (not read), each with the reason. */
  skipped = $state.raw<{ file: string; reason: string }[]>([]);
  reading = $state(false);
  /** An export is being made. */
  busy = $state(false);
  progress = $state<{ done: number; total: number; name: string; what: string } | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  sortKey = $state<SortKey>('verdict');
  sortDesc = $state(false);
  filter = $state<'all' | BatchVerdict>('all');
  query = $state('');
  /** The roster open in the workspace, or null. */
  current = $state.raw<BatchEntry | null>(null);
  merged = $state.raw<Merged | null>(null);
  /** The roster being checked again (its row says so), or null. */
  rechecking = $state<string | null>(null);

  /** A batch was given (its table shows, even when 取消 came before any roster was read). */
  active = $state(false);
  shown = $derived(sortEntries(filterEntries(this.entries, this.filter, this.query), this.sortKey, this.sortDesc));
  counts = $derived.by(() => {
    const c: Record<BatchVerdict, number> = { ready: 0, export: 0, fix: 0, unreadable: 0 };
    for (const e of this.entries) c[verdictOf(e).code]++;
    return c;
  });

  /** The batch worker: reads, checks and keeps every roster; the only one that opens zips (it keeps them). */
  private client = new BatchClient();
  /** A second worker for a batch of 4 files or more, or with a zip (two cores): it only reads and checks. */
  private helper = new BatchClient();
  private sources: PickedFile[] = [];
  private cancelled = false;
  /** Re-checks run one after another; exports wait for them. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Resolved once the batch is read: a roster is checked again only after (it may not be kept yet). */
  private read: Promise<void> = Promise.resolve();
  /** Counts batches given: a re-check asked for in an earlier batch is dropped. */
  private generation = 0;

  /** Read a batch: the manifest first (a file named like 项目清单.xlsx), then every roster and zip. */
  async start(files: readonly PickedFile[], settings: PageSettings): Promise<void> {
    this.reset();
    this.manifestProblems = [];
    this.filter = 'all';
    this.query = '';
    this.cancelled = false;
    this.active = true;
    const manifest = files.find((f) => MANIFEST.test(f.file.name)) ?? null;
    this.manifestName = manifest ? manifest.path : null;
    // In path order, as the command line reads a folder (a browser lists a folder in any order).
    const skipped: { file: string; reason: string }[] = [];
    this.sources = files
      .filter((f) => {
        const k = fileKind(f.file.name);
        if (k.kind === 'other') skipped.push({ file: f.path, reason: k.reason });
        return f !== manifest && (k.kind === 'roster' || k.kind === 'zip');
      })
      .sort((a, b) => zh.compare(a.path, b.path));
    this.skipped = skipped;
    this.reading = true;
    this.generation++;
    let readDone = () => {};
    this.read = new Promise<void>((resolve) => (readDone = resolve));
    this.progress = { done: 0, total: this.sources.length, name: '', what: '正在读取' };
    let failed: string | null = null;
    const fail = (r: BatchReply) => {
      if (r.type === 'error') failed = r.message;
    };
    const helper = this.sources.length >= 4 || this.sources.some((s) => isZipName(s.file.name)) ? this.helper : null;
    const engines = helper ? [this.client, helper] : [this.client];
    for (const c of engines) await c.request({ type: 'batch-start', settings }, fail);
    if (helper) {
      // The helper hands what it checked to the first worker itself: only table rows cross the page.
      const ch = new MessageChannel();
      if (!(await this.client.link(ch.port1)) || !(await helper.link(ch.port2))) failed = NO_BATCH_WORKER;
    }
    // Zips are opened first, by the first worker (it keeps them for the exports): their rosters
    // join the batch's list of files, which a manifest row may name by its path.
    const list: BatchEntry[] = [];
    /** What is to be read, in order: a file, or a roster of a zip opened. */
    interface Unit {
      source: number;
      sub: number;
      member?: { name: string; at: BatchEntryAt; refused?: string };
      state: 'queued' | 'reading' | 'done';
      rows: BatchFileRow[];
    }
    const units: Unit[] = [];
    const checked: [number, number][] = [];
    const paths: string[] = [];
    const openSource = async (i: number) => {
      const s = this.sources[i] as PickedFile;
      if (!isZipName(s.file.name)) {
        units.push({ source: i, sub: 0, state: 'queued', rows: [] });
        paths.push(s.path);
        return;
      }
      let members: { member: string; at: BatchEntryAt; refused?: string }[] | null = null;
      let rows: BatchFileRow[] = [];
      await this.client.request({ type: 'batch-open', source: i, file: s.path, bytes: new ArrayBuffer(0), blob: s.file }, (r) => {
        if (r.type === 'batch-members') members = r.members;
        else if (r.type === 'batch-rows') {
          rows = r.rows;
          checked.push([i, 0]);
        } else fail(r);
      });
      const got = members as { member: string; at: BatchEntryAt; refused?: string }[] | null;
      if (!got) units.push({ source: i, sub: 0, state: 'done', rows });
      got?.forEach((m, sub) => {
        units.push({ source: i, sub, member: { name: m.member, at: m.at, ...(m.refused !== undefined ? { refused: m.refused } : {}) }, state: 'queued', rows: [] });
        paths.push(`${s.path}/${m.member}`);
      });
    };
    for (let i = 0; i < this.sources.length && failed === null && !this.cancelled; i++) await openSource(i);
    if (manifest && failed === null) {
      // Each worker reads the manifest itself (the page's thread never waits on the disk) and
      // matches its rows against the same files.
      for (const c of engines) {
        await c.request({ type: 'batch-manifest', name: manifest.file.name, blob: manifest.file, files: paths }, (r) => {
          if (r.type === 'batch-manifest') this.manifestProblems = r.problems;
          else if (r.type === 'error') {
            this.manifestProblems = [`“${manifest.path}”不是可用的项目清单（${r.message}），已把它当作名单读取`];
            this.manifestName = null;
          }
        });
      }
      // A roster whose name merely contains 清单 is read as a roster (last).
      if (this.manifestName === null && isRosterName(manifest.file.name)) {
        this.sources = [...this.sources, manifest];
        await openSource(this.sources.length - 1);
      }
    }
    this.progress = { done: 0, total: units.length, name: '', what: '正在读取' };
    // Each worker takes the next roster: a file, or one of a zip's rosters (the first worker reads
    // it from the zip it keeps; the other reads its stored bytes from the zip's file). The first
    // worker keeps every roster in the page's order (the helper's reach it through their port),
    // and the table lists them in that order.
    let handed = 0;
    let read = units.filter((u) => u.state === 'done').length;
    let shownAt = 0;
    const handOver = () => {
      for (let u = units[handed]; u?.state === 'done'; u = units[++handed]) {
        // A 项目清单 found by its header is no roster of the table.
        for (const row of u.rows) if (!row.manifest) list.push({ row, daily: 0, now: null, work: null, manual: null });
        u.rows = [];
      }
    };
    handOver();
    const shown = async (name: string) => {
      this.progress = { done: read, total: units.length, name, what: '正在读取' };
      // The table is redrawn twice a second, not after every roster.
      if (performance.now() - shownAt > 500) {
        this.entries = list.slice();
        shownAt = performance.now();
        await nextTask();
      }
    };
    const loop = async (engine: BatchClient, first: boolean) => {
      while (!this.cancelled && failed === null) {
        const u = units.find((x, k) => k >= handed && x.state === 'queued');
        if (!u) return;
        const s = this.sources[u.source] as PickedFile;
        u.state = 'reading';
        // The worker reads the file (its size and its bytes): the page's thread never waits on the disk.
        const m = u.member;
        const keep = first ? 'here' : 'peer';
        const bytes = new ArrayBuffer(0);
        await engine.request(
          m === undefined
            ? { type: 'batch-check', source: u.source, file: s.path, bytes, blob: s.file, keep }
            : { type: 'batch-check', source: u.source, sub: u.sub, member: m.name, file: s.path, bytes, keep, ...(m.refused !== undefined ? { refused: m.refused } : first ? {} : { at: m.at, blob: s.file }) },
          (r) => {
            if (r.type === 'batch-rows') {
              u.rows = r.rows;
              checked.push([u.source, u.sub]);
            } else fail(r);
          },
        );
        u.state = 'done';
        handOver();
        read++;
        await shown(m === undefined ? s.path : `${s.path}/${m.name}`);
      }
    };
    await Promise.all(engines.map((e, n) => loop(e, n === 0)));
    // After 取消, what was read past a roster not read is kept too.
    for (const u of units.slice(handed)) if (u.state === 'done') for (const row of u.rows) if (!row.manifest) list.push({ row, daily: 0, now: null, work: null, manual: null });
    if (failed === null) await this.client.request({ type: 'batch-gather', sources: checked.map(([s]) => s), subs: checked.map(([, sub]) => sub) }, fail);
    this.entries = list.slice();
    if (failed === null) await this.finish();
    if (failed === null && !this.cancelled) await this.useFoundManifest(paths);
    this.reading = false;
    readDone();
    this.progress = null;
    if (failed !== null) this.error = failed;
    else if (this.cancelled) this.notice = `已取消：读取了 ${list.length} 个名单，下面的结果只包括这些名单`;
  }

  /**
   * No manifest given, one found among the files by its header (in a zip, or not named like one):
   * used, and the rosters it names checked again with their projects.
   */
  private async useFoundManifest(paths: string[]): Promise<void> {
    const found = this.manifestName === null ? this.outcome?.manifests?.[0] : undefined;
    if (!found) return;
    const s = this.sources[found.source];
    if (!s) return;
    let named: string[] = [];
    await this.client.request({ type: 'batch-manifest', name: found.file, files: paths, ...(found.member !== undefined ? { source: found.source, member: found.member } : { blob: s.file }) }, (r) => {
      if (r.type === 'batch-manifest') {
        this.manifestName = found.file;
        this.manifestProblems = r.problems;
        named = r.named ?? [];
      }
    });
    this.read = Promise.resolve();
    for (const file of named) {
      const e = this.entryOf(file);
      if (e?.row.summary) void this.recheck(e, e.manual);
    }
    await this.queue;
    await this.finish();
  }

  private async finish(): Promise<void> {
    const sameDay: BatchOutcome['sameDay'] = [];
    const duplicates: BatchOutcome['duplicates'] = [];
    await this.client.request({ type: 'batch-finish' }, (r) => {
      if (r.type === 'batch-part') {
        sameDay.push(...r.sameDay);
        duplicates.push(...r.duplicates);
      } else if (r.type === 'batch-result') {
        this.outcome = { ...r.outcome, sameDay: r.outcome.sameDay.concat(sameDay), duplicates: r.outcome.duplicates.concat(duplicates) };
        const inZips = r.outcome.skipped ?? [];
        if (inZips.length > 0) this.skipped = [...this.skipped.filter((x) => !inZips.some((y) => y.file === x.file)), ...inZips];
        const daily = new Map(r.outcome.daily);
        this.entries = this.entries.map((e) => ({ ...e, daily: daily.get(e.row.file) ?? 0 }));
      } else if (r.type === 'error') this.error = r.message;
    });
  }

  /** 取消: the file being read is finished, no other is started; the lists cover what was read. */
  cancel(): void {
    this.cancelled = true;
  }

  /** Leave the batch: everything it kept is dropped. */
  close(): void {
    this.generation++;
    this.active = false;
    this.cancelled = true;
    this.reset();
    this.sources = [];
  }

  /** Both workers stopped (dropping what they kept) and the batch's results off the page. */
  private reset(): void {
    this.client.stop();
    this.helper.stop();
    this.entries = [];
    this.mergePicked = null;
    this.outcome = null;
    this.merged = null;
    this.current = null;
    this.error = null;
    this.notice = null;
  }

  entryOf(file: string): BatchEntry | undefined {
    return this.entries.find((e) => e.row.file === file);
  }

  /** A roster's bytes, to open it in the workspace: its file again, or its entry of the zip. */
  async bytesOf(e: BatchEntry): Promise<ArrayBuffer | null> {
    const r = e.row;
    if (r.member !== undefined) {
      let got: ArrayBuffer | null = null;
      await this.client.request({ type: 'batch-bytes', source: r.source, member: r.member }, (x) => {
        if (x.type === 'batch-bytes') got = x.bytes;
        else if (x.type === 'error') this.error = x.message;
      });
      return got;
    }
    const s = this.sources[r.source];
    const got = s ? await s.file.arrayBuffer().catch(() => null) : null;
    if (!got) this.error = `无法再次读取 ${r.file}，请确认文件没有被移走或被其他程序占用`;
    return got;
  }

  /**
   * Back from the workspace: the roster's work and its counts now are kept, the verdict follows
   * at once; then the batch worker checks it again with that work, so that the report's issues
   * and the lists across rosters follow too (an edited ID, a deleted row). Project settings changed
   * in the workspace become the roster's own (as if entered in the table).
   */
  back(work: BatchWork, now: { errors: number; warnings: number } | null, project?: ProjectSettings): void {
    const cur = this.current;
    this.current = null;
    if (!cur) return;
    const edited = work.edits.length > 0 || work.declined.length > 0 || (work.deleted?.length ?? 0) > 0;
    const changed = !sameProject(project, cur.row.settings);
    this.entries = this.entries.map((e) => (e.row.file === cur.row.file ? { ...e, work: edited ? work : null, now: edited && !changed ? now : null } : e));
    const e = this.entryOf(cur.row.file);
    if (!e) return;
    if (changed) void this.recheck(e, { ...(project ? { project } : {}), ...(e.manual?.name ? { name: e.manual.name } : {}) });
    else if (edited || cur.work) void this.recheck(e, e.manual);
  }

  /**
   * Project settings entered for one roster in the table (null: back to its manifest row, else the
   * page's settings): it is read again and checked with them and with its work, its row replaced,
   * and the lists across rosters made again (同日超学分 depends on dates and credits).
   */
  setProject(e: BatchEntry, manual: ManualProject | null): Promise<boolean> {
    return this.recheck(e, manual);
  }

  private recheck(e: BatchEntry, manual: ManualProject | null): Promise<boolean> {
    const generation = this.generation;
    const run = async (): Promise<boolean> => {
      await this.read;
      const file = e.row.file;
      const entry = this.entryOf(file);
      if (!entry || !this.active || generation !== this.generation) return false;
      const where = this.where(entry);
      if (!where) {
        this.error = `无法再次读取 ${file}，请确认文件没有被移走或被其他程序占用`;
        return false;
      }
      this.rechecking = file;
      this.error = null;
      let row: BatchFileRow | null = null;
      const work = entry.work ?? { edits: [], declined: [], deleted: [] };
      await this.client.request({ type: 'batch-recheck', file, manual, edits: work.edits, declined: work.declined, deleted: work.deleted ?? [], ...where }, (r) => {
        if (r.type === 'batch-rows') row = r.rows[0] ?? null;
        else if (r.type === 'error' && generation === this.generation) this.error = r.message;
      });
      if (row && generation === this.generation) {
        const next = row;
        this.entries = this.entries.map((x) => (x.row.file === file ? { ...x, row: next, manual, now: null } : x));
        await this.finish();
        // Said in the status line (read out by screen readers), also when a filter hides the row.
        const after = this.entryOf(file);
        if (after) {
          const n = errorsOf(after) ?? 0;
          const v = verdictOf(after);
          this.notice = `已重新校验 ${file}：${v.label}${n > 0 ? `（${n} 处错误）` : ''}`;
        }
      }
      this.rechecking = null;
      return row !== null;
    };
    const done = this.queue.then(run, run);
    this.queue = done;
    return done;
  }

  private readable(): BatchEntry[] {
    return sortEntries(this.entries.filter((e) => e.row.summary), 'file', false);
  }

  /** Where a roster's bytes are for the batch worker: its file (the worker reads it), or its zip entry. */
  private where(e: BatchEntry): BatchBytes | null {
    if (e.row.member !== undefined) return { source: e.row.source, member: e.row.member };
    const s = this.sources[e.row.source];
    return s ? { blob: s.file } : null;
  }

  private async exporting(run: () => Promise<void>): Promise<void> {
    if (this.busy || this.reading) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    this.cancelled = false;
    try {
      // A roster being checked again is in the export as it is now.
      await this.queue;
      await run();
    } finally {
      this.busy = false;
      this.progress = null;
    }
  }

  private saveReply(r: BatchReply): string | null {
    if (r.type === 'file') {
      download(r.name, r.bytes, r.mime);
      return r.name;
    }
    if (r.type === 'error') this.error = r.message;
    return null;
  }

  /** 导出汇总报告: the batch report workbook, with the counts of rosters edited since. */
  exportReport(): Promise<void> {
    return this.exporting(async () => {
      this.progress = { done: 0, total: 1, name: '', what: '正在生成汇总报告' };
      const counts = this.entries.filter((e) => e.now).map((e) => ({ file: e.row.file, errors: (e.now as { errors: number }).errors, warnings: (e.now as { warnings: number }).warnings }));
      let name: string | null = null;
      await this.client.request({ type: 'batch-report', counts }, (r) => (name ??= this.saveReply(r)));
      if (name) this.notice = `已导出汇总报告：${name}`;
    });
  }

  /**
   * Every readable roster read again, one at a time, with progress and 取消 (the batch keeps no
   * files in memory): `send` sends it to the worker with its bytes. Returns the sentences of the
   * rosters that could not be used.
   */
  /** The rosters the user ticked for 合并为一个名单 (by file); null: the default, those sharing a 项目名称. */
  mergePicked = $state.raw<ReadonlySet<string> | null>(null);

  /** Whether a roster goes into 合并为一个名单: ticked, or by default one of two or more with the same 项目名称. */
  forMerge(e: BatchEntry): boolean {
    if (!e.row.summary) return false;
    if (this.mergePicked) return this.mergePicked.has(e.row.file);
    const p = e.row.project.trim();
    return p !== '' && this.entries.some((x) => x !== e && x.row.summary && x.row.project.trim() === p);
  }

  /** Tick or untick a roster for the merge. */
  pickForMerge(e: BatchEntry, on: boolean): void {
    const now = new Set(this.entries.filter((x) => this.forMerge(x)).map((x) => x.row.file));
    if (on) now.add(e.row.file);
    else now.delete(e.row.file);
    this.mergePicked = now;
  }

  /** The rosters to merge, Excel ones first: the merged roster takes the first Excel roster's layout. */
  mergeList(): BatchEntry[] {
    const list = this.readable().filter((e) => this.forMerge(e));
    const csv = (e: BatchEntry) => (/\.csv$/i.test(e.row.name) ? 1 : 0);
    return list.sort((a, b) => csv(a) - csv(b));
  }

  private async eachReadable(what: string, send: (e: BatchEntry, where: BatchBytes) => Promise<void>, only?: BatchEntry[]): Promise<string[]> {
    const list = only ?? this.readable();
    const notes: string[] = [];
    for (let i = 0; i < list.length && !this.cancelled; i++) {
      const e = list[i] as BatchEntry;
      this.progress = { done: i, total: list.length, name: e.row.file, what };
      const where = this.where(e);
      if (!where) notes.push(`${e.row.file}：无法再次读取`);
      else await send(e, where);
    }
    return notes;
  }

  /** What a roster request's replies add to the notes: the worker's sentence, or its error. */
  private static noted(e: BatchEntry, notes: string[]) {
    return (r: BatchReply) => {
      if (r.type === 'batch-ok' && r.note) notes.push(r.note);
      else if (r.type === 'error') notes.push(`${e.row.file}：${r.message}`);
    };
  }

  /** 导出全部校正文件: every roster read again, with its edits and decisions, into one .zip. */
  exportFixed(): Promise<void> {
    return this.exporting(async () => {
      const total = this.readable().length;
      const notes: string[] = [];
      notes.push(...(await this.eachReadable('正在生成校正文件', (e, where) =>
        this.client.request(
          { type: 'batch-fix', file: e.row.file, name: e.row.name, ...(e.row.settings ? { project: e.row.settings } : {}), edits: e.work?.edits ?? [], declined: e.work?.declined ?? [], deleted: e.work?.deleted ?? [], ...where },
          BatchState.noted(e, notes),
        ),
      )));
      if (this.cancelled) {
        this.notice = '已取消导出';
        return;
      }
      let name: string | null = null;
      await this.client.request({ type: 'batch-fix-zip' }, (r) => (name ??= this.saveReply(r)));
      if (name) this.notice = `已导出 ${total - notes.length} 个校正文件：${name}${notes.length ? `；未能写出：${notes.join('；')}` : ''}`;
    });
  }

  /** 合并名单: the rosters chosen for it (Excel ones first), into one roster of one row per person. */
  exportMerged(): Promise<void> {
    return this.exporting(async () => {
      const notes: string[] = [];
      notes.push(...(await this.eachReadable('正在合并', (e, where) =>
        this.client.request({ type: 'batch-merge', file: e.row.file, ...(e.row.settings ? { project: e.row.settings as ProjectSettings } : {}), ...where }, BatchState.noted(e, notes)),
      this.mergeList())));
      if (this.cancelled) {
        this.notice = '已取消合并';
        return;
      }
      let name: string | null = null;
      await this.client.request({ type: 'batch-merge-done' }, (r) => {
        if (r.type === 'batch-merged') this.merged = { rosters: r.rosters, rows: r.rows, people: r.people, errors: r.errors, warnings: r.warnings, disagreements: r.disagreements };
        else name ??= this.saveReply(r);
      });
      const m = this.merged;
      if (name && m) this.notice = `已把 ${m.rosters} 个名单合并为 ${name}：${m.rows} 行，${m.people} 人${m.disagreements.length ? `；${m.disagreements.length} 处同一人填写不一致，已按最先出现的一行写入，请逐一核对（见下方“合并时填写不一致”）` : ''}${notes.length ? `；未能合并：${notes.join('；')}` : ''}`;
    });
  }
}
