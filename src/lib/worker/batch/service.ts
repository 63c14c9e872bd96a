// The batch engine (issue #12), the only one (issue #21): many rosters, read and checked one at a
// time, for the page (its two batch workers, batch.worker.ts) and for the command line (its
// checking threads and its keeper, src/cli/batch.ts). Each roster's summary, its issues and its
// people's IDs are kept in a BatchAccumulator, never its workbook; zips are kept as they came (the
// batch's "disk") and a roster is read again for every export.
import type { HeaderMatch } from '../../core/locate';
import { matchedColumns } from '../../core/columns';
import { LocateError, builtinProfile, type Profile, type ProjectSettings, type Settings, type CellKey } from '../../core/index';
import { BatchAccumulator, peopleOf as rosterPeople, type BatchPerson } from '../../core/batch';
import { Merger } from '../../core/merge';
import { colOfKey, rowOfKey } from '../../core/types';
import { LARGE_CSV_BUDGET, ReadError } from '../../io/read';
import { checkFile, correctedFile, unexpectedError, type Checked } from '../../io/pipeline';
import { correctedFileName, correctedZipPath, exportFileName } from '../../io/write';
import { formatPercent } from '../../core/rules/share';
import { batchVerdict, verdictInput } from '../../core/verdict';
import { KEEP_ISSUES } from '../../core/files';
import { ManifestError, ambiguousMessage, matchManifest, missingMessage, readManifest, unlistedMessage, type ManifestEntry, type ManifestMatch } from '../../io/manifest';
import { reportIssue, sheetLayout, writeBatchReport, writeMerged, type BatchReportFile, type BatchReportIssue } from '../../io/batch';
import { writePackage } from '../../io/package';
import { NESTED_ZIP, ZipError, readZipEntry, zipMembers, type ZipMember } from '../../io/zip-batch';
import { engineSettings, profileOf } from '../service';
import { XLSX_MIME, type BatchBytes, type BatchChecked, type BatchFileRow, type BatchEntryAt, type BatchHandOver, type BatchIssue, type BatchMember, type BatchOutcome, type BatchReply, type BatchRequest, type BatchWork, type Edit, type ManualProject, type PageSettings } from '../protocol';
import { fileKind, isRosterName, isZipName } from '../../core/files';
import type { Issue } from '../../core/types';

type Post = (reply: BatchReply, transfer?: Transferable[]) => void;

export { KEEP_ISSUES };
/**
 * Issues kept for the report across the whole batch (~250 bytes each once they have crossed
 * between the workers: ~50 MB); 1,000 rosters of 20,000 would be gigabytes. Rosters past it (in
 * the page's order) are counted in the report's notes, as a roster over KEEP_ISSUES is.
 */
export const KEEP_BATCH_ISSUES = 200_000;
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

interface Kept {
  row: BatchFileRow;
  issues: BatchIssue[];
  /** Issues not kept (over KEEP_ISSUES). */
  more: number;
}

/** The people of a checked roster, as the batch needs them. */
const peopleOf = (c: Checked): BatchPerson[] => rosterPeople(c.roster, c.located);

/** Roster errors named in the table, at most. */
const ROSTER_ERRORS = 3;
/**
 * A checked roster's issues as the report keeps them, at most `limit` (the rest counted in `more`),
 * and its errors with no row (count, share, project settings: they come first among its issues),
 * which the table names whatever the limit.
 */
function keptIssues(c: Checked, limit: number): { issues: BatchIssue[]; more: number; rosterErrors: string[] } {
  const issues: BatchIssue[] = [];
  const rosterErrors: string[] = [];
  let more = 0;
  let leading = true;
  for (const i of c.roster.eachIssue()) {
    if (leading && (i.row !== null || rosterErrors.length >= ROSTER_ERRORS)) leading = false;
    if (leading && i.severity === 'error') rosterErrors.push(i.message);
    if (issues.length >= limit) more++;
    else issues.push(lite(i));
  }
  return { issues, more, rosterErrors };
}

/** Whether a file that is no roster is a 项目清单: its header has 文件, 项目名称 and 开始日期. */
function isManifest(bytes: Uint8Array): boolean {
  try {
    return readManifest(bytes).length >= 0;
  } catch (e) {
    // Its header found, a column missing: still a manifest (its problem is said where it is used).
    return e instanceof ManifestError && e.message.includes('缺少');
  }
}

