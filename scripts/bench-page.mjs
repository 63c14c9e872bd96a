// npm run bench:page (builds the page in mode "bench" first): loads synthetic rosters of 1k, 10k and 100k rows (or the
// sizes given) into the built page in Debian's Chromium and prints the load time, the longest
// main-thread task during the load and while scrolling, the time from a cell edit to the updated
// summary, and the page's JS heap. A 1,000,000-row CSV (175 MB) is over the page's budget: for it,
// the time until the page says so, the longest task meanwhile, and an edit on the roster that stays.
// Prints; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000, 10_000, 100_000, 1_000_000];
/** Above this the page refuses the file (120,000 rows, 32 MiB); it is offered as CSV. */
const REFUSED_ABOVE = 120_000;
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
mkdirSync(out, { recursive: true });
const PORT = 4179;

// The page with its benchmark hook (window.__rosterApp) exists only in a build of mode "bench".
execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn'], { stdio: 'inherit' });
// In a process group of its own: npx starts vite as a child, and killing npx alone left vite running.
const server = spawn('npx', ['vite', 'preview', '--mode', 'bench', '--outDir', 'dist-bench', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The engine benchmark's roster of n rows (.xlsx, or CSV above the page's budget), made once. */
function rosterFile(n) {
  const file = `${out}roster-${n}.${n > REFUSED_ABOVE ? 'csv' : 'xlsx'}`;
  if (!existsSync(file)) execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(new URL('./bench.mjs', import.meta.url)), '--generate', String(n)], { stdio: 'inherit' });
  return file;
}

/** Edit → summary: make a title wrong, then right again (each edit changes the error count). */
async function editLatencies(page, count) {
  return page.evaluate(async (count) => {
    const app = window.__rosterApp;
    const target = document.querySelector('[data-testid="errors"]');
    const col = app.meta.columns.findIndex((c) => c.canonical === '职称');
    const times = [];
    for (let i = 0; i < count; i++) {
      const r = app.meta.firstDataRow + ((Math.floor(i / 2) * 7919) % (app.meta.rowCount - app.meta.firstDataRow));
      const value = i % 2 ? '主治医师' : '中级';
      const changed = new Promise((resolve) => {
        const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
        mo.observe(target, { childList: true, characterData: true, subtree: true });
        setTimeout(() => resolve(Number.NaN), 5000);
      });
      const t = performance.now();
      void app.edit(r, col, value);
      times.push((await changed) - t);
    }
    return times.filter((x) => !Number.isNaN(x));
  }, count);
}
const heapMiB = (page) => page.evaluate(() => (performance.memory ? Math.round(performance.memory.usedJSHeapSize / 2 ** 20) : NaN));
const worst = (xs) => (xs.length ? `${Math.max(...xs).toFixed(0)} ms` : 'none over 50 ms');

try {
  for (const n of SIZES) {
    const refused = n > REFUSED_ABOVE;
    const file = rosterFile(n);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('crash', () => console.log('page crashed'));
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.addInitScript(() => {
      const w = window;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByRole('button', { name: '清除本机保存的数据' }).click();
    await page.reload();
    if (refused) {
      // A roster to keep: 1,000 rows; then the file that is too large.
      const small = rosterFile(1000);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(small);
      await page.getByTestId('attendees').waitFor({ timeout: 60_000 });
      await page.evaluate(() => (window.__longTasks = []));
      const t0 = Date.now();
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(file);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 600_000 });
      const ms = Date.now() - t0;
      const text = await alert.textContent();
      const longTasks = await page.evaluate(() => window.__longTasks.slice());
      const edits = await editLatencies(page, 20);
      console.log(`\n${n.toLocaleString('en-US')} rows (CSV ${(statSync(file).size / 1e6).toFixed(1)} MB): over the page's budget`);
      console.log(`  file chosen → message shown: ${ms} ms: “${text}”`);
      console.log(`  main-thread long tasks meanwhile: ${longTasks.length}, longest ${worst(longTasks)}`);
      console.log(`  the 1,000-row roster stays: edit → summary median ${median(edits).toFixed(1)} ms (${edits.length} edits); JS heap ${await heapMiB(page)} MiB`);
      await page.close();
      continue;
    }
    await page.evaluate(() => (window.__longTasks = []));
    const t0 = Date.now();
    await page.getByLabel('选择学员通讯录文件').first().setInputFiles(file);
    await page.getByTestId('attendees').waitFor({ timeout: 600_000 });
    const loadMs = Date.now() - t0;
    const longTasks = await page.evaluate(() => window.__longTasks.slice());

    // Scroll through the grid while measuring long tasks.
    await page.evaluate(() => (window.__longTasks = []));
    const grid = page.getByRole('grid', { name: '学员名单' });
    for (let i = 0; i < 20; i++) await grid.evaluate((el, y) => (el.scrollTop = y), i * 97_003 % (n * 30));
    await page.waitForTimeout(300);
    const scrollTasks = await page.evaluate(() => window.__longTasks.slice());

    // 40 edits on 20 rows.
    const edits = await editLatencies(page, 40);
    console.log(`\n${n.toLocaleString('en-US')} rows (xlsx ${(statSync(file).size / 1e6).toFixed(1)} MB)`);
    console.log(`  load (file chosen → summary shown): ${(loadMs / 1000).toFixed(1)} s (${Math.round((n / loadMs) * 1000).toLocaleString('en-US')} rows/s)`);
    console.log(`  main-thread long tasks during load: ${longTasks.length}, longest ${worst(longTasks)}`);
    console.log(`  main-thread long tasks while scrolling the grid: ${scrollTasks.length}, longest ${worst(scrollTasks)}`);
    console.log(`  edit → summary updated: median ${median(edits).toFixed(1)} ms, max ${Math.max(...edits).toFixed(1)} ms (${edits.length} edits)`);
    console.log(`  page JS heap after load and edits: ${await heapMiB(page)} MiB`);
    await page.close();
  }
} finally {
  await browser.close();
  process.kill(-server.pid);
}
