// npm run bench:page (after npm run build): loads a synthetic roster of 100,000 rows (or the sizes
// given) into the built page in Debian's Chromium and prints the longest main-thread task during the
// load, the load time, and the time from a cell edit to the updated summary. Prints; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { chromium } from '@playwright/test';
import { HEADER, makeRows } from './synth.mjs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [100_000];
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
mkdirSync(out, { recursive: true });
const PORT = 4179;

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (const n of SIZES) {
    const rows = makeRows(n, 5);
    const file = `${out}page-${n}.xlsx`;
    writeFileSync(file, XLSX.write({ SheetNames: ['名单'], Sheets: { 名单: XLSX.utils.aoa_to_sheet([HEADER, ...rows]) } }, { type: 'buffer', bookType: 'xlsx', compression: true }));
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

    // Edit → summary: make a title wrong, then right again, on 20 rows (40 edits, each changes the
    // error count shown in the summary).
    const edits = await page.evaluate(async () => {
      const app = window.__rosterApp;
      const target = document.querySelector('[data-testid="errors"]');
      const col = app.meta.columns.findIndex((c) => c.canonical === '职称');
      const times = [];
      for (let i = 0; i < 40; i++) {
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
    });
    const worst = (xs) => (xs.length ? Math.max(...xs).toFixed(0) : 'none over 50');
    console.log(`\n${n.toLocaleString('en-US')} rows (xlsx ${(rows.length && (await import('node:fs')).statSync(file).size / 1e6).toFixed(1)} MB)`);
    console.log(`  load (file chosen → summary shown): ${(loadMs / 1000).toFixed(1)} s`);
    console.log(`  main-thread long tasks during load: ${longTasks.length}, longest ${worst(longTasks)} ms`);
    console.log(`  main-thread long tasks while scrolling the grid: ${scrollTasks.length}, longest ${worst(scrollTasks)} ms`);
    console.log(`  edit → summary updated: median ${median(edits).toFixed(1)} ms, max ${Math.max(...edits).toFixed(1)} ms (${edits.length} edits)`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
