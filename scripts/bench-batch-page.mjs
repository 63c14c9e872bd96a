// node scripts/bench-batch-page.mjs [N] [R] (after npm run build): N rosters of R attendees
// (default 100 × 300, compressed .xlsx as Excel writes them, with a manifest) chosen at once in the
// built page in Debian's Chromium; prints the time until the batch table and its lists are shown,
// the longest main-thread task meanwhile, and the page's JS heap. Prints; asserts nothing.
// Memory: every Chromium process's PSS by kind (browser, renderer with its workers, GPU, utility,
// zygote) for an empty page (Chromium's own), the page at rest and the batch's peak, and each
// worker's JS heap (DevTools' Runtime.getHeapUsage; ArrayBuffers apart) at its peak and at the end.
// BENCH_PROFILE=1: where the page's thread and each worker spent their time (self time by function).
// BENCH_ZIP=1: the same rosters given as one .zip (as an office receives them by email), with the manifest beside it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { makeScale } from './make-batch.mjs';
import { zipFile } from './zip.mjs';

const N = Number(process.argv[2] ?? 100);
const R = Number(process.argv[3] ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 4316);
// BENCH_DIR: a batch made by makeScale already (npm run bench:batch passes its own).
const dir = process.env.BENCH_DIR ?? fileURLToPath(new URL(`../bench-out/batch-page-${N}x${R}/`, import.meta.url));
if (!existsSync(`${dir}manifest.xlsx`)) makeScale(N, R, dir);
const rosterFiles = readdirSync(`${dir}rosters`).map((f) => `${dir}rosters/${f}`);
const ZIPPED = Boolean(process.env.BENCH_ZIP);
if (ZIPPED && !existsSync(`${dir}rosters.zip`)) {
  writeFileSync(`${dir}rosters.zip`, zipFile(rosterFiles.map((f) => ({ name: f.split('/').pop(), data: readFileSync(f) }))));
}
const files = [...(ZIPPED ? [`${dir}rosters.zip`] : rosterFiles), `${dir}manifest.xlsx`];

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // Memory of the whole browser, sampled: the sum of every Chromium process's proportional set
  // size (shared pages split among their users), by kind of process.
  const kindOf = (pid) => {
    const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
    return type === undefined ? 'browser' : type === 'gpu-process' ? 'gpu' : type;
  };
  const pss = () => {
    const kids = new Map();
    for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString().trim().split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
    }
    const by = {};
    const cpu = {};
    let total = 0;
    let uss = 0;
    const walk = (pid) => {
      if (pid === server.pid) return;
      for (const k of kids.get(pid) ?? []) {
        try {
          const rollup = readFileSync(`/proc/${k}/smaps_rollup`, 'utf8');
          const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
          const mib = kb('Pss') / 1024;
          const kind = kindOf(k);
          by[kind] = (by[kind] ?? 0) + mib;
          total += mib;
          uss += (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
          // CPU time (user + system, clock ticks of 10 ms): what load on the machine changes least.
          const stat = readFileSync(`/proc/${k}/stat`, 'utf8').split(') ')[1].split(' ');
          cpu[kind] = (cpu[kind] ?? 0) + (Number(stat[11]) + Number(stat[12])) / 100;
        } catch {
          /* gone */
        }
        walk(k);
      }
    };
    walk(process.pid);
    return { total, by, uss, cpu };
  };
  // PSS splits shared pages among every Chromium on the machine (other runs lower it); USS is the
  // processes' private memory alone.
  const fmtKinds = (m) => `${m.total.toFixed(0)} MiB (${Object.entries(m.by).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}; private ${m.uss.toFixed(0)})`;
  // Chromium's own: one empty page.
  const blank = await browser.newPage();
  await blank.goto('about:blank');
  await new Promise((r) => setTimeout(r, 1000));
  const empty = pss();
  await blank.close();
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => console.log('page error:', e.message));
  // Every worker of the page (the workspace's engine, the batch's two) through the page's DevTools
  // session: its JS heap polled with the other figures, and profiled with BENCH_PROFILE.
  const wcdp = await page.context().newCDPSession(page);
  const workers = new Map();
  const waiting = new Map();
  let callId = 1;
  const inWorker = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = callId++;
      waiting.set(id, resolve);
      wcdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => (waiting.delete(id), resolve(null)));
    });
  wcdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    waiting.get(m.id)?.(m.result ?? null);
    waiting.delete(m.id);
  });
  wcdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    const w = { label: '', peak: 0, peakTotal: 0, peakBuffers: 0, last: null, busy: false };
    workers.set(sessionId, w);
    const named = await inWorker(sessionId, 'Runtime.evaluate', { expression: 'self.name', returnByValue: true });
    const name = named?.result?.value || 'worker';
    w.label = `${name} ${[...workers.values()].filter((x) => x.label.startsWith(name)).length + 1}`;
    if (process.env.BENCH_PROFILE) {
      await inWorker(sessionId, 'Profiler.enable');
      await inWorker(sessionId, 'Profiler.setSamplingInterval', { interval: 200 });
      await inWorker(sessionId, 'Profiler.start');
    }
  });
  wcdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.get(sessionId) && (workers.get(sessionId).gone = true));
  await wcdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const pollWorkers = () =>
    Promise.all(
      [...workers].map(async ([sessionId, w]) => {
        if (w.busy || w.gone) return;
        w.busy = true;
        const h = await inWorker(sessionId, 'Runtime.getHeapUsage');
        w.busy = false;
        if (!h) return;
        w.last = h;
        w.peak = Math.max(w.peak, h.usedSize);
        w.peakTotal = Math.max(w.peakTotal, h.totalSize);
        w.peakBuffers = Math.max(w.peakBuffers, h.backingStorageSize ?? 0);
      }),
    );
  const MiB = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const fmtWorkers = () => [...workers.values()].map((w) => `${w.label}: JS heap used peak ${MiB(w.peak)} (reserved ${MiB(w.peakTotal)}), end ${w.last ? MiB(w.last.usedSize) : '?'}; ArrayBuffers peak ${MiB(w.peakBuffers)}`);
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
  await new Promise((r) => setTimeout(r, 1000));
  await pollWorkers();
  const idle = pss();
  const idleWorkers = fmtWorkers();
  // Peaks: of the whole, with its kinds at that moment, and of each kind on its own.
  let peak = idle;
  let ussPeak = idle.uss;
  const kindPeak = { ...idle.by };
  const sample = () => {
    const m = pss();
    if (m.total > peak.total) peak = m;
    ussPeak = Math.max(ussPeak, m.uss);
    for (const [k, v] of Object.entries(m.by)) kindPeak[k] = Math.max(kindPeak[k] ?? 0, v);
  };
  const sampler = setInterval(() => (sample(), void pollWorkers()), 500);
  const loadBefore = loadavg()[0].toFixed(1);
  const cpu0 = pss().cpu;
  const t0 = Date.now();
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(files);
  // Polled twice a second with a plain selector: Playwright's role queries would load the page's thread.
  await page.waitForFunction(() => document.getElementById('same-day-title') !== null, null, { polling: 500, timeout: 600_000 });
  const total = Date.now() - t0;
  if (process.env.BENCH_TRACE) await browser.stopTracing();
  const m1 = await metrics();
  clearInterval(sampler);
  const cpu1 = pss().cpu;
  sample();
  await pollWorkers();
  const { raw, changeAt } = await page.evaluate(() => ({ raw: window.__raw, changeAt: window.__changeAt }));
  const choice = raw.find(([at, d]) => at <= changeAt && changeAt <= at + d);
  const tasks = raw.filter((t) => t !== choice).map(([, d]) => d);
  // Self time by function of a DevTools profile, the largest first.
  const selfTimes = (profile, top = 25) => {
    const self = new Map();
    const dt = profile.timeDeltas;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop().slice(0, 40)}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  };
  if (cdp) {
    // Where the page's own thread spent its time, for finding long tasks; then each worker's.
    console.log("page's thread:");
    selfTimes((await cdp.send('Profiler.stop')).profile);
    for (const [sessionId, w] of workers) {
      const got = w.gone ? null : await inWorker(sessionId, 'Profiler.stop');
      if (!got) continue;
      console.log(`${w.label}:`);
      selfTimes(got.profile, 30);
    }
  }
  if (process.env.BENCH_DEBUG) console.log('long tasks [ms after start, ms]:', JSON.stringify(await page.evaluate(() => window.__longAt)));
  const heap = await page.evaluate(() => (performance.memory ? Math.round(performance.memory.usedJSHeapSize / 2 ** 20) : NaN));
  const heading = await page.getByRole('heading', { name: /^批量校验/ }).innerText();
  const lists = await page.getByRole('heading', { name: /^(同日超学分|跨文件重复)/ }).allInnerTexts();
  console.log(`batch page ${N} rosters × ${R} attendees${ZIPPED ? ' (one .zip)' : ''}: ${heading}; ${lists.join('；')}; machine load ${loadBefore} → ${loadavg()[0].toFixed(1)}`);
  console.log(`  total ${(total / 1000).toFixed(1)} s (${((N * R) / (total / 1000)).toFixed(0)} rows/s), longest main-thread task ${tasks.length ? `${Math.max(...tasks).toFixed(0)} ms` : 'none over 50 ms'} (${tasks.length} over 50 ms), page heap ${heap} MiB, browser peak ${peak.total.toFixed(0)} MiB (all processes, PSS)`);
  console.log(`  memory (PSS): empty page ${fmtKinds(empty)}; page at rest ${fmtKinds(idle)}; batch peak ${fmtKinds(peak)}`);
  console.log(`  each kind's own peak: ${Object.entries(kindPeak).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} MiB; the batch's own (peak − at rest) ${(peak.total - idle.total).toFixed(0)} MiB; private memory peak ${ussPeak.toFixed(0)} MiB (at rest ${idle.uss.toFixed(0)})`);
  console.log(`  CPU time during the batch: ${Object.entries(cpu1).map(([k, v]) => `${k} ${(v - (cpu0[k] ?? 0)).toFixed(1)} s`).join(', ')}`);
  console.log(`  workers at rest: ${idleWorkers.join('; ') || 'none'}`);
  for (const line of fmtWorkers()) console.log(`  ${line}`);
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