/** An issue as the batch keeps it. */
export const lite = (i: Issue): BatchIssue => ({ rule: i.rule, severity: i.severity, row: i.row, column: i.column, value: i.value, message: i.message, fix: i.fix });

/**
 * Frees a buffer at once where the browser can (ArrayBuffer.prototype.transfer): a roster's file
 * and its unzipped parts are the batch's largest garbage, and a worker otherwise holds some 30 MB
 * of them until the collector runs. Never `kept` (a zip's bytes, read again for the exports).
 */
function release(bytes: Uint8Array, kept: ArrayBufferLike | undefined): void {
  const buffer = bytes.buffer as ArrayBufferLike & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
  if (buffer === kept || typeof buffer.transfer !== 'function' || buffer.detached !== false) return;
  buffer.transfer(0);
}

export class BatchService {
  private settings: PageSettings = { level: 'national', hostProvince: '', practical: false };
  private profile: Profile = builtinProfile('national');
  private acc = new BatchAccumulator();
  /** The manifest's rows and how they fit the batch's files (null: no manifest). */
  private manifest: { entries: ManifestEntry[]; match: ManifestMatch; byFile: Map<string, ManifestEntry>; files: boolean; name: string } | null = null;
  /** Files in zips that are not read, each with the reason. */
  private skipped: { file: string; reason: string }[] = [];
  /** Files found to be a 项目清单 by their header (never kept as rosters). */
  private manifestsFound: BatchFileRow[] = [];
  /** The command line's profile and settings, when it drives the batch (else the page's settings make them). */
  private fixedEngine: { profile: Profile; settings: Settings; columns?: HeaderMatch[] } | null = null;
  private kept = new Map<string, Kept>();
  private zips = new Map<number, Uint8Array>();
  /** The rosters of each zip opened (`batch-open`), by their place among them. */
  private members = new Map<number, ZipMember[]>();
  /** How many rosters a source has, when not one: a zip opened (its rosters are kept one by one). */
  private parts = new Map<number, number>();
  private fixed = new Map<string, Uint8Array>();
  /** Entries of each list per message of the batch's result (`batch-part`). */
  listPart = 1000;
  /** Reads a file the page handed over (FileReaderSync in the worker); null: none can be read here. */
  readBlob: ((blob: Blob) => Uint8Array | { error: string }) | null = null;
  /** Issues kept across the batch, and at most how many. */
  private keptIssues = 0;
  keepIssues = KEEP_BATCH_ISSUES;
  /** Set when linked to the other batch worker: hands what it checked to the keeper. */
  forward: ((h: BatchHandOver) => void) | null = null;
  /** Checked rosters handed over ahead of an earlier one, by source and place in its zip. */
  private arrived = new Map<number, Map<number, BatchChecked[]>>();
  /** The next source to keep, and the next of its zip's rosters (kept in that order). */
  private nextSource = 0;
  private nextSub = 0;
  private gathering: { id: number; sources: number[]; subs: number[] } | null = null;
  private merger: { m: Merger; rosters: number; layout: ReturnType<typeof sheetLayout>; sheet: string; csv: boolean; first: string } | null = null;

  constructor(private readonly post: Post) {}

