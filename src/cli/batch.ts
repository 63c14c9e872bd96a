// roster-check --batch (issue #12): many rosters at once, for a hospital's education office.
// Rosters are read one at a time; only each one's summary, issues and its people's ID keys are
// kept, so a batch of 1,000 rosters stays well under a gigabyte.
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { basename, extname, join } from 'node:path';
import {
  ProfileError,
  ProjectError,
  type Profile,
  type ProjectSettings,
  type Settings,
} from '../lib/core/index';
import { BatchAccumulator } from '../lib/core/batch';
import { unreadableVerdict, verdict, withBatchErrors, type Verdict } from '../lib/core/verdict';
import { Merger } from '../lib/core/merge';
import { ReadError } from '../lib/io/read';
import { correctedFile } from '../lib/io/pipeline';
import { correctedFileName } from '../lib/io/write';
import { ManifestError, ambiguousMessage, matchManifest, missingMessage, readManifest, unlistedMessage, type ManifestEntry } from '../lib/io/manifest';
import { reportIssue, sheetLayout, writeBatchReport, writeMerged, type BatchReportFile, type BatchReportIssue } from '../lib/io/batch';
import { UsageError, engineOptions, parseBatchOptions } from './options';
import { Out } from './out';
import { NESTED_ZIP, ZipError, zipMembers } from './zipin';
import { checkBytes, fileHead, lite, loadFile, processSafely, type FileHead, type IssueOut, type Processed } from './batch-work';
import type { WorkerAnswer, WorkerJob } from './batch-worker';

const USAGE = `用法：roster-check --batch [--json] [--manifest 项目清单.xlsx] [--project 项目.json] [--batch-report 汇总.xlsx]
                    [--merge 合并名单.xlsx] [--fix 输出文件夹] [--profile national|beijing] [--profile-file 方案.json]
                    [--host-province 北京市] [--practical] 文件、文件夹或 .zip ...`;

const ROSTER_EXTS = new Set(['.xlsx', '.xlsm', '.xls', '.csv']);
/** Most files a batch takes (folders are searched recursively; zips count their rosters). */
export const MAX_BATCH_FILES = 20_000;

/** A roster to read: where it is shown as coming from, and how to get its bytes. */
interface Source {
  file: string;
  /** Its file name (a corrected file is named after it). */
  name: string;
  /** A file on disk (a worker thread can read it itself). */
  path?: string;
  load(): Uint8Array | { error: string };
  /** Its project settings: its manifest row's, else --project's (the engine's project rules run on them). */
  project?: ProjectSettings;
}

/** What the batch keeps of one roster. */
interface Kept {
  source: Source;
  error?: string;
  head?: FileHead;
  /** null: too many to keep, worked out again from the file. */
  issues: IssueOut[] | null;
  manifest?: ManifestEntry;
}


/** Every roster under the paths given: files as they are, folders searched, zips opened. */
function collect(paths: string[], unreadable: Kept[]): Source[] {
  const out: Source[] = [];
  const fail = (file: string, error: string) => unreadable.push({ source: { file, name: basename(file), load: () => ({ error }) }, error, issues: [] });
  const add = (s: Source) => {
    if (out.length >= MAX_BATCH_FILES) throw new UsageError(`文件过多：一次最多校验 ${MAX_BATCH_FILES} 个名单，请分批进行`);
    out.push(s);
  };
  const addZip = (path: string) => {
    const bytes = loadFile(path);
    if (!(bytes instanceof Uint8Array)) return fail(path, bytes.error);
    let members;
    try {
      members = zipMembers(bytes);
    } catch (e) {
      if (e instanceof ZipError) return fail(path, e.message);
      throw e;
    }
    for (const m of members) {
      const ext = extname(m.name).toLowerCase();
      const file = `${path}/${m.name}`;
      if (ext === '.zip') fail(file, NESTED_ZIP);
      else if (ROSTER_EXTS.has(ext)) add({ file, name: basename(m.name), load: m.read });
    }
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'zh'));
    } catch {
      return fail(dir, '无法打开这个文件夹');
    }
    for (const n of names) {
      // Hidden files, Excel's lock files (~$名单.xlsx) and links (a link can loop) are skipped.
      if (n.startsWith('.') || n.startsWith('~$')) continue;
      const p = join(dir, n);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const ext = extname(n).toLowerCase();
        if (ext === '.zip') addZip(p);
        else if (ROSTER_EXTS.has(ext)) add({ file: p, name: n, path: p, load: () => loadFile(p) });
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail(p, '找不到文件或无法打开');
      continue;
    }
    if (st.isDirectory()) walk(p);
    else if (extname(p).toLowerCase() === '.zip') addZip(p);
    else add({ file: p, name: basename(p), path: p, load: () => loadFile(p) });
  }
  return out;
}

