// roster-check --batch (issue #12): many rosters at once, for a hospital's education office. The
// command line only drives the page's batch engine (src/lib/worker/batch/service.ts, issue #21):
// it finds the files, hands their bytes to min(cores, 4) checking threads that each run the
// engine as the page's second batch worker does, and one keeper on this thread keeps each
// roster's summary, issues and people in order. Outputs are the keeper's, as on the page.
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { basename, extname, join, resolve } from 'node:path';
import { ProfileError, ProjectError, printable } from '../lib/core/index';
import { batchVerdict, type Verdict } from '../lib/core/verdict';
import { MAX_BATCH_FILES, fileKind, isHiddenName } from '../lib/core/files';
import { ReadError } from '../lib/io/read';
import { ManifestError } from '../lib/io/manifest';
import { MAX_BATCH_ZIP_BYTES } from '../lib/io/zip-batch';
import { BatchService } from '../lib/worker/batch/service';
import type { BatchFileRow, BatchHandOver, BatchIssue, BatchMember, BatchOutcome, BatchReply, BatchRequest, PageSettings } from '../lib/worker/protocol';
import { UsageError, engineOptions, parseBatchOptions } from './options';
import { Out } from './out';
import { loadFile } from './batch-work';
import { arrayBufferOf, type ThreadJob } from './batch-worker';
import { runSignin, signinPlan } from './batch-signin';

const USAGE = `用法：roster-check --batch [--json] [--manifest 项目清单.xlsx] [--project 项目.json] [--batch-report 汇总.xlsx]
                    [--merge 合并名单.xlsx] [--fix 输出文件夹] [--profile national|beijing] [--profile-file 方案.json]
                    [--host-province 北京市] [--practical] [--columns "表头=列名,…"] 文件、文件夹或 .zip ...`;

export { MAX_BATCH_FILES };

/** A file or zip given to the batch, in the order found: a source of the engine. */
interface Source {
  /** Shown as: its path as given, or found in a folder. */
  file: string;
  zip: boolean;
  /** On disk (read by the thread that checks it). */
  path?: string;
  /** Why it cannot be read at all (a folder that cannot be opened, a path not found). */
  refused?: string;
}

/** One roster to check: a file, or a roster of a zip opened by the keeper. */
interface Unit {
  source: number;
  sub?: number;
  member?: BatchMember;
}

/** Every file under the paths given: folders searched (hidden files passed over), each other file listed with the reason it is not read. */
function collect(paths: string[]): { sources: Source[]; skipped: { file: string; reason: string }[] } {
  const sources: Source[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const add = (s: Source) => {
    if (sources.length >= MAX_BATCH_FILES) throw new UsageError(`文件过多：一次最多校验 ${MAX_BATCH_FILES} 个名单，请分批进行`);
    sources.push(s);
  };
  const file = (p: string) => {
    const k = fileKind(p);
    if (k.kind === 'roster' || k.kind === 'zip') add({ file: p, zip: k.kind === 'zip', path: p });
    else if (k.kind === 'other') skipped.push({ file: p, reason: k.reason });
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'zh'));
    } catch {
      return add({ file: dir, zip: false, refused: '无法打开这个文件夹' });
    }
    for (const n of names) {
      if (isHiddenName(n)) continue;
      const p = join(dir, n);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        skipped.push({ file: p, reason: '无法打开' });
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) file(p);
      // A link can loop or lead out of the folder given: named, never followed.
      else skipped.push({ file: p, reason: st.isSymbolicLink() ? '这是一个快捷方式（链接），没有跟随；请把名单本身放进文件夹' : '不是普通文件，未校验' });
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      add({ file: p, zip: false, refused: '找不到文件或无法打开' });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else {
      // A file named on the command line is read whatever its kind (the engine says why not).
      const k = fileKind(p);
      add({ file: p, zip: k.kind === 'zip', path: p });
    }
  }
  return { sources, skipped };
}

/** Checking threads: one per core, at most 4, when there are several rosters and the bundle has its worker. */
function threadCount(units: number): number {
  if (units < 4 || !existsSync(WORKER_FILE)) return 0;
  return Math.min(4, units, availableParallelism());
}
/** Files named like a manifest, read first (a roster whose name merely contains 清单 stays a roster). */
const MANIFEST_NAME = /(清单|manifest)[^/\\]*\.(xlsx|xls|csv)$/i;
const WORKER_FILE = fileURLToPath(new URL('./batch-worker.mjs', import.meta.url));
/** Rosters in flight per thread: enough to keep it busy, few enough to keep memory bounded. */
const IN_FLIGHT = 3;

