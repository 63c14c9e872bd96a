// npm run bench: the engine on synthetic rosters of 1k, 10k, 100k (.xlsx, and the same as CSV) and
// 1,000,000 rows (CSV only, as the command line reads it). For each size: time, rows/s and peak
// memory of read, check, listing the issues and writing the corrected file; the cost of one edit;
// check alone against check + corrected file, each in a fresh process (time and peak memory);
// and for the largest, the built command line end to end. Then the .xls case (1,000 and 60,000
// rows, written by SheetJS as Excel 97–2003): check alone against check + the patched .xls.
// Prints figures; asserts nothing.
// Usage: node scripts/bench.mjs [sizes...]   e.g. node scripts/bench.mjs 1000 10000; node scripts/bench.mjs xls
//
// Each size runs in a process of its own, so that its peak memory (the kernel's maxRSS, read after
// every phase: it only grows, so each figure is the peak up to the end of that phase) is its own.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
const self = fileURLToPath(import.meta.url);
const settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
/** Above this the file is CSV only, checked the command line's way (issues counted, not kept). */
const CSV_ONLY_ABOVE = 120_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const maxRss = () => process.resourceUsage().maxRSS * 1024;

/** A realistic mix: mostly clean rows, one in fifty with a slip or an error. */
function rosterRows(n) {
  const rows = makeRows(n, 11);
  for (let i = 0; i < n; i += 50) rows[i][8] = i % 100 ? '副主任医生' : '中级';
  return [['学员通讯录'], HEADER, ...rows];
}