/** The settings a roster is checked with: the batch's, with the roster's own project. */
function settingsFor(settings: Settings, s: Source): Settings {
  return s.project ? { ...settings, project: s.project } : settings;
}

const json = (v: unknown) => JSON.stringify(v);
const issueLine = (i: IssueOut) =>
  `{"rule":${json(i.rule)},"severity":${json(i.severity)},"row":${i.row === null ? 'null' : i.row},"column":${json(i.column)},"value":${json(i.value)},"message":${json(i.message)},"fix":${json(i.fix)}}`;

/** Worker threads for reading and checking: one per core, at most 4, when the bundle has its worker. */
function workerCount(sources: number): number {
  if (sources < 4 || !existsSync(WORKER_FILE)) return 0;
  return Math.min(4, sources, availableParallelism());
}
const WORKER_FILE = fileURLToPath(new URL('./batch-worker.mjs', import.meta.url));
/** Rosters in flight per worker: enough to keep it busy, few enough to keep memory bounded. */
const IN_FLIGHT = 3;

/**
 * Read and check every source, on worker threads when there are several rosters, and hand the
 * results over in the sources' order (so that the batch's lists come out the same every time).
 */
async function eachProcessed(sources: Source[], profile: Profile, settings: Settings, use: (s: Source, r: Processed) => void): Promise<void> {
  const n = workerCount(sources.length);
  if (n === 0) {
    for (const s of sources) use(s, processSafely(s.load(), s.file, profile, settingsFor(settings, s)));
    return;
  }
  const done = new Map<number, Processed>();
  let next = 0;
  let handed = 0;
  await new Promise<void>((resolve, reject) => {
    const workers = Array.from({ length: n }, () => new Worker(WORKER_FILE, { workerData: { profile, settings } }));
    const send = (w: Worker) => {
      if (next >= sources.length) return;
      const id = next++;
      const s = sources[id] as Source;
      const job: WorkerJob = s.path !== undefined ? { id, file: s.file, path: s.path, project: s.project } : { id, file: s.file, bytes: s.load(), project: s.project };
      w.postMessage(job);
    };
    const finish = (e?: unknown) => {
      for (const w of workers) void w.terminate();
      if (e) reject(e instanceof Error ? e : new Error(String(e)));
      else resolve();
    };
    for (const w of workers) {
      w.on('message', (a: WorkerAnswer) => {
        done.set(a.id, a.result);
        while (done.has(handed)) {
          use(sources[handed] as Source, done.get(handed) as Processed);
          done.delete(handed++);
        }
        if (handed === sources.length) finish();
        else send(w);
      });
      w.on('error', finish);
      for (let k = 0; k < IN_FLIGHT; k++) send(w);
    }
  });
}

export async function runBatch(argv: string[]): Promise<number> {
  try {
    return await batch(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ProfileError || e instanceof ProjectError || e instanceof ManifestError || e instanceof ReadError) {
      const [first, ...rest] = e.message.split('\n');
      process.stderr.write(`roster-check: ${e instanceof ManifestError || e instanceof ReadError ? '项目清单：' : ''}${first}\n${rest.length ? `${rest.join('\n')}\n` : ''}`);
      return 2;
    }
    throw e;
  }
}

