// node scripts/bench-batch-page.mjs [N] [R] (after npm run build): N rosters of R attendees
// (default 100 × 300, compressed .xlsx as Excel writes them, with a manifest) chosen at once in the
// built page in Debian's Chromium; prints the time until the batch table and its lists are shown,
// the longest main-thread task meanwhile, and the page's JS heap. Prints; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { makeScale } from './make-batch.mjs';

const N = Number(process.argv[2] ?? 100);
const R = Number(process.argv[3] ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 4316);
// BENCH_DIR: a batch made by makeScale already (npm run bench:batch passes its own).
const dir = process.env.BENCH_DIR ?? fileURLToPath(new URL(`../bench-out/batch-page-${N}x${R}/`, import.meta.url));
if (!existsSync(`${dir}manifest.xlsx`)) makeScale(N, R, dir);
const files = [...readdirSync(`${dir}rosters`).map((f) => `${dir}rosters/${f}`), `${dir}manifest.xlsx`];

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__longAt = [];
    window.__raw = [];
    // When the files reach the page: the task that gives them (DevTools' setFileInputFiles here, the
    // file chooser for a user) also runs the page's change handler; only the part after is the page's.
    window.addEventListener('change', () => (window.__changeAt ??= performance.now()), true);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__raw.push([e.startTime, e.duration]);
        window.__longTasks.push(e.duration);
        window.__longAt.push([Math.round(e.startTime - (window.__t0 ?? 0)), Math.round(e.duration)]);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  for (let i = 0; ; i++) {
    try {
      await page.goto(`http://127.0.0.1:${PORT}/`);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.evaluate(() => ((window.__longTasks = []), (window.__longAt = []), (window.__raw = []), (window.__changeAt = undefined), (window.__t0 = performance.now())));
  // Memory of the whole browser (page, both batch workers, the rest), sampled: the peak of the sum
  // of every Chromium process's proportional set size.
  const pss = () => {
    const kids = new Map();
    for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString().trim().split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
    }
    let kb = 0;
    const walk = (pid) => {
      if (pid === server.pid) return;
      for (const k of kids.get(pid) ?? []) {
        try {
          kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${k}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
        } catch {
          /* gone */
        }
        walk(k);
      }
    };
    walk(process.pid);
    return kb / 1024;
  };
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, pss())), 500);
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (process.env.BENCH_TRACE) await browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel', 'disabled-by-default-v8.cpu_profiler'] });
  // The page's thread's busy time (all its tasks, long or not) and script time: DevTools' counters.
  const perf = await page.context().newCDPSession(page);
  await perf.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await perf.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  const loadBefore = loadavg()[0].toFixed(1);
  const t0 = Date.now();
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(files);
  // Polled twice a second with a plain selector: Playwright's role queries would load the page's thread.
  await page.waitForFunction(() => document.getElementById('same-day-title') !== null, null, { polling: 500, timeout: 600_000 });
  const total = Date.now() - t0;
  if (process.env.BENCH_TRACE) await browser.stopTracing();
  const m1 = await metrics();
  clearInterval(sampler);
  peak = Math.max(peak, pss());
  const { raw, changeAt } = await page.evaluate(() => ({ raw: window.__raw, changeAt: window.__changeAt }));
  const choice = raw.find(([at, d]) => at <= changeAt && changeAt <= at + d);
  const tasks = raw.filter((t) => t !== choice).map(([, d]) => d);
  if (cdp) {
    // Where the page's own thread spent its time (self time by function), for finding long tasks.
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = profile.timeDeltas;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  }
  if (process.env.BENCH_DEBUG) console.log('long tasks [ms after start, ms]:', JSON.stringify(await page.evaluate(() => window.__longAt)));
  const heap = await page.evaluate(() => (performance.memory ? Math.round(performance.memory.usedJSHeapSize / 2 ** 20) : NaN));
  const heading = await page.getByRole('heading', { name: /^批量校验/ }).innerText();
  const lists = await page.getByRole('heading', { name: /^(同日超学分|跨文件重复)/ }).allInnerTexts();
  console.log(`batch page ${N} rosters × ${R} attendees: ${heading}; ${lists.join('；')}; machine load ${loadBefore} → ${loadavg()[0].toFixed(1)}`);
  console.log(`  total ${(total / 1000).toFixed(1)} s (${((N * R) / (total / 1000)).toFixed(0)} rows/s), longest main-thread task ${tasks.length ? `${Math.max(...tasks).toFixed(0)} ms` : 'none over 50 ms'} (${tasks.length} over 50 ms), page heap ${heap} MiB, browser peak ${peak.toFixed(0)} MiB (all processes, PSS)`);
  console.log(`  page's thread busy ${((m1.TaskDuration - m0.TaskDuration) * 1000).toFixed(0)} ms (script ${((m1.ScriptDuration - m0.ScriptDuration) * 1000).toFixed(0)} ms, layout ${((m1.LayoutDuration - m0.LayoutDuration) * 1000).toFixed(0)} ms)`);
  if (choice) console.log(`  the task that gave the ${files.length} files took ${choice[1].toFixed(0)} ms, of which the page's change handler ${(choice[0] + choice[1] - changeAt).toFixed(0)} ms (not counted above)`);
  // Sorting the table of N rosters.
  await page.evaluate(() => (window.__longTasks = []));
  await page.getByRole('button', { name: /^错误/ }).click();
  await page.waitForTimeout(500);
  const sortTasks = await page.evaluate(() => window.__longTasks);
  console.log(`  sort by 错误: longest task ${sortTasks.length ? `${Math.max(...sortTasks).toFixed(0)} ms` : 'none over 50 ms'}`);
} finally {
  await browser.close();
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
}