function csvOf(aoa) {
  return aoa.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** Make (once) the files for size n; in a process of its own so that none of it counts. */
function generate(n) {
  const aoa = rosterRows(n);
  writeFileSync(`${out}roster-${n}.csv`, csvOf(aoa));
  if (n <= CSV_ONLY_ABOVE) {
    const wb = { SheetNames: ['名单'], Sheets: { 名单: XLSX.utils.aoa_to_sheet(aoa) } };
    writeFileSync(`${out}roster-${n}.xlsx`, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
  }
}

/** Measure size n in this process; prints one JSON line. */
async function measure(n) {
  const E = await import(`${out}engine.mjs`);
  const profile = E.builtinProfile('national');
  const big = n > CSV_ONLY_ABOVE;
  const reps = big ? 1 : 3;
  const time = (fn) => {
    const t = [];
    let result;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      result = fn();
      t.push(performance.now() - t0);
    }
    return { ms: median(t), rss: maxRss(), result };
  };
  const phases = {};
  const file = `${out}roster-${n}.${big ? 'csv' : 'xlsx'}`;
  const bytes = new Uint8Array(readFileSync(file));
  const budget = big ? E.LARGE_CSV_BUDGET : E.PAGE_BUDGET;
  const rosterOptions = { retainIssues: !big };
  phases.start = { rss: maxRss() };
  if (!big) {
    phases.bare = time(() => XLSX.read(bytes, { type: 'array', dense: true }));
    phases.same = time(() => XLSX.read(bytes, E.SHEETJS_READ_OPTS));
  }
  const read = time(() => E.readFile(bytes, budget));
  phases.read = read;
  const wb = read.result.workbook;
  const check = time(() => E.analyze(wb, profile, settings, rosterOptions));
  phases.check = check;
  const checked = { workbook: wb, pkg: read.result.pkg, ...check.result };
  const roster = checked.roster;
  phases.issues = time(() => {
    let count = 0;
    for (const _ of roster.eachIssue()) count++;
    return count;
  });
  phases.write = time(() => E.correctedFile(bytes, checked));
  // The edit path the page uses: change one cell and read the summary.
  const col = checked.located.columns['职称'];
  const edits = [];
  for (let i = 0; i < 200; i++) {
    const r = 2 + ((i * 7919) % n);
    const t0 = performance.now();
    roster.setCell(r, col, i % 2 ? '主治医师' : '副主任医生');
    roster.summary();
    edits.push(performance.now() - t0);
  }
  phases.edit = { ms: median(edits), max: Math.max(...edits), rss: maxRss() };
  // Deleting a row (the page's 删除此行, and its undo): the engine's part with the summary, then
  // also what the page's engine sends back (the people by province, the rows whose issues changed).
  const first = checked.located.firstDataRow;
  const dels = [];
  const replies = [];
  for (let i = 0; i < 40; i++) {
    const r = first + ((i * 7919) % n);
    const restore = i % 2 === 1;
    const t0 = performance.now();
    if (restore) roster.restoreRow(first + (((i - 1) * 7919) % n));
    else roster.deleteRow(r);
    roster.summary();
    const t1 = performance.now();
    const at = restore ? first + (((i - 1) * 7919) % n) : r;
    roster.provinceCounts();
    for (const x of new Set([at, ...roster.sameIdRows(at), ...roster.duplicateRowsBelow(at)])) roster.rowIssues(x);
    roster.rosterIssues();
    dels.push(t1 - t0);
    replies.push(performance.now() - t0);
  }
  phases.del = { ms: median(dels), max: Math.max(...dels), reply: median(replies), replyMax: Math.max(...replies), rss: maxRss() };
  if (!big) {
    // The corrected file with one row near the top deleted: every row below moves up.
    roster.deleteRow(first + 1);
    phases.writeDeleted = time(() => E.correctedFile(bytes, checked, roster.acceptedFixList()));
    roster.restoreRow(first + 1);
  }
  if (!big) {
    // The worst case for duplicate detection: one ID (a placeholder) on every row. What the page
    // asks for: every row's issues, then an edit and the issues of the rows it touched.
    const sheet = wb.sheets[checked.located.sheetIndex];
    const idCol = checked.located.columns['证件号码'];
    const same = sheet.rows.map((row, r) => (r >= checked.located.firstDataRow ? row.map((v, c) => (c === idCol ? '110101199003070011' : v)) : row));
    const dup = E.analyze({ ...wb, sheets: [{ ...sheet, rows: same }] }, profile, settings).roster;
    phases.oneId = time(() => {
      for (let r = checked.located.firstDataRow; r < same.length; r++) dup.rowIssues(r);
      dup.setCell(checked.located.firstDataRow, col, '主治医师');
      for (const r of dup.sameIdRows(checked.located.firstDataRow)) dup.rowIssues(r);
    });
  }
  if (!big) {
    const csvBytes = new Uint8Array(readFileSync(`${out}roster-${n}.csv`));
    phases.csvRead = time(() => E.readWorkbook(csvBytes, budget));
  }
  for (const p of Object.values(phases)) delete p.result;
  const s = roster.summary();
  console.log(JSON.stringify({ n, format: big ? 'csv' : 'xlsx', bytes: bytes.length, errors: s.errors, issues: phases.issues.ms === undefined ? 0 : s.errors + s.warnings + s.infos, phases }));
}

/**
 * What the user waits for, in a process of its own: read + check of the .xlsx (as the command line
 * and the worker do it, keeping the package), then the corrected file on top. Peak memory after
 * each, so the export's cost in time and memory is set against the check alone.
 */
async function cost(n, ext = 'xlsx') {
  const E = await import(`${out}engine.mjs`);
  const profile = E.builtinProfile('national');
  const bytes = new Uint8Array(readFileSync(`${out}roster-${n}.${ext}`));
  const t0 = performance.now();
  const checked = E.checkFile(bytes, profile, settings);
  const t1 = performance.now();
  const checkRss = maxRss();
  const written = E.correctedFile(bytes, checked);
  const t2 = performance.now();
  const exportRss = maxRss();
  console.log(JSON.stringify({ check: t1 - t0, export: t2 - t1, checkRss, exportRss, changed: written.changed, outBytes: written.bytes.length, ext: written.ext }));
}

/** The built command line on a file: wall time and, where GNU time is installed, peak memory. */
function cliRun(file) {
  const cli = `${root}dist-cli/roster-check.mjs`;
  if (!existsSync(cli)) execFileSync(process.execPath, [`${root}scripts/build-cli.mjs`], { cwd: root });
  const gnuTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--json', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, [cli, '--json', file], { stdio: 'ignore' });
  const ms = performance.now() - t0;
  const kb = gnuTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rss: kb * 1024, code: r.status };
}