  handle(req: BatchRequest): void {
    try {
      switch (req.type) {
        case 'batch-start':
          return this.start(req.id, req.settings, req.engine);
        case 'batch-manifest':
          return this.readManifest(req.id, req.name, this.bytesOf(req), req.files ?? []);
        case 'batch-check': {
          const items: BatchChecked[] = [];
          if ('member' in req) items.push(this.checkMember(req.source, req.sub, req.file, req.member, new Uint8Array(req.bytes), req.refused, req.at));
          else items.push(this.checkOne({ source: req.source, file: req.file, name: baseName(req.file) }, req.refused !== undefined ? { error: req.refused } : new Uint8Array(req.bytes)));
          // Only the table rows go back to the page; the rest goes straight to the keeper.
          const rows = items.map((x) => x.row);
          const h: BatchHandOver = { source: req.source, ...('member' in req ? { sub: req.sub } : {}), items };
          if (req.keep === 'here') this.receive(h);
          else if (this.forward) this.forward(h);
          else throw new Error('batch workers not linked');
          return void this.post({ id: req.id, type: 'batch-rows', rows });
        }
        case 'batch-open':
          return this.open(req.id, req.source, req.file, new Uint8Array(req.bytes), req.refused);
        case 'batch-gather':
          this.gathering = { id: req.id, sources: req.sources, subs: req.subs ?? [] };
          return this.keepArrived();
        case 'batch-finish': {
          // The long lists go in parts, each its own message: the page never unpacks them in one long task.
          const o = this.outcome();
          const n = this.listPart;
          for (let i = n; i < Math.max(o.sameDay.length, o.duplicates.length); i += n) this.post({ id: req.id, type: 'batch-part', sameDay: o.sameDay.slice(i, i + n), duplicates: o.duplicates.slice(i, i + n) });
          return void this.post({ id: req.id, type: 'batch-result', outcome: { ...o, sameDay: o.sameDay.slice(0, n), duplicates: o.duplicates.slice(0, n) } });
        }
        case 'batch-report':
          return this.report(req.id, req.counts);
        case 'batch-bytes':
          return this.memberBytes(req.id, req.source, req.member);
        case 'batch-fix':
          return this.fix(req.id, req, req.file, req.name, req.project, req.edits, req.declined, req.deleted ?? []);
        case 'batch-recheck':
          return this.recheck(req.id, req, req.file, req.manual, req);
        case 'batch-fix-zip':
          return this.fixZip(req.id);
        case 'batch-merge':
          return this.mergeAdd(req.id, req, req.file, req.project);
        case 'batch-merge-done':
          return this.mergeDone(req.id, req.as);
      }
    } catch (e) {
      const err = e instanceof ReadError || e instanceof ManifestError || e instanceof ZipError ? e : unexpectedError('处理这批名单', e);
      this.post({ id: req.id, type: 'error', kind: 'batch', message: err.message });
    }
  }

  private start(id: number, settings: PageSettings, engine?: { profile: Profile; settings: Settings; columns?: HeaderMatch[] }): void {
    this.settings = engine ? { ...settings, ...(engine.settings.project ? { project: engine.settings.project } : {}) } : settings;
    this.fixedEngine = engine ?? null;
    this.profile = engine ? engine.profile : profileOf(settings);
    this.acc = new BatchAccumulator();
    this.manifest = null;
    this.manifestsFound = [];
    this.skipped = [];
    this.kept.clear();
    this.keptIssues = 0;
    this.arrived.clear();
    this.nextSource = 0;
    this.nextSub = 0;
    this.gathering = null;
    this.zips.clear();
    this.members.clear();
    this.parts.clear();
    this.fixed.clear();
    this.merger = null;
    this.post({ id, type: 'batch-ok' });
  }

  private engine(project: ProjectSettings | undefined): Settings {
    const s = this.fixedEngine ? { ...this.fixedEngine.settings } : engineSettings(this.settings, this.profile);
    if (project) s.project = project;
    else delete s.project;
    return s;
  }

  /**
   * The 项目清单 and which roster each row names, among `files` (every roster of the batch, as
   * shown): a bare name that fits two files is ambiguous and names neither (io/manifest).
   */
  private readManifest(id: number, name: string, bytes: Uint8Array | { error: string }, files: string[]): void {
    if (!(bytes instanceof Uint8Array)) return void this.post({ id, type: 'batch-manifest', rows: 0, problems: ['无法读取项目清单，请确认文件没有被其他程序占用'] });
    const entries = readManifest(bytes);
    const match = matchManifest(entries, files);
    const byFile = new Map<string, ManifestEntry>();
    files.forEach((f, i) => {
      const m = match.entryOf[i];
      if (m) byFile.set(f, m);
    });
    this.manifest = { entries, match, byFile, files: files.length > 0, name };
    this.post({ id, type: 'batch-manifest', rows: entries.length, problems: this.manifestParts().problems.map((p) => `项目清单第 ${p.row} 行：${p.message}`), named: [...byFile.keys()] });
  }

  /** The manifest row of a roster (by its path as shown). */
  private entryOf(file: string): ManifestEntry | undefined {
    const m = this.manifest;
    if (!m) return undefined;
    // Not told the batch's files (a driver that gives them one by one): each file matched alone.
    return m.files ? m.byFile.get(file) : matchManifest(m.entries, [file]).entryOf[0];
  }

  /** How the manifest fits the batch: as matched against the files given, else against those kept. */
  private match(): ManifestMatch | null {
    const m = this.manifest;
    if (!m) return null;
    return m.files ? m.match : matchManifest(m.entries, [...this.kept.keys()]);
  }

