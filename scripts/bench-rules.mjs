// node scripts/bench-rules.mjs: the rules alone, after reading (rows checked per second; target 1,000,000),
// on the batch's rosters (made by scripts/make-batch.mjs --scale, as npm run bench:batch uses them)
// and on one roster of 100,000 rows (scripts/synth.mjs). Reads everything first, then times only
// `new Roster(...)` (median of runs, wall and CPU time), and prints a digest of every summary and
// issue, so that a faster engine can be shown to give the same results. Prints figures; asserts
// nothing. To see where the time goes: node --cpu-prof --cpu-prof-dir=bench-out/prof scripts/bench-rules.mjs
// Beside the batch case it runs ../shared/bench/rules-floor.mjs (a minimal validator on 300,000 rows
// in memory, when that file is there) and prints the batch's CPU rate as a share of the floor's.
// Usage: node scripts/bench-rules.mjs [rosters=1000] [attendees=300] [big=100000] [runs=5]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { makeScale } from './make-batch.mjs';
import { HEADER, makeRows } from './synth.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
const n = Number(process.argv[2] ?? 1000);
const r = Number(process.argv[3] ?? 300);
const bigN = Number(process.argv[4] ?? 100_000);
const RUNS = Number(process.argv[5] ?? 5);
const dir = `${out}batch-scale-sst-${n}x${r}/`;
mkdirSync(out, { recursive: true });
if (!existsSync(`${dir}manifest.xlsx`)) makeScale(n, r, dir);

await build({
  stdin: { contents: `export * from './src/lib/io/read'; export * from './src/lib/core/index';`, resolveDir: root, loader: 'ts' },
  outfile: `${out}engine-rules.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const E = await import(`${out}engine-rules.mjs`);
const profile = E.builtinProfile('national');
const settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** A realistic mix as npm run bench makes it: mostly clean rows, one in fifty with a slip or an error. */
function bigCsv(count) {
  const rows = makeRows(count, 11);
  for (let i = 0; i < count; i += 50) rows[i][8] = i % 100 ? '副主任医生' : '中级';
  return new TextEncoder().encode([['学员通讯录'], HEADER, ...rows].map((x) => x.join(',')).join('\r\n') + '\r\n');
}

/**
 * A hostile roster for the digest: the rows of makeRows with one cell in four changed by a slip
 * (spaces, full-width digits, hidden and zero-width characters, formulas, dictionary slips, old
 * IDs, country codes, emptied cells, pasted headers). Values repeat, as in real rosters.
 */
function messyCsv(count) {
  const rows = makeRows(count, 7);
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const full = (v) => v.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const slips = [
    (v) => ` ${v}`, (v) => `${v}\u3000`, (v) => `${v[0] ?? ''}\u200b${v.slice(1)}`, (v) => `\u202e${v}`, (v) => `${v}\u0000`,
    (v) => `=${v}`, (v) => `+${v}`, full, (v) => v.toLowerCase(), (v) => v.replace(/X$/, 'x'), () => '', () => ' ',
    (v) => `${v} ${v}`, (v) => v.slice(0, 1), (v) => `${v}\ufe0f`, (v) => `${v.slice(0, 6)}${v.slice(8, 17)}`,
    () => '副主任医生', () => '中级', () => '北京', () => '男性', () => '是 ', () => '+86 13812345678', () => '010-62345678',
    () => 'Ｘ', () => '1.10101E+17', (v) => `"${v}"`, (v) => `${v}\t${v}`, (v) => v.repeat(3),
  ];
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) if (rand() < 0.25) row[c] = slips[Math.floor(rand() * slips.length)](row[c]);
    if (rand() < 0.002) row.splice(0, row.length, ...HEADER);
    if (rand() < 0.01) row[4] = rows[0][4];
  }
  const quote = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return new TextEncoder().encode([['学员通讯录'], HEADER, ...rows].map((x) => x.map(quote).join(',')).join('\r\n') + '\r\n');
}

const batch = readdirSync(`${dir}rosters`)
  .sort()
  .map((f) => E.readWorkbook(readFileSync(`${dir}rosters/${f}`)));
const messy = [E.readWorkbook(messyCsv(20_000), E.LARGE_CSV_BUDGET)];
const big = bigN > 0 ? [E.readWorkbook(bigCsv(bigN), E.LARGE_CSV_BUDGET)] : [];

/** The floor's rate (rows/s of CPU) run beside us, or null when the floor script is not there. */
function floorRate() {
  const floor = fileURLToPath(new URL('../../shared/bench/rules-floor.mjs', import.meta.url));
  if (!existsSync(floor)) return null;
  const r = spawnSync(process.execPath, [floor], { cwd: root, encoding: 'utf8' });
  const m = /floor: ([\d,]+) rows\/s/.exec(r.stdout ?? '');
  return m ? Number((m[1] ?? '').replace(/,/g, '')) : null;
}

function measure(label, books) {
  const located = books.map((wb) => E.locate(wb, profile));
  const sheets = books.map((wb, i) => wb.sheets[located[i].sheetIndex]);
  const runs = [];
  let rows = 0;
  for (let k = 0; k < RUNS; k++) {
    rows = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < books.length; i++) rows += new E.Roster(sheets[i], located[i], profile, settings, { retainIssues: false }).summary().attendees;
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    runs.push({ wall, cpu: (c.user + c.system) / 1000 });
  }
  runs.sort((a, b) => a.wall - b.wall);
  const { wall, cpu } = runs[Math.floor(runs.length / 2)];
  // What the rules found, as one digest: every summary and every issue of every roster.
  const hash = createHash('sha256');
  let issues = 0;
  for (let i = 0; i < books.length; i++) {
    const roster = new E.Roster(sheets[i], located[i], profile, settings, { retainIssues: false });
    hash.update(JSON.stringify(roster.summary()));
    for (const x of roster.eachIssue()) {
      hash.update(JSON.stringify(x));
      issues++;
    }
  }
  const rate = (ms) => Math.round(rows / (ms / 1000)).toLocaleString('en-US');
  const cpuRate = rows / (cpu / 1000);
  console.log(
    `${label}: ${rows.toLocaleString('en-US')} rows, ${(wall / 1000).toFixed(3)} s → ${rate(wall)} rows/s (CPU ${rate(cpu)} rows/s; fastest ${rate(runs[0].wall)}); ${issues.toLocaleString('en-US')} issues, digest ${hash.digest('hex').slice(0, 16)}; load ${load()}`,
  );
  return cpuRate;
}

console.log(`node ${process.version}; median of ${RUNS} runs; target 1,000,000 rows/s`);
const batchRate = measure(`batch ${n} × ${r}`, batch);
const floor = floorRate();
if (floor) console.log(`floor (../shared/bench/rules-floor.mjs): ${floor.toLocaleString('en-US')} rows/s of CPU → batch at ${(batchRate / floor).toFixed(2)}× the floor (target 0.5×); load ${load()}`);
measure('hostile roster of 20,000', messy);
if (big.length) measure(`one roster of ${bigN.toLocaleString('en-US')}`, big);