async function batch(argv: string[]): Promise<number> {
  const args = parseBatchOptions(argv, USAGE);
  const o = args.values;
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError(`请指定要校验的文件、文件夹或压缩包\n${USAGE}`);
  // The --project file is the default project of rosters the manifest does not name; its
  // "practical": true turns 实操训练类 on for the batch, as --practical does.
  const { profile, settings, project: defaultProject } = engineOptions(o);
  if (o['batch-report'] && extname(o['batch-report']).toLowerCase() !== '.xlsx') throw new UsageError('--batch-report 的输出文件应以 .xlsx 结尾');
  const mergeExt = o.merge ? extname(o.merge).toLowerCase() : '';
  if (o.merge && mergeExt !== '.xlsx' && mergeExt !== '.csv') throw new UsageError('--merge 的输出文件应以 .xlsx 或 .csv 结尾');

  let manifest: ManifestEntry[] | null = null;
  if (o.manifest) {
    const bytes = loadFile(o.manifest);
    if (!(bytes instanceof Uint8Array)) throw new ManifestError(`${o.manifest}：${bytes.error}`);
    manifest = readManifest(bytes);
  }

  // 1. Read and check each roster, one at a time; keep its summary, issues and people's IDs.
  const kept: Kept[] = [];
  const sources = collect(args.positionals, kept);
  // Each manifest row names one file, by its name or its path (a bare name found in two folders is
  // reported, never guessed); files that could not even be opened count as found.
  const candidates = [...kept.map((k) => k.source), ...sources];
  const match = matchManifest(manifest ?? [], candidates.map((s) => s.file));
  const entryOf = new Map<Source, ManifestEntry>();
  candidates.forEach((s, i) => {
    const m = match.entryOf[i];
    if (m) entryOf.set(s, m);
  });
  for (const k of kept) k.manifest = entryOf.get(k.source);
  const manifestNotes = [...match.notes];
  for (const m of manifest ?? []) for (const p of m.problems) manifestNotes.push({ row: m.row, file: m.path, message: p });
  manifestNotes.sort((a, b) => a.row - b.row);
  const ambiguousFiles = new Set(match.ambiguous.flatMap((a) => a.files));
  for (const s of sources) s.project = entryOf.get(s)?.project ?? defaultProject ?? undefined;
  const acc = new BatchAccumulator();
  await eachProcessed(sources, profile, settings, (source, r) => {
    const m = entryOf.get(source);
    if ('error' in r) {
      kept.push({ source, error: r.error, issues: [], manifest: m });
      return;
    }
    kept.push({ source, head: r.head, issues: r.issues, manifest: m });
    acc.add(source.file, r.people, source.project ?? null, m?.name || source.name);
  });
  const result = acc.result();
  kept.sort((a, b) => a.source.file.localeCompare(b.source.file, 'zh'));
  const readable = kept.filter((k) => k.head);

  // Same-day errors count as the files' own.
  const verdicts = new Map<Kept, Verdict>();
  for (const k of kept) {
    const daily = acc.issuesOf(k.source.file);
    if (k.head && daily.length > 0) k.head.summary.errors += daily.length;
    verdicts.set(k, k.head ? verdict(withBatchErrors(k.head.counts, daily.length)) : unreadableVerdict(k.error ?? ''));
  }
  const verdictOf = (k: Kept) => verdicts.get(k) as Verdict;

  /** A roster's issues, the batch's own after them; worked out again when too many were kept. */
  function* issuesOf(k: Kept): Generator<IssueOut> {
    if (k.issues) yield* k.issues;
    else {
      const c = checkBytes(k.source.load(), profile, settingsFor(settings, k.source));
      if (!('error' in c)) for (const i of c.roster.eachIssue()) yield lite(i);
    }
    yield* acc.issuesOf(k.source.file);
  }

  // Manifest mismatches: rows naming no file found, rows that fit several, and files with no row.
  const missingFiles = match.missing.map((m) => ({ row: m.row, file: m.path }));
  const ambiguous = match.ambiguous.map((a) => ({ row: a.entry.row, file: a.entry.path, files: a.files }));
  const unlisted = manifest ? kept.filter((k) => !k.manifest && !ambiguousFiles.has(k.source.file) && ROSTER_EXTS.has(extname(k.source.name).toLowerCase())).map((k) => k.source.file) : [];
  const manifestLines = [
    ...missingFiles.map((m) => missingMessage(m.row, m.file)),
    ...match.ambiguous.map(ambiguousMessage),
    ...unlisted.map(unlistedMessage),
    ...manifestNotes.map((m) => `项目清单第 ${m.row} 行：${m.message}`),
  ];

  // 2. Files written from the rosters again (the batch keeps no workbooks): corrected files, merge.
  const notes: string[] = [];
  let fixed = 0;
  if (o.fix) {
    mkdirSync(o.fix, { recursive: true });
    const used = new Set<string>();
    for (const k of readable) {
      const bytes = k.source.load();
      const c = checkBytes(bytes, profile, settingsFor(settings, k.source), true);
      if (!(bytes instanceof Uint8Array) || 'error' in c) continue;
      try {
        const written = correctedFile(bytes, c);
        let name = correctedFileName(k.source.name, written.ext);
        for (let n = 2; used.has(name) || existsSync(join(o.fix, name)); n++) name = correctedFileName(`${basename(k.source.name, extname(k.source.name))}（${n}）`, written.ext);
        used.add(name);
        writeFileSync(join(o.fix, name), written.bytes);
        fixed++;
      } catch (e) {
        if (!(e instanceof ReadError)) throw e;
        notes.push(`${k.source.file}：无法写出校正文件：${e.message}`);
      }
    }
  }

  let merge: { file: string; rosters: number; rows: number; people: number; disagreements: Merger['disagreements']; result: FileHead | { error: string } } | null = null;
  if (o.merge && readable.length > 0) {
    let merger: Merger | null = null;
    let layout = {};
    let sheetName = '学员名单';
    let rosters = 0;
    for (const k of readable) {
      const bytes = k.source.load();
      const c = checkBytes(bytes, profile, settingsFor(settings, k.source));
      if (!(bytes instanceof Uint8Array) || 'error' in c) continue;
      const src = { file: k.source.file, rows: c.roster.table(), located: c.located, keyOf: (r: number) => c.roster.idKey(r) };
      if (!merger) {
        merger = new Merger(src);
        if (c.workbook.format !== 'csv') layout = sheetLayout(bytes, c.located.sheetName);
        sheetName = c.located.sheetName;
      }
      merger.add(src);
      rosters++;
    }
    if (merger) {
      const bytes = writeMerged(merger.rows(), mergeExt === '.csv' ? 'csv' : 'xlsx', layout, sheetName);
      writeFileSync(o.merge, bytes);
      const c = checkBytes(bytes, profile, defaultProject ? { ...settings, project: defaultProject } : settings);
      merge = { file: o.merge, rosters, rows: merger.read, people: merger.people, disagreements: merger.disagreements, result: 'error' in c ? c : fileHead(o.merge, profile, c) };
      const d = merger.disagreements;
      process.stderr.write(`roster-check: 已把 ${rosters} 份名单合并为 ${o.merge}：${merger.read} 行，${merger.people} 人` + (d.length > 0 ? `；${d.length} 处同一人填写不一致，已按最先出现的一行写入，请逐一核对：\n` : '\n'));
      for (const x of d.slice(0, 50)) process.stderr.write(`  ${x.id}「${x.column}」：${x.kept.file} 第 ${x.kept.row} 行为“${x.kept.value}”，${x.other.file} 第 ${x.other.row} 行为“${x.other.value}”\n`);
      if (d.length > 50) process.stderr.write(`  ……另有 ${d.length - 50} 处，完整清单请用 --json 输出\n`);
    }
  }

  if (o['batch-report']) {
    const files: BatchReportFile[] = kept.map((k) => {
      const s = k.head?.summary;
      const project = k.manifest?.name ?? '';
      if (!s) return { file: k.source.file, project, attendees: null, outOfProvince: null, grassroots: null, share: '', errors: null, warnings: null, verdict: verdictOf(k) };
      return { file: k.source.file, project, attendees: s.attendees, outOfProvince: s.outOfProvince, grassroots: s.grassroots, share: s.shareText, errors: s.errors, warnings: s.warnings, verdict: verdictOf(k) };
    });
    const reportNotes = [...manifestLines, ...notes];
    function* all(): Generator<BatchReportIssue> {
      for (const k of readable) {
        for (const i of issuesOf(k)) {
          yield reportIssue(k.source.file, i);
        }
      }
    }
    writeFileSync(o['batch-report'], writeBatchReport({ files, duplicates: result.duplicates, sameDay: result.sameDay, issues: all(), notes: reportNotes }));
  }

  // 3. Output.
  const out = new Out();
  if (o.json) {
    out.write('{\n"files": [');
    kept.forEach((k, n) => {
      out.write(n === 0 ? '\n' : ',\n');
      const project = k.manifest ? { name: k.manifest.name, level: k.manifest.level, ...(k.manifest.project ?? {}) } : undefined;
      const v = verdictOf(k);
      const shown = { code: v.code, text: v.text };
      if (!k.head) {
        out.write(JSON.stringify({ file: k.source.file, error: k.error, verdict: shown, ...(project ? { project } : {}) }));
        return;
      }
      const { counts: _counts, ...head } = k.head;
      const text = JSON.stringify({ ...head, verdict: shown, ...(project ? { project } : {}) });
      out.write(`${text.slice(0, -1)},"issues":[`);
      let first = true;
      for (const i of issuesOf(k)) {
        out.write(`${first ? '\n' : ',\n'}${issueLine(i)}`);
        first = false;
      }
      out.write(']}');
    });
    const batchJson: Record<string, unknown> = { files: kept.length, readable: readable.length, people: result.people, duplicates: result.duplicates, sameDay: result.sameDay };
    if (manifest) batchJson['manifest'] = { missingFiles, ambiguous, unlisted, problems: manifestNotes };
    out.write(`\n],\n"batch": ${JSON.stringify(batchJson)}`);
    if (merge) out.write(`,\n"merge": ${JSON.stringify(merge)}`);
    out.write('\n}\n');
  } else {
    const count = (code: Verdict['code']) => kept.filter((k) => verdictOf(k).code === code).length;
    out.write(`批量校验：共 ${kept.length} 个文件，可读取 ${readable.length} 个，学员 ${result.people} 人（按证件号码计）；可以上传 ${count('ready')} 个，导出后可以上传 ${count('export')} 个，需修改 ${count('fix')} 个，无法读取 ${count('unreadable')} 个\n`);
    for (const k of kept) {
      const s = k.head?.summary;
      const v = verdictOf(k);
      out.write(`  ${k.source.file}\t${s ? `学员 ${s.attendees} 人\t占比 ${s.shareText}\t错误 ${s.errors} 处\t警告 ${s.warnings} 处\t` : ''}${v.label}${v.code === 'ready' ? '' : `：${v.text}`}\n`);
    }
    const list = <T>(title: string, items: T[], line: (x: T) => string, max = 100) => {
      out.write(`\n${title}\n`);
      for (const x of items.slice(0, max)) out.write(`  ${line(x)}\n`);
      if (items.length > max) out.write(`  ……另有 ${items.length - max} 条，完整清单请用 --json 或 --batch-report 输出\n`);
    };
    const at = (occ: { file: string; row: number }[]) => occ.map((x) => `${x.file} 第 ${x.row} 行`).join('；');
    list(`同一天学分超过 2 分（错误）：${result.sameDay.length} 条`, result.sameDay, (s) => `${s.name}（${s.id}）${s.date} 共 ${s.credits} 学分：${at(s.occurrences)}`);
    list(`在多份名单中出现的学员（提示）：${result.duplicates.length} 人`, result.duplicates, (d) => `${d.names.join('/')}（${d.id}）：${at(d.occurrences)}`);
    if (manifest) {
      list(`项目清单：${manifestLines.length} 处需核对`, manifestLines, (x) => x);
    }
    if (merge && !('error' in merge.result)) out.write(`\n合并名单 ${merge.file}：学员 ${merge.result.summary.attendees} 人，错误 ${merge.result.summary.errors} 处，警告 ${merge.result.summary.warnings} 处；填写不一致 ${merge.disagreements.length} 处\n`);
    if (o.fix) out.write(`\n已写出校正文件 ${fixed} 个到 ${o.fix}\n`);
    if (o['batch-report']) out.write(`已写出汇总报告：${o['batch-report']}\n`);
  }
  out.flush();
  for (const n of notes) process.stderr.write(`roster-check: ${n}\n`);
  for (const k of kept) if (!k.head) process.stderr.write(`roster-check: ${k.source.file}：${k.error}\n`);
  if (readable.length === 0) return 2;
  // The exit code follows the rosters as given; with --fix, the files written.
  return kept.some((k) => !k.head || (o.fix ? verdictOf(k).code === 'fix' : k.head.summary.errors > 0)) ? 1 : 0;
}