  /**
   * A zip opened for both workers to check its rosters (`batch-open`): kept here, its rosters listed
   * (as `read` reads them: other files left out, a zip inside refused). A zip that cannot be read
   * is one unreadable row, kept now.
   */
  private open(id: number, source: number, file: string, bytes: Uint8Array, refused: string | undefined): void {
    let members: ZipMember[] | { error: string };
    if (refused !== undefined) members = { error: refused };
    else {
      try {
        members = zipMembers(bytes);
      } catch (e) {
        if (!(e instanceof ZipError)) throw e;
        members = { error: e.message };
      }
    }
    if (!Array.isArray(members)) {
      const x = this.checkOne({ source, file, name: baseName(file) }, members);
      this.receive({ source, items: [x] });
      return void this.post({ id, type: 'batch-rows', rows: [x.row] });
    }
    const rosters = members.filter((m) => isZipName(m.name) || isRosterName(m.name));
    // The zip's other files are listed with the reason they are not read, never dropped silently.
    for (const m of members) {
      const k = fileKind(m.name);
      if (k.kind === 'other') this.skipped.push({ file: `${file}/${m.name}`, reason: k.reason });
    }
    this.zips.set(source, bytes);
    this.members.set(source, rosters);
    this.parts.set(source, rosters.length);
    const list: BatchMember[] = rosters.map((m) => {
      const refused = m.refused ?? (isZipName(m.name) ? NESTED_ZIP : undefined);
      return { member: m.name, at: m.at, ...(refused !== undefined ? { refused } : {}) };
    });
    this.post({ id, type: 'batch-members', members: list });
    // A zip with no roster: what came after it is kept now.
    this.keepArrived();
  }

  /** One roster of a zip opened: from the zip kept here, or from its stored bytes (`at`) read by the other worker. */
  private checkMember(source: number, sub: number, zip: string, member: string, bytes: Uint8Array, refused: string | undefined, at: BatchEntryAt | undefined): BatchChecked {
    const where = { source, member, file: `${zip}/${member}`, name: baseName(member) };
    if (refused !== undefined) return this.checkOne(where, { error: refused });
    if (at) {
      const got = readZipEntry(bytes, at);
      // The stored bytes are garbage once inflated (a roster stored as it is: they are the roster).
      if (!(got instanceof Uint8Array) || got.buffer !== bytes.buffer) release(bytes, undefined);
      return this.checkOne(where, got);
    }
    const m = this.members.get(source)?.[sub];
    return this.checkOne(where, m?.name === member ? m.read() : { error: '找不到这个文件' });
  }

  /** Read and check one roster: its table row, issues and people (nothing is kept here). */
  private checkOne(at: { source: number; member?: string; file: string; name: string }, bytes: Uint8Array | { error: string }): BatchChecked {
    const m = this.entryOf(at.file);
    const project = m?.project ?? this.settings.project;
    const row: BatchFileRow = { file: at.file, name: at.name, source: at.source, project: m?.name ?? '', inManifest: m !== undefined, summary: null, ...(m ? { level: m.level } : {}), ...(at.member !== undefined ? { member: at.member } : {}), ...(project ? { settings: project } : {}), ...(m?.project ? { origin: 'manifest' as const } : {}) };
    const c = this.check(bytes, project);
    if ('error' in c) {
      row.error = c.error;
      // A 项目清单 (文件, 项目名称, 开始日期 in its header) is never checked as a roster.
      if (bytes instanceof Uint8Array && isManifest(bytes)) {
        row.manifest = true;
        row.error = '这是一份项目清单，不是名单';
      }
      return { row, issues: [], more: 0, people: [] };
    }
    try {
      // (bytes that could not be had give no Checked: they are bytes here.)
      return this.keepOf(row, c, bytes as Uint8Array);
    } finally {
      // Nothing of the file is kept past here: its bytes and parts are freed now.
      const zip = this.zips.get(at.source)?.buffer;
      if (bytes instanceof Uint8Array) release(bytes, zip);
      for (const part of c.pkg?.parts.values() ?? []) release(part, zip);
    }
  }