if (process.argv[2] === '--generate') {
  generate(Number(process.argv[3]));
} else if (process.argv[2] === '--measure') {
  await measure(Number(process.argv[3]));
} else if (process.argv[2] === '--cost') {
  await cost(Number(process.argv[3]), process.argv[4]);
} else if (process.argv[2] === '--generate-xls') {
  const n = Number(process.argv[3]);
  const wb = { SheetNames: ['名单'], Sheets: { 名单: XLSX.utils.aoa_to_sheet(rosterRows(n)) } };
  writeFileSync(`${out}roster-${n}.xls`, XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }));
} else {
  mkdirSync(out, { recursive: true });
  await build({
    stdin: {
      contents: `export * from './src/lib/io/pipeline'; export * from './src/lib/io/read'; export * from './src/lib/core/index';`,
      resolveDir: root,
      loader: 'ts',
    },
    outfile: `${out}engine.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const onlyXls = process.argv[2] === 'xls';
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const SIZES = onlyXls ? [] : sizes.length ? sizes : [1_000, 10_000, 100_000, 1_000_000];
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
  const rate = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} rows/s`;
  console.log(`node ${process.version}; median of 3 runs (1 run above ${CSV_ONLY_ABOVE.toLocaleString('en-US')} rows); peak = the process's maxRSS at the end of the phase`);
  for (const n of SIZES) {
    const big = n > CSV_ONLY_ABOVE;
    const file = `${out}roster-${n}.${big ? 'csv' : 'xlsx'}`;
    if (!existsSync(file)) execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--generate', String(n)], { stdio: 'inherit' });
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--measure', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.log(`\n${n} rows: the measuring process failed (${r.status ?? r.signal})\n${r.stderr}`);
      continue;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    const p = m.phases;
    const line = (label, ph) => console.log(`  ${label.padEnd(22)}${fmt(ph.ms).padStart(10)}  ${rate(n, ph.ms).padStart(17)}   peak ${mib(ph.rss)}`);
    console.log(`\n${n.toLocaleString('en-US')} rows (${m.format} ${(m.bytes / 1e6).toFixed(1)} MB, ${m.issues.toLocaleString('en-US')} issues)   start: ${mib(p.start.rss)}`);
    if (p.bare) line('bare SheetJS read', p.bare);
    if (p.same) line('SheetJS, our options', p.same);
    line(`read ${m.format} (ours)`, p.read);
    line('check (rules)', p.check);
    line('list every issue', p.issues);
    line(`write corrected ${m.format}`, p.write);
    if (p.csvRead) line('read CSV (ours)', p.csvRead);
    if (p.oneId) line('one ID on every row*', p.oneId);
    if (p.bare) console.log(`  (read + check) / bare read = ${((p.read.ms + p.check.ms) / p.bare.ms).toFixed(2)}; / SheetJS with our options = ${((p.read.ms + p.check.ms) / p.same.ms).toFixed(2)}`);
    console.log(`  edit one cell + summary: median ${p.edit.ms.toFixed(3)} ms, max ${p.edit.max.toFixed(3)} ms`);
    if (p.del) console.log(`  delete/restore a row + summary: median ${p.del.ms.toFixed(3)} ms, max ${p.del.max.toFixed(3)} ms; with the page's reply (provinces, changed rows): median ${p.del.reply.toFixed(2)} ms, max ${p.del.replyMax.toFixed(2)} ms`);
    if (p.writeDeleted) line('write, one row deleted', p.writeDeleted);
    if (p.oneId) console.log('  * every row\'s issues, one edit, and the issues of the rows it touched, when all rows share one ID');
    if (!big) {
      const c = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--cost', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (c.status === 0) {
        const k = JSON.parse(c.stdout.trim().split('\n').pop());
        console.log(`  check alone (read + check, new process): ${fmt(k.check)}, peak ${mib(k.checkRss)}`);
        console.log(`  + corrected file (${k.changed} cells):   ${fmt(k.export)} (+${((k.export / k.check) * 100).toFixed(0)}%), peak ${mib(k.exportRss)} (${(k.exportRss / k.checkRss).toFixed(2)}× the check alone)   (target: ${n <= 1000 ? 'under 150 ms, first call included' : 'at most +30% and 1.3× at 100,000 rows'})`);
      } else console.log(`  check + export: the measuring process failed (${c.status ?? c.signal})\n${c.stderr}`);
    }
    if (big) {
      const c = cliRun(file);
      console.log(`  roster-check --json (whole command, exit ${c.code}): ${fmt(c.ms)}, peak ${Number.isNaN(c.rss) ? 'not measured (no /usr/bin/time)' : mib(c.rss)}   (target: under 10 s and 2 GB)`);
    }
    console.log(`  file: ${file.replace(root, '')} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  }
  // The .xls case: the user's Excel 97–2003 file patched in place (only the fixed cells' records
  // rewritten); each in a fresh process, check alone against check + corrected file.
  if (onlyXls || !sizes.length) {
    for (const n of [1_000, 60_000]) {
      const file = `${out}roster-${n}.xls`;
      if (!existsSync(file)) execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--generate-xls', String(n)], { stdio: 'inherit' });
      const c = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--cost', String(n), 'xls'], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (c.status !== 0) {
        console.log(`\n${n} rows .xls: the measuring process failed (${c.status ?? c.signal})\n${c.stderr}`);
        continue;
      }
      const k = JSON.parse(c.stdout.trim().split('\n').pop());
      console.log(`\n${n.toLocaleString('en-US')} rows (.xls ${(statSync(file).size / 1e6).toFixed(1)} MB)`);
      console.log(`  check alone (read + check, new process): ${fmt(k.check)}, peak ${mib(k.checkRss)}`);
      console.log(`  + corrected .${k.ext} (${k.changed} cells):   ${fmt(k.export)} (+${((k.export / k.check) * 100).toFixed(0)}%), peak ${mib(k.exportRss)} (${(k.exportRss / k.checkRss).toFixed(2)}× the check alone)   (target: at most +30%)`);
    }
  }
}