/** The keeper on this thread: requests answered at once, their replies returned. */
function keeperOf(): { service: BatchService; ask: (body: object) => BatchReply[] } {
  let replies: BatchReply[] = [];
  const service = new BatchService((r) => replies.push(r));
  // Its lists in one reply: nothing here waits on a page.
  service.listPart = Number.MAX_SAFE_INTEGER;
  let id = 0;
  const ask = (body: object): BatchReply[] => {
    replies = [];
    service.handle({ ...body, id: ++id } as unknown as BatchRequest);
    const error = replies.find((r) => r.type === 'error');
    if (error && error.type === 'error' && (body as { type?: string }).type === 'batch-manifest') throw new ManifestError(error.message);
    return replies;
  };
  return { service, ask };
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

const json = (v: unknown) => JSON.stringify(v);
const issueLine = (i: BatchIssue) =>
  `{"rule":${json(i.rule)},"severity":${json(i.severity)},"row":${i.row === null ? 'null' : i.row},"column":${json(i.column)},"value":${json(i.value)},"message":${json(i.message)},"fix":${json(i.fix)}}`;

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
  const { profile, settings, columns } = engineOptions(o);
  if (o['batch-report'] && extname(o['batch-report']).toLowerCase() !== '.xlsx') throw new UsageError('--batch-report 的输出文件应以 .xlsx 结尾');
  const mergeExt = o.merge ? extname(o.merge).toLowerCase() : '';
  if (o.merge && mergeExt !== '.xlsx' && mergeExt !== '.csv') throw new UsageError('--merge 的输出文件应以 .xlsx 或 .csv 结尾');
  let manifestBytes: Uint8Array | null = null;
  if (o.manifest) {
    const got = loadFile(o.manifest);
    if (!(got instanceof Uint8Array)) throw new ManifestError(`${o.manifest}：${got.error}`);
    manifestBytes = got;
  }

  // 1. The files, and the zips opened by the keeper (it keeps them for the outputs).
  const { sources, skipped } = collect(args.positionals);
  // The manifest's 签到文件 are sign-in records, never rosters.
  const manifestPath = o.manifest ?? sources.find((x) => !x.zip && x.path !== undefined && MANIFEST_NAME.test(x.file))?.path;
  const signin = manifestPath ? signinPlan(manifestPath) : null;
  if (signin) sources.splice(0, sources.length, ...sources.filter((x) => x.path === undefined || !signin.excluded.has(resolve(x.path))));
  const start = { type: 'batch-start', settings: { level: 'national', hostProvince: settings.hostProvince, practical: settings.practical } satisfies PageSettings, engine: { profile, settings, ...(columns.length > 0 ? { columns } : {}) } };
  const keeper = keeperOf();
  keeper.ask(start);
  const units: Unit[] = [];
  const files: string[] = [];
  sources.forEach((s, source) => {
    if (!s.zip || s.refused !== undefined || s.path === undefined) {
      units.push({ source });
      files.push(s.file);
      return;
    }
    const got = loadFile(s.path, MAX_BATCH_ZIP_BYTES);
    const bytes = got instanceof Uint8Array ? arrayBufferOf(got) : new ArrayBuffer(0);
    const replies = keeper.ask({ type: 'batch-open', source, file: s.file, bytes, ...(got instanceof Uint8Array ? {} : { refused: got.error }) });
    const members = (replies.find((r) => r.type === 'batch-members') as { members: BatchMember[] } | undefined)?.members ?? [];
    members.forEach((member, sub) => {
      units.push({ source, sub, member });
      files.push(`${s.file}/${member.member}`);
    });
  });
  let manifestReq: { type: 'batch-manifest'; name: string; bytes: ArrayBuffer; files: string[] } | null = manifestBytes && o.manifest ? { type: 'batch-manifest', name: o.manifest, bytes: arrayBufferOf(manifestBytes), files } : null;
  if (manifestReq) keeper.ask(manifestReq);
  else {
    // Without --manifest, a file named like one (项目清单.xlsx) is read first: a manifest when its header is one.
    const k = units.findIndex((u) => u.member === undefined && MANIFEST_NAME.test(sources[u.source]?.file ?? '') && sources[u.source]?.path !== undefined);
    const s = k >= 0 ? (sources[(units[k] as Unit).source] as Source) : null;
    const got = s?.path !== undefined ? loadFile(s.path) : null;
    if (s && got instanceof Uint8Array) {
      const req = { type: 'batch-manifest' as const, name: s.file, bytes: arrayBufferOf(got), files };
      try {
        keeper.ask(req);
        manifestReq = req;
        units.splice(k, 1);
      } catch (e) {
        if (!(e instanceof ManifestError || e instanceof ReadError)) throw e;
      }
    }
  }

  // 2. Every roster checked by the threads (or here, for a few), kept by the keeper in order.
  const requestOf = (u: Unit): ThreadJob => {
    const s = sources[u.source] as Source;
    if (u.member === undefined) {
      const req = { type: 'batch-check', id: 0, source: u.source, file: s.file, bytes: new ArrayBuffer(0), keep: 'peer', ...(s.refused !== undefined ? { refused: s.refused } : {}) } as BatchRequest;
      return s.refused === undefined && s.path !== undefined ? { req, path: s.path } : { req };
    }
    const m = u.member;
    // The roster's stored bytes only: the thread inflates them.
    const zip = keeper.service.zipOf(u.source);
    const stored = m.refused === undefined && zip ? zip.slice(m.at.offset, m.at.offset + m.at.csz).buffer : new ArrayBuffer(0);
    return { req: { type: 'batch-check', id: 0, source: u.source, sub: u.sub ?? 0, member: m.member, file: s.file, bytes: stored as ArrayBuffer, keep: 'peer', at: m.at, ...(m.refused !== undefined ? { refused: m.refused } : {}) } };
  };
  const n = threadCount(units.length);
  if (n === 0) {
    for (const u of units) {
      const job = requestOf(u);
      const req = { ...job.req, keep: 'here' } as BatchRequest;
      if (job.path !== undefined && req.type === 'batch-check') {
        const got = loadFile(job.path);
        keeper.ask(got instanceof Uint8Array ? { ...req, bytes: arrayBufferOf(got) } : { ...req, refused: got.error });
      } else keeper.ask(req);
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const threads = Array.from({ length: n }, () => new Worker(WORKER_FILE));
      const finish = (e?: unknown) => {
        for (const w of threads) void w.terminate();
        if (e) reject(e instanceof Error ? e : new Error(String(e)));
        else resolve();
      };
      const send = (w: Worker) => {
        if (next >= units.length) return;
        const job = requestOf(units[next++] as Unit);
        w.postMessage(job, job.path === undefined && job.req.type === 'batch-check' ? [job.req.bytes] : []);
      };
      for (const w of threads) {
        w.postMessage({ req: { ...start, id: 0 } });
        if (manifestReq) w.postMessage({ req: { ...manifestReq, id: 0, bytes: manifestReq.bytes.slice(0) } });
        w.on('message', (m: { handover?: BatchHandOver; reply?: BatchReply }) => {
          if (m.handover) return keeper.service.receive(m.handover);
          if (m.reply?.type === 'error') return finish(new Error(m.reply.message));
          if (m.reply?.type !== 'batch-rows') return;
          if (++done === units.length) finish();
          else send(w);
        });
        w.on('error', finish);
        for (let k = 0; k < IN_FLIGHT; k++) send(w);
      }
    });
  }
  /** Where a roster's bytes are again (the keeper keeps no roster, only zips). */
  function where(r: BatchFileRow): Record<string, unknown> {
    if (r.member !== undefined) return { source: r.source, member: r.member };
    const s = sources[r.source] as Source;
    const got = s.path !== undefined ? loadFile(s.path) : { error: '找不到文件或无法打开' };
    return { bytes: got instanceof Uint8Array ? arrayBufferOf(got) : new ArrayBuffer(0) };
  }
  const finish = () => (keeper.ask({ type: 'batch-finish' }).find((r) => r.type === 'batch-result') as { outcome: BatchOutcome }).outcome;
  let outcome = finish();
  const found = outcome.manifests?.[0];
  if (!manifestReq && found) {
    // A manifest found among the files by its header: used, and the rosters it names checked again with their projects.
    const s = sources[found.source] as Source;
    const got = found.member !== undefined ? keeper.ask({ type: 'batch-bytes', source: found.source, member: found.member }).find((r) => r.type === 'batch-bytes') : null;
    const bytes = got && got.type === 'batch-bytes' ? got.bytes : s.path !== undefined ? arrayBufferOf(loadFile(s.path) as Uint8Array) : new ArrayBuffer(0);
    const named = (keeper.ask({ type: 'batch-manifest', name: found.file, bytes, files }).find((r) => r.type === 'batch-manifest') as { named?: string[] } | undefined)?.named ?? [];
    manifestReq = { type: 'batch-manifest', name: found.file, bytes, files };
    for (const file of named) {
      const r = keeper.service.rows().find((x) => x.file === file);
      if (r?.summary) keeper.ask({ type: 'batch-recheck', file, manual: null, edits: [], declined: [], deleted: [], ...where(r) });
    }
    outcome = finish();
  }
  const daily = new Map(outcome.daily);
  skipped.push(...(outcome.skipped ?? []));
  const rows = keeper.service.rows().sort((a, b) => a.file.localeCompare(b.file, 'zh'));
  const readable = rows.filter((r) => r.summary);
  // The rosters the manifest gives sign-in files: reconciled with them, and overlaps across them.
  const signed = signin
    ? runSignin(signin, (entry) => {
        const r = readable.find((x) => x.member === undefined && (x.file === entry.path || basename(x.file) === entry.file));
        const path = r ? sources[r.source]?.path : undefined;
        return r && path !== undefined ? { file: r.file, path } : undefined;
      }, profile, settings)
    : { results: [], refused: [] };
  // Sign-in errors are the roster's too (someone missing from it, an early swipe): they count in its
  // errors and its verdict, as the same-day credits do, and stay whatever file is written.
  const signinErrorsOf = new Map<string, number>();
  for (const x of signed.results) signinErrorsOf.set(x.file, (signinErrorsOf.get(x.file) ?? 0) + x.issues.filter((i) => i.severity === 'error').length);
  const signinErrors = [...signinErrorsOf.values()].reduce((a, b) => a + b, 0);
  const across = (r: BatchFileRow) => (daily.get(r.file) ?? 0) + (signinErrorsOf.get(r.file) ?? 0);
  const verdicts = new Map<BatchFileRow, Verdict>(rows.map((r) => [r, batchVerdict(r, across(r))]));
  const verdictOf = (r: BatchFileRow) => verdicts.get(r) as Verdict;
  const errorsOf = (r: BatchFileRow) => (r.summary ? r.summary.errors + across(r) : 0);
  const bytesAgain = (r: BatchFileRow) => () => {
    const w = where(r);
    if (w['bytes']) return new Uint8Array(w['bytes'] as ArrayBuffer);
    const got = keeper.ask({ type: 'batch-bytes', ...w }).find((x) => x.type === 'batch-bytes') as { bytes: ArrayBuffer } | undefined;
    return got ? new Uint8Array(got.bytes) : { error: '找不到这个文件' };
  };

  // 3. Files written from the rosters again: corrected files, the merged roster, the report.
  const notes: string[] = [];
  let fixed = 0;
  if (o.fix) {
    mkdirSync(o.fix, { recursive: true });
    for (const r of readable) {
      const replies = keeper.ask({ type: 'batch-fix', file: r.file, name: r.name, ...(r.settings ? { project: r.settings } : {}), edits: [], declined: [], deleted: [], ...where(r) });
      const note = replies.find((x) => x.type === 'batch-ok' && x.note) as { note?: string } | undefined;
      const error = replies.find((x) => x.type === 'error') as { message: string } | undefined;
      if (note?.note) notes.push(`${note.note}`);
      else if (error) notes.push(`${printable(r.file)}：无法写出校正文件：${error.message}`);
    }
    for (const [name, bytes] of keeper.service.takeFixed()) {
      let path = join(o.fix, name);
      const dot = name.lastIndexOf('.');
      for (let k = 2; existsSync(path); k++) path = join(o.fix, `${name.slice(0, dot)}（${k}）${name.slice(dot)}`);
      writeFileSync(path, bytes);
      fixed++;
    }
  }
  let merge: { file: string; rosters: number; rows: number; people: number; errors: number | null; warnings: number | null; disagreements: Extract<BatchReply, { type: 'batch-merged' }>['disagreements'] } | null = null;
  if (o.merge && readable.length > 0) {
    for (const r of readable) keeper.ask({ type: 'batch-merge', file: r.file, ...(r.settings ? { project: r.settings } : {}), ...where(r) });
    const replies = keeper.ask({ type: 'batch-merge-done', as: mergeExt === '.csv' ? 'csv' : 'xlsx' });
    const m = replies.find((x) => x.type === 'batch-merged') as Extract<BatchReply, { type: 'batch-merged' }> | undefined;
    const f = replies.find((x) => x.type === 'file') as { bytes: ArrayBuffer } | undefined;
    if (m && f) {
      writeFileSync(o.merge, new Uint8Array(f.bytes));
      merge = { file: o.merge, rosters: m.rosters, rows: m.rows, people: m.people, errors: m.errors, warnings: m.warnings, disagreements: m.disagreements };
      const d = m.disagreements;
      process.stderr.write(`roster-check: 已把 ${m.rosters} 份名单合并为 ${o.merge}：${m.rows} 行，${m.people} 人` + (d.length > 0 ? `；${d.length} 处同一人填写不一致，已按最先出现的一行写入，请逐一核对：\n` : '\n'));
      for (const x of d.slice(0, 50)) process.stderr.write(`  ${x.id}「${x.column}」：${x.kept.file} 第 ${x.kept.row} 行为“${x.kept.value}”，${x.other.file} 第 ${x.other.row} 行为“${x.other.value}”\n`);
      if (d.length > 50) process.stderr.write(`  ……另有 ${d.length - 50} 处，完整清单请用 --json 输出\n`);
    }
  }
  if (o['batch-report']) {
    const f = keeper.ask({ type: 'batch-report', counts: [] }).find((x) => x.type === 'file') as { bytes: ArrayBuffer } | undefined;
    if (f) writeFileSync(o['batch-report'], new Uint8Array(f.bytes));
  }


  // 4. Output.
  const out = new Out();
  const manifestLines = outcome.manifest;
  if (o.json) {
    out.write('{\n"files": [');
    rows.forEach((r, k) => {
      out.write(k === 0 ? '\n' : ',\n');
      const project = r.inManifest ? { name: r.project, level: r.level ?? null, ...(r.origin === 'manifest' ? (r.settings ?? {}) : {}) } : undefined;
      const v = verdictOf(r);
      const verdict = { code: v.code, text: v.text };
      const s = r.summary;
      if (!s) {
        out.write(JSON.stringify({ file: printable(r.file), error: r.error, verdict, ...(project ? { project } : {}) }));
        return;
      }
      const head = { file: printable(r.file), profile: profile.id, sheet: r.sheet === undefined ? r.sheet : printable(r.sheet), headerRow: r.headerRow, ...(r.columns ? { columns: r.columns.map((m) => ({ ...m, header: printable(m.header) })) } : {}), summary: { ...s, shareText: r.shareText, errors: errorsOf(r) }, verdict, ...(project ? { project } : {}) };
      const text = JSON.stringify(head);
      out.write(`${text.slice(0, -1)},"issues":[`);
      let first = true;
      for (const i of [...keeper.service.issuesOf(r.file, bytesAgain(r)), ...keeper.service.batchIssuesOf(r.file)]) {
        out.write(`${first ? '\n' : ',\n'}${issueLine(i)}`);
        first = false;
      }
      out.write(']}');
    });
    const shown = <T extends { occurrences: { file: string }[] }>(x: T): T => ({ ...x, occurrences: x.occurrences.map((o) => ({ ...o, file: printable(o.file) })) });
    const batchJson: Record<string, unknown> = { files: rows.length, readable: readable.length, people: outcome.people, duplicates: outcome.duplicates.map(shown), sameDay: outcome.sameDay.map(shown), skipped: skipped.map((x) => ({ ...x, file: printable(x.file) })) };
    if (outcome.manifestParts) batchJson['manifest'] = outcome.manifestParts;
    out.write(`\n],\n"batch": ${JSON.stringify(batchJson)}`);
    if (merge) out.write(`,\n"merge": ${JSON.stringify(merge)}`);
    if (signed.results.length) out.write(`,\n"signin": ${JSON.stringify(signed.results.map((x) => ({ ...x, file: printable(x.file) })))}`);
    out.write('\n}\n');
  } else {
    const count = (code: Verdict['code']) => rows.filter((r) => verdictOf(r).code === code).length;
    out.write(`批量校验：共 ${rows.length} 个文件，可读取 ${readable.length} 个，学员 ${outcome.people} 人（按证件号码计）；可以上传 ${count('ready')} 个，导出后可以上传 ${count('export')} 个，需修改 ${count('fix')} 个，无法读取 ${count('unreadable')} 个\n`);
    for (const r of rows) {
      const s = r.summary;
      const v = verdictOf(r);
      out.write(`  ${printable(r.file)}\t${s ? `学员 ${s.attendees} 人\t占比 ${r.shareText ?? ''}\t错误 ${errorsOf(r)} 处\t警告 ${s.warnings} 处\t` : ''}${v.label}${v.code === 'ready' ? '' : `：${v.text}`}\n`);
    }
    const list = <T>(title: string, items: T[], line: (x: T) => string, max = 100) => {
      out.write(`\n${title}\n`);
      for (const x of items.slice(0, max)) out.write(`  ${line(x)}\n`);
      if (items.length > max) out.write(`  ……另有 ${items.length - max} 条，完整清单请用 --json 或 --batch-report 输出\n`);
    };
    const at = (occ: { file: string; row: number }[]) => occ.map((x) => `${printable(x.file)} 第 ${x.row} 行`).join('；');
    list(`同一天学分超过 2 分（错误）：${outcome.sameDay.length} 条`, outcome.sameDay, (s) => `${s.name}（${s.id}）${s.date} 共 ${s.credits} 学分：${at(s.occurrences)}`);
    list(`在多份名单中出现的学员（提示）：${outcome.duplicates.length} 人`, outcome.duplicates, (d) => `${d.names.join('/')}（${d.id}）：${at(d.occurrences)}`);
    if (outcome.manifestParts) list(`项目清单：${manifestLines.length} 处需核对`, manifestLines, (x) => x);
    for (const x of signed.results) {
      const c = x.signin;
      list(`签到核对 ${printable(x.file)}（${c.files.map(printable).join('、')}）：签到 ${c.people} 人，与名单对上 ${c.matched} 人，签到了但名单中没有 ${c.missing} 人，名单中有但没有签到 ${c.absent} 人，无法确定是谁 ${c.unsure} 人`, x.issues, (i) => printable(`[${i.severity === 'error' ? '错误' : i.severity === 'warning' ? '警告' : '提示'}] ${i.row === null ? '' : `第 ${i.row} 行：`}${i.message}`));
    }
    if (skipped.length > 0) list(`未校验的文件：${skipped.length} 个`, skipped, (x) => `${printable(x.file)}：${x.reason}`);
    if (merge) out.write(`\n合并名单 ${merge.file}：学员 ${merge.people} 人${merge.errors !== null ? `，错误 ${merge.errors} 处，警告 ${merge.warnings} 处` : ''}；填写不一致 ${merge.disagreements.length} 处\n`);
    if (o.fix) out.write(`\n已写出校正文件 ${fixed} 个到 ${o.fix}\n`);
    if (o['batch-report']) out.write(`已写出汇总报告：${o['batch-report']}\n`);
  }
  out.flush();
  for (const x of notes) process.stderr.write(`roster-check: ${x}\n`);
  for (const r of rows) if (!r.summary) process.stderr.write(`roster-check: ${printable(r.file)}：${r.error}\n`);
  for (const x of signed.refused) process.stderr.write(`roster-check: ${printable(x)}\n`);
  if (readable.length === 0 || signed.refused.length > 0) return 2;
  if (signinErrors > 0) return 1;
  // The exit code follows the rosters as given; with --fix, the files written.
  return rows.some((r) => !r.summary || (o.fix ? verdictOf(r).code === 'fix' : errorsOf(r) > 0)) ? 1 : 0;
}