  /** What the batch keeps of a checked roster: its table row, issues and people. */
  private keepOf(row: BatchFileRow, c: Checked, bytes: Uint8Array, limit = KEEP_ISSUES, edited = false): BatchChecked {
    const s = c.roster.summary();
    row.summary = { attendees: s.attendees, outOfProvince: s.outOfProvince, grassroots: s.grassroots, outOfProvinceOrGrassroots: s.outOfProvinceOrGrassroots, share: s.share, needMore: s.needMore, errors: s.errors, warnings: s.warnings };
    row.sheet = c.located.sheetName;
    row.headerRow = c.located.headerRow + 1;
    row.columns = matchedColumns(c.located, c.workbook.sheets[c.located.sheetIndex]?.rows[c.located.headerRow] ?? []);
    const rule = this.profile.shareRule;
    row.shareText = formatPercent(s.share, rule.enabled ? rule.min : undefined);
    row.verdict = verdictInput(s, c.roster.rosterIssues(), { exportName: exportFileName(row.name, bytes, c), csv: c.workbook.format === 'csv', edited });
    const { issues, more, rosterErrors } = keptIssues(c, limit);
    if (rosterErrors.length > 0) row.rosterErrors = rosterErrors;
    return { row, issues, more, people: peopleOf(c) };
  }

  /** A file's rosters checked (by this worker or the other one): kept in source order. */
  receive(h: BatchHandOver): void {
    const by = this.arrived.get(h.source) ?? new Map<number, BatchChecked[]>();
    by.set(h.sub ?? 0, h.items);
    this.arrived.set(h.source, by);
    this.keepArrived();
  }

  private keepArrived(): void {
    for (;;) {
      // Past a source's last roster (a file has one; a zip opened, as many as it listed, maybe none).
      if (this.nextSub >= (this.parts.get(this.nextSource) ?? 1)) {
        this.arrived.delete(this.nextSource++);
        this.nextSub = 0;
        continue;
      }
      const by = this.arrived.get(this.nextSource);
      const items = by?.get(this.nextSub);
      if (!by || !items) break;
      by.delete(this.nextSub++);
      for (const x of items) this.keep(x);
    }
    const g = this.gathering;
    const kept = (s: number, sub: number) => s < this.nextSource || (s === this.nextSource && sub < this.nextSub) || this.arrived.get(s)?.has(sub) === true;
    if (!g || !g.sources.every((s, i) => kept(s, g.subs[i] ?? 0))) return;
    // Everything the page had checked is here: what came after a roster not read (取消) is kept too.
    this.gathering = null;
    for (const s of [...this.arrived.keys()].sort((a, b) => a - b)) {
      const by = this.arrived.get(s) as Map<number, BatchChecked[]>;
      for (const sub of [...by.keys()].sort((a, b) => a - b)) for (const x of by.get(sub) as BatchChecked[]) this.keep(x);
      if (by.size > 0 && s >= this.nextSource) {
        this.nextSource = s + 1;
        this.nextSub = 0;
      }
    }
    this.arrived.clear();
    this.post({ id: g.id, type: 'batch-ok' });
  }

  /** Keep a checked roster: its line, its issues and its people in the accumulator. */
  private keep(x: BatchChecked): void {
    if (x.row.manifest) return void this.manifestsFound.push(x.row);
    const room = Math.max(0, this.keepIssues - this.keptIssues);
    const issues = x.issues.length > room ? x.issues.slice(0, room) : x.issues;
    this.keptIssues += issues.length;
    this.kept.set(x.row.file, { row: x.row, issues, more: x.more + x.issues.length - issues.length });
    if (x.row.summary) this.acc.add(x.row.file, x.people, x.row.settings ?? null, x.row.project || x.row.name);
  }

  /** Read and check bytes; any failure is one Chinese sentence (a file never stops the batch). */
  private check(bytes: Uint8Array | { error: string }, project: ProjectSettings | undefined, retain = false): Checked | { error: string } {
    if (!(bytes instanceof Uint8Array)) return bytes;
    try {
      // The command line takes a CSV as large as Excel opens; the page, the workbook's limits.
      return checkFile(bytes, this.profile, this.engine(project), { ...(this.fixedEngine ? { budget: LARGE_CSV_BUDGET } : {}), ...(this.fixedEngine?.columns?.length ? { byHeader: this.fixedEngine.columns } : {}), roster: { retainIssues: retain } });
    } catch (e) {
      if (e instanceof ReadError || e instanceof LocateError) return { error: e.message };
      return { error: '读取这个文件时程序出错，无法校验；请在 Excel 中打开并另存为 .xlsx 后再试' };
    }
  }

