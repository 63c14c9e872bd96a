// npm run bench: read, check and write times for synthetic rosters of 1k, 10k and 100k rows, and
// the ratio (read + check) / bare SheetJS read of the same file. Prints figures; asserts nothing.
// Usage: node scripts/bench.mjs [sizes...]   e.g. node scripts/bench.mjs 1000 10000
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';

const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
mkdirSync(out, { recursive: true });
await build({
  stdin: {
    contents: `export * from './src/lib/io/pipeline'; export * from './src/lib/io/read'; export * from './src/lib/core/index';`,
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    loader: 'ts',
  },
  outfile: `${out}engine.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const E = await import(`${out}engine.mjs`);

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000, 10_000, 100_000];
const REPS = 3;
const settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const profile = E.builtinProfile('national');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn) {
  const t = [];
  let result;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    result = fn();
    t.push(performance.now() - t0);
  }
  return { ms: median(t), result };
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const rate = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} rows/s`;
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

console.log(`node ${process.version}, ${REPS} runs each, median`);
for (const n of SIZES) {
  // A realistic mix: mostly clean rows, one in fifty with a slip or an error.
  const rows = makeRows(n, 11);
  for (let i = 0; i < n; i += 50) rows[i][8] = i % 100 ? '副主任医生' : '中级';
  const aoa = [['学员通讯录'], HEADER, ...rows];
  const bytes = new Uint8Array(XLSX.write({ SheetNames: ['名单'], Sheets: { 名单: XLSX.utils.aoa_to_sheet(aoa) } }, { type: 'array', bookType: 'xlsx', compression: true }));
  // "Bare" is SheetJS with its defaults (what a plain XLSX.read costs); "same options" uses the
  // reader's own cheaper options, so the difference is what our conversion adds.
  const bare = time(() => XLSX.read(bytes, { type: 'array', dense: true }));
  const same = time(() => XLSX.read(bytes, E.SHEETJS_READ_OPTS));
  const read = time(() => E.readWorkbook(bytes));
  const wb = read.result;
  const check = time(() => {
    const { roster } = E.analyze(wb, profile, settings);
    roster.issues();
    roster.summary();
    return roster;
  });
  const checked = { workbook: wb, ...E.analyze(wb, profile, settings) };
  const write = time(() => E.correctedFile(bytes, checked));
  // The edit path the page uses: change one cell and read the summary.
  const roster = check.result;
  const idCol = checked.located.columns['职称'];
  const edits = [];
  for (let i = 0; i < 200; i++) {
    const r = 2 + ((i * 7919) % n);
    const t0 = performance.now();
    roster.setCell(r, idCol, i % 2 ? '主治医师' : '副主任医生');
    roster.summary();
    edits.push(performance.now() - t0);
  }
  sample();
  const csvBytes = new TextEncoder().encode(XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(aoa)));
  const csvRead = time(() => E.readWorkbook(csvBytes));
  console.log(`\n${n.toLocaleString('en-US')} rows (xlsx ${(bytes.length / 1e6).toFixed(2)} MB, ${roster.summary().errors} errors)`);
  console.log(`  bare SheetJS read   ${fmt(bare.ms)}  ${rate(n, bare.ms)}`);
  console.log(`  SheetJS, our opts   ${fmt(same.ms)}  ${rate(n, same.ms)}`);
  console.log(`  read (ours)         ${fmt(read.ms)}  ${rate(n, read.ms)}`);
  console.log(`  check (rules)       ${fmt(check.ms)}  ${rate(n, check.ms)}`);
  console.log(`  write corrected     ${fmt(write.ms)}  ${rate(n, write.ms)}`);
  console.log(`  read CSV (ours)     ${fmt(csvRead.ms)}  ${rate(n, csvRead.ms)}`);
  console.log(`  (read + check) / bare read = ${((read.ms + check.ms) / bare.ms).toFixed(2)}; / SheetJS with our options = ${((read.ms + check.ms) / same.ms).toFixed(2)}`);
  console.log(`  edit one cell + summary: median ${median(edits).toFixed(3)} ms, max ${Math.max(...edits).toFixed(3)} ms`);
}
clearInterval(timer);
sample();
console.log(`\npeak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
