// npm run bench:batch: the batch of issue #12, 1,000 rosters of 300 attendees (compressed .xlsx as
// Excel writes them, made once by scripts/make-batch.mjs --scale), through the built command line:
// total time and peak memory (the process's maxRSS: worker threads included). Then, in this
// process, the rules' throughput on the same rosters after reading (rows checked per second).
// Prints figures; asserts nothing. Targets: under 15 s and 1 GB; 1,000,000 rows/s.
// Usage: node scripts/bench-batch.mjs [rosters] [attendees]
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { makeScale } from './make-batch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
const n = Number(process.argv[2] ?? 1000);
const r = Number(process.argv[3] ?? 300);
// Named for the format: the rosters have shared strings (as Excel writes them) since the second version.
const dir = `${out}batch-scale-sst-${n}x${r}/`;

if (!existsSync(`${dir}manifest.xlsx`)) {
  const t0 = performance.now();
  makeScale(n, r, dir);
  console.log(`已生成 ${n} 份名单（${((performance.now() - t0) / 1000).toFixed(1)} s）：${dir}`);
}
execFileSync(process.execPath, [`${root}scripts/build-cli.mjs`], { cwd: root });

// 1. The command line end to end; maxRSS read by the child itself as it exits.
const probe = `${out}maxrss-probe.cjs`;
writeFileSync(probe, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nmaxrss ' + u.maxRSS + ' cpu ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n");
// Other work on the machine slows every figure: the load average is printed with them, and the
// command line's CPU time (its threads together), which load changes far less than its wall time.
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const loadBefore = load();
const t0 = performance.now();
const run = spawnSync(process.execPath, ['--require', probe, `${root}dist-cli/roster-check.mjs`, '--batch', '--manifest', `${dir}manifest.xlsx`, `${dir}rosters`], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const total = performance.now() - t0;
const kb = Number(/maxrss (\d+)/.exec(run.stderr)?.[1] ?? NaN);
const cpuUs = Number(/cpu (\d+)/.exec(run.stderr)?.[1] ?? NaN);
const loadAfter = load();
const head = run.stdout.split('\n')[0];

// 2. Rules throughput, after reading: read every roster first, then time only the checking.
await build({
  stdin: { contents: `export * from './src/lib/io/read'; export * from './src/lib/core/index';`, resolveDir: root, loader: 'ts' },
  outfile: `${out}engine.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const E = await import(`${out}engine.mjs`);
const profile = E.builtinProfile('national');
const settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const files = readdirSync(`${dir}rosters`).sort();
const t1 = performance.now();
const books = files.map((f) => E.readWorkbook(readFileSync(`${dir}rosters/${f}`)));
const reading = performance.now() - t1;
// Finding the header (locate) is timed apart: on 300-row rosters it costs more than the rules.
let rows = 0;
const t2 = performance.now();
const located = books.map((wb) => E.locate(wb, profile));
const locating = performance.now() - t2;
// The rules are timed three times (the median); their CPU time is printed too.
const runs = [];
for (let k = 0; k < 3; k++) {
  rows = 0;
  const t3 = performance.now();
  const c3 = process.cpuUsage();
  books.forEach((wb, i) => {
    const l = located[i];
    rows += new E.Roster(wb.sheets[l.sheetIndex], l, profile, settings, { retainIssues: false }).summary().attendees;
  });
  const c = process.cpuUsage(c3);
  runs.push({ wall: performance.now() - t3, cpu: (c.user + c.system) / 1000 });
}
runs.sort((a, b) => a.wall - b.wall);
const { wall: checking, cpu: checkingCpu } = runs[1];

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`node ${process.version}; ${n} 份 × ${r} 人（.xlsx，压缩）；退出码 ${run.status}`);
console.log(head);
console.log(`命令行总用时 ${s(total)}（目标 15 s 以内），CPU 时间 ${s(cpuUs / 1000)}，内存峰值 ${(kb / 1024).toFixed(0)} MiB（目标 1 GB 以内）；机器负载 ${loadBefore} → ${loadAfter}`);
console.log(`单线程：读取 ${s(reading)}，找表头 ${s(locating)}，校验 ${s(checking)}：${Math.round(rows / (checking / 1000)).toLocaleString('en-US')} 行/秒（按 CPU 时间 ${Math.round(rows / (checkingCpu / 1000)).toLocaleString('en-US')} 行/秒；读取之后；目标 1,000,000 行/秒）；机器负载 ${load()}`);
// 3. The same batch on the built page (scripts/bench-batch-page.mjs), once npm run build has made it.
if (existsSync(`${root}dist/index.html`)) spawnSync(process.execPath, [`${root}scripts/bench-batch-page.mjs`, String(n), String(r)], { stdio: 'inherit', env: { ...process.env, BENCH_DIR: dir } });
else console.log('页面：未构建（先运行 npm run build），未测');