  /** What the manifest did not match, and its own problems, in the command line's order. */
  private manifestParts(): NonNullable<BatchOutcome['manifestParts']> {
    const m = this.manifest;
    const match = this.match();
    if (!m || !match) return { missingFiles: [], ambiguous: [], unlisted: [], problems: [] };
    const ambiguousFiles = new Set(match.ambiguous.flatMap((a) => a.files));
    const problems = [...match.notes];
    for (const e of m.entries) for (const p of e.problems) problems.push({ row: e.row, file: e.path, message: p });
    problems.sort((a, b) => a.row - b.row);
    return {
      missingFiles: match.missing.map((e) => ({ row: e.row, file: e.path })),
      ambiguous: match.ambiguous.map((a) => ({ row: a.entry.row, file: a.entry.path, files: a.files })),
      unlisted: [...this.kept.values()].filter((k) => !k.row.inManifest && !ambiguousFiles.has(k.row.file) && isRosterName(k.row.name)).map((k) => k.row.file),
      problems,
    };
  }

  private outcome(): BatchOutcome {
    const r = this.acc.result();
    const daily: [string, number][] = [];
    for (const file of this.kept.keys()) {
      const n = this.acc.issuesOf(file).length;
      if (n > 0) daily.push([file, n]);
    }
    const manifest: string[] = [];
    const parts = this.manifest ? this.manifestParts() : undefined;
    const match = this.match();
    if (parts && match) {
      manifest.push(...parts.missingFiles.map((x) => missingMessage(x.row, x.file)), ...match.ambiguous.map(ambiguousMessage), ...parts.unlisted.map(unlistedMessage), ...parts.problems.map((x) => `项目清单第 ${x.row} 行：${x.message}`));
    }
    // Manifests found by their header: the one in use is not listed; another is 未使用.
    const found = this.manifestsFound.filter((f) => f.file !== this.manifest?.name);
    if (this.manifest) manifest.push(...found.map((f) => `${f.file}：也是一份项目清单，未使用（已使用 ${this.manifest?.name ?? ''}）`));
    return { people: r.people, duplicates: r.duplicates, sameDay: r.sameDay, daily, manifest, ...(parts ? { manifestParts: parts } : {}), manifests: found.map((f) => ({ file: f.file, source: f.source, ...(f.member !== undefined ? { member: f.member } : {}) })), skipped: this.skipped };
  }

  private report(id: number, counts: { file: string; errors: number; warnings: number }[]): void {
    const edited = new Map(counts.map((c) => [c.file, c]));
    const outcome = this.outcome();
    const files: BatchReportFile[] = [...this.kept.values()].map(({ row }) => {
      const s = row.summary;
      const daily = this.acc.issuesOf(row.file).length;
      const now = edited.get(row.file);
      const verdict = batchVerdict(row, daily, now);
      if (!s) return { file: row.file, project: row.project, attendees: null, outOfProvince: null, grassroots: null, share: '', errors: null, warnings: null, verdict };
      const errors = (now ? now.errors : s.errors) + daily;
      return { file: row.file, project: row.project, attendees: s.attendees, outOfProvince: s.outOfProvince, grassroots: s.grassroots, share: row.shareText ?? '', errors, warnings: now ? now.warnings : s.warnings, verdict };
    });
    const kept = this.kept;
    const acc = this.acc;
    const notes = [...outcome.manifest];
    // Rosters edited on the page are checked again when the user leaves them (recheck): their
    // issues here are as they are now. `counts` are those that could not be read again.
    if (counts.length > 0) notes.push(`有 ${counts.length} 个名单在页面上修改过但未能再次读取：汇总中的错误和警告数是修改后的，“全部问题”中仍是读取时的问题`);
    function* all(): Generator<BatchReportIssue> {
      for (const k of kept.values()) {
        for (const i of k.issues) yield reportIssue(k.row.file, i);
        for (const i of acc.issuesOf(k.row.file)) yield reportIssue(k.row.file, i);
      }
    }
    const manual = [...kept.values()].filter((k) => k.row.origin === 'manual').map((k) => k.row.file);
    if (manual.length > 0) notes.push(`有 ${manual.length} 个名单的项目设置是在页面上逐个填写的（优先于项目清单）：${manual.slice(0, 20).join('、')}${manual.length > 20 ? ' 等' : ''}`);
    for (const k of kept.values()) if (k.more > 0) notes.push(`${k.row.file}：另有 ${k.more} 处问题未列入“全部问题”（报告最多列出每个名单 ${KEEP_ISSUES} 处、全部名单合计 ${KEEP_BATCH_ISSUES} 处），打开这个名单可以看到全部问题`);
    const bytes = writeBatchReport({ files, duplicates: outcome.duplicates, sameDay: outcome.sameDay, issues: all(), notes });
    const buffer = bytes.buffer as ArrayBuffer;
    this.post({ id, type: 'file', name: '批量校验汇总.xlsx', bytes: buffer, mime: XLSX_MIME, note: '' }, [buffer]);
  }

  private bytesOf(b: BatchBytes): Uint8Array | { error: string } {
    if ('bytes' in b) return new Uint8Array(b.bytes);
    if ('blob' in b) return this.readBlob ? this.readBlob(b.blob) : { error: '无法读取这个文件，请确认文件没有被其他程序占用' };
    const zip = this.zips.get(b.source);
    const m = zip ? zipMembers(zip).find((x) => x.name === b.member) : undefined;
    return m ? m.read() : { error: '找不到这个文件' };
  }

  private memberBytes(id: number, source: number, member: string): void {
    const got = this.bytesOf({ source, member });
    if (!(got instanceof Uint8Array)) return void this.post({ id, type: 'error', kind: 'batch', message: got.error });
    const copy = got.slice();
    this.post({ id, type: 'batch-bytes', name: baseName(member), bytes: copy.buffer as ArrayBuffer }, [copy.buffer as ArrayBuffer]);
  }

  /** A roster read again with the user's edits and decisions, its corrected file kept for the zip. */
  private fix(id: number, where: BatchBytes, file: string, name: string, project: ProjectSettings | undefined, edits: Edit[], declined: CellKey[], deleted: number[]): void {
    const bytes = this.bytesOf(where);
    const c = this.check(bytes, project, true);
    if ('error' in c || !(bytes instanceof Uint8Array)) return void this.post({ id, type: 'batch-ok', note: `${name}：${'error' in c ? c.error : '无法读取'}` });
    applyWork(c, { edits, declined, deleted });
    const out = correctedFile(bytes, c, c.roster.acceptedFixList());
    // Kept under its folders (two departments' 学员通讯录.xlsx stay apart in the zip).
    let path = correctedZipPath(file, correctedFileName(name, out.ext));
    const stem = path.replace(/\.[^./]+$/, '');
    const ext = path.slice(stem.length);
    for (let n = 2; this.fixed.has(path); n++) path = `${stem}（${n}）${ext}`;
    this.fixed.set(path, out.bytes);
    this.post({ id, type: 'batch-ok' });
  }

  /**
   * A roster checked again as it is now: with the settings entered for it on the page (else its
   * manifest row's, else the page's) and the user's work in the workspace. What the batch kept of
   * it (table row, issues for the report, people in the lists across rosters) is replaced.
   */
  private recheck(id: number, where: BatchBytes, file: string, manual: ManualProject | null, work: BatchWork): void {
    const old = this.kept.get(file);
    if (!old?.row.summary) return void this.post({ id, type: 'error', kind: 'batch', message: `${file}：这个名单没有读取成功，无法重新校验` });
    const m = this.entryOf(file);
    const project = manual ? manual.project : (m?.project ?? this.settings.project);
    const bytes = this.bytesOf(where);
    const c = this.check(bytes, project, true);
    if ('error' in c) return void this.post({ id, type: 'error', kind: 'batch', message: `${old.row.file}：${c.error}` });
    applyWork(c, work);
    const { settings: _s, origin: _o, rosterErrors: _e, verdict: _v, shareText: _t, ...rest } = old.row;
    const fresh: BatchFileRow = {
      ...rest,
      summary: null,
      project: manual?.name || (m?.name ?? ''),
      ...(project ? { settings: project } : {}),
      ...(manual ? { origin: 'manual' as const } : m?.project ? { origin: 'manifest' as const } : {}),
    };
    // The batch-wide budget (keep): this roster's old issues make room for its new ones.
    this.keptIssues -= old.issues.length;
    const edited = work.edits.length > 0 || (work.deleted?.length ?? 0) > 0;
    const { row, issues, more, people } = this.keepOf(fresh, c, bytes as Uint8Array, Math.max(0, Math.min(KEEP_ISSUES, this.keepIssues - this.keptIssues)), edited);
    this.keptIssues += issues.length;
    this.kept.set(file, { row, issues, more });
    this.acc.remove(file);
    this.acc.add(file, people, project ?? null, row.project || row.name);
    this.post({ id, type: 'batch-rows', rows: [row] });
  }

  // --- For the command line, which runs the keeper in its own thread and reads what it kept. ---

  /** A zip opened (`batch-open`), as it came. */
  zipOf(source: number): Uint8Array | undefined {
    return this.zips.get(source);
  }

  /** Every roster kept, in the order kept. */
  rows(): BatchFileRow[] {
    return [...this.kept.values()].map((k) => k.row);
  }

  /** 同日超学分 errors of a roster (found across rosters). */
  batchIssuesOf(file: string): BatchIssue[] {
    return this.acc.issuesOf(file).map(lite);
  }

  /** A roster's issues: those kept, or, when more were found than kept, all of them from its bytes again. */
  *issuesOf(file: string, again: () => Uint8Array | { error: string }): Generator<BatchIssue> {
    const k = this.kept.get(file);
    if (!k) return;
    if (k.more === 0) return yield* k.issues;
    const c = this.check(again(), k.row.settings);
    if (!('error' in c)) for (const i of c.roster.eachIssue()) yield lite(i);
  }

  /**
   * The corrected files made by `batch-fix` (name → bytes), handed over and forgotten. The
   * command line writes them side by side in one folder: by their own names, not their paths.
   */
  takeFixed(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [path, bytes] of this.fixed) {
      let name = path.slice(path.lastIndexOf('/') + 1);
      const stem = name.replace(/\.[^.]+$/, '');
      const ext = name.slice(stem.length);
      for (let n = 2; out.has(name); n++) name = `${stem}（${n}）${ext}`;
      out.set(name, bytes);
    }
    this.fixed = new Map();
    return out;
  }

  private fixZip(id: number): void {
    const names = [...this.fixed.keys()];
    const bytes = writePackage(names, new Map(), this.fixed);
    this.fixed = new Map();
    const buffer = bytes.buffer as ArrayBuffer;
    this.post({ id, type: 'file', name: '校正后的名单.zip', bytes: buffer, mime: 'application/zip', note: '' }, [buffer]);
  }

  private mergeAdd(id: number, where: BatchBytes, file: string, project: ProjectSettings | undefined): void {
    const bytes = this.bytesOf(where);
    const c = this.check(bytes, project);
    if ('error' in c || !(bytes instanceof Uint8Array)) return void this.post({ id, type: 'batch-ok', note: `${file}：${'error' in c ? c.error : '无法读取'}` });
    const src = { file, rows: c.roster.table(), located: c.located, keyOf: (r: number) => c.roster.idKey(r) };
    if (!this.merger) {
      const csv = c.workbook.format === 'csv';
      this.merger = { m: new Merger(src), rosters: 0, layout: csv ? {} : sheetLayout(bytes, c.located.sheetName), sheet: c.located.sheetName, csv, first: file };
    }
    this.merger.m.add(src);
    this.merger.rosters++;
    this.post({ id, type: 'batch-ok' });
  }

  private mergeDone(id: number, as?: 'csv' | 'xlsx'): void {
    const g = this.merger;
    this.merger = null;
    if (!g) return void this.post({ id, type: 'error', kind: 'batch', message: '没有可以合并的名单' });
    const kind = as ?? (g.csv ? 'csv' : 'xlsx');
    const bytes = writeMerged(g.m.rows(), kind, g.layout, g.sheet);
    const c = this.check(bytes, this.settings.project);
    const s = 'error' in c ? null : c.roster.summary();
    this.post({ id, type: 'batch-merged', rosters: g.rosters, rows: g.m.read, people: g.m.people, disagreements: g.m.disagreements, errors: s ? s.errors : null, warnings: s ? s.warnings : null });
    const buffer = bytes.buffer as ArrayBuffer;
    this.post({ id, type: 'file', name: `合并名单.${kind}`, bytes: buffer, mime: kind === 'csv' ? 'text/csv' : XLSX_MIME, note: '' }, [buffer]);
  }
}

/** The user's work in the workspace on a roster read again: edits, fix decisions, then deletions (as the workspace's engine applies them). */
function applyWork(c: Checked, work: BatchWork): void {
  const first = c.located.firstDataRow;
  for (const e of work.edits) if (e.r >= first && e.r < c.roster.rowCount && e.c >= 0 && e.c < 16384) c.roster.setCell(e.r, e.c, e.value);
  for (const k of work.declined) if (rowOfKey(k) >= first && rowOfKey(k) < c.roster.rowCount) c.roster.declineFix(rowOfKey(k), colOfKey(k));
  for (const r of work.deleted ?? []) if (Number.isInteger(r) && r >= first && r < c.roster.rowCount) c.roster.deleteRow(r);
}
