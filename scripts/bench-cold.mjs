// The page's two cold-start ratios (issue #21, "A page that opens at once"), for bench-page.mjs.
// Each is measured in the page itself (performance marks set by an init script, so the figures
// are not rounded up by a test runner's polling) side by side with bare pages built here from the
// same SheetJS: a page that reads the roster with SheetJS in a worker started at load and draws a
// table, and the same as one self-contained file.
//  - drop → grid: from the file input's change event to the first animation frame with a grid cell
//    in the document, for a fresh page (a new browser context each run) given a 1,000-row roster
//    two seconds after it loaded (a person takes that long to pick a file);
//  - single file from file://: from navigation to the first animation frame with the file input
//    (the drop zone) in the document.
// Runs alternate (bare, page, [page before]) and the medians are printed with the load average.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bundle(contents) {
  const r = await build({ stdin: { contents, resolveDir: process.cwd() }, bundle: true, minify: true, format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  return r.outputFiles[0].text;
}

/** The bare pages: dir/bare/index.html (+ worker.js) and dir/bare/single.html. */
async function writeBarePages(dir) {
  const worker = await bundle(`
    import { read, utils } from 'xlsx';
    self.onmessage = (e) => {
      const wb = read(new Uint8Array(e.data), { type: 'array', dense: true });
      self.postMessage(utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' }));
    };
    self.postMessage('ready');
  `);
  const page = (makeWorker) => `
    const input = document.getElementById('file');
    const table = document.getElementById('roster');
    const w = ${makeWorker};
    const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
    w.onmessage = (e) => {
      if (e.data === 'ready') return;
      table.innerHTML = e.data.map((r) => '<tr>' + r.map((c) => '<td>' + esc(c) + '</td>').join('') + '</tr>').join('');
    };
    input.onchange = async () => { const b = await input.files[0].arrayBuffer(); w.postMessage(b, [b]); };
  `;
  const html = (script) => `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>bare</title></head><body><label>选择文件 <input id="file" type="file"></label><table id="roster"></table>${script}</body></html>`;
  mkdirSync(`${dir}/bare`, { recursive: true });
  writeFileSync(`${dir}/bare/worker.js`, worker);
  writeFileSync(`${dir}/bare/index.html`, html(`<script>${page("new Worker('./worker.js')")}</script>`));
  const inline = `const WORKER_SOURCE = ${JSON.stringify(worker)};\n${page("new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })))")}`;
  writeFileSync(`${dir}/bare/single.html`, html(`<script>${inline.replace(/<\/(script)/gi, '<\\/$1')}</script>`));
}

/** Marks: 'bench:chosen' at the input's change, 'bench:shown' at the first frame with `selector`. */
function marks(selector) {
  const w = window;
  document.addEventListener('change', () => performance.mark('bench:chosen'), true);
  let seen = false;
  const look = () => {
    if (seen || !document.querySelector(selector)) return;
    seen = true;
    requestAnimationFrame(() => performance.mark('bench:shown'));
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  w.__benchShown = () => performance.getEntriesByName('bench:shown').length > 0;
}

async function measure(browser, url, selector, roster, input) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log('page error:', e.message));
    page.on('crash', () => console.log('page crashed:', url));
    await page.addInitScript(marks, selector);
    await page.goto(url);
    if (!roster) {
      await page.waitForFunction(() => window.__benchShown(), null, { timeout: 60_000, polling: 20 });
      return await page.evaluate(() => performance.getEntriesByName('bench:shown')[0].startTime);
    }
    await page.waitForTimeout(2000);
    await page.evaluate(() => performance.clearMarks('bench:shown'));
    await page.locator(input).setInputFiles(roster);
    await page.waitForFunction(() => window.__benchShown(), null, { timeout: 60_000, polling: 20 });
    return await page.evaluate(() => performance.getEntriesByName('bench:shown')[0].startTime - performance.getEntriesByName('bench:chosen')[0].startTime);
  } finally {
    await context.close();
  }
}

/**
 * `dir`: the bench build (served at `origin`), with roster-check.html (the single file) in it.
 * `before`: optionally another such build to measure alternately (copied to dir/before/).
 */
export async function coldStart({ browser, dir, origin, roster, runs = 10, before }) {
  await writeBarePages(dir);
  const targets = [
    { name: 'bare', drop: `${origin}/bare/index.html`, cell: '#roster td', single: pathToFileURL(`${dir}/bare/single.html`).href, zone: '#file' },
    { name: 'page', drop: `${origin}/index.html`, cell: '[role="grid"] [role="gridcell"]', single: pathToFileURL(`${dir}/roster-check.html`).href, zone: 'input[aria-label="选择学员通讯录文件"]' },
  ];
  if (before) {
    rmSync(`${dir}/before`, { recursive: true, force: true });
    cpSync(before, `${dir}/before`, { recursive: true });
    targets.push({ ...targets[1], name: 'before', drop: `${origin}/before/index.html`, single: pathToFileURL(`${dir}/before/roster-check.html`).href });
  }
  const drop = Object.fromEntries(targets.map((t) => [t.name, []]));
  const single = Object.fromEntries(targets.map((t) => [t.name, []]));
  const load = [loadavg()[0]];
  for (let i = 0; i < runs; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      drop[t.name].push(await measure(browser, t.drop, t.cell, roster, t.zone));
      single[t.name].push(await measure(browser, t.single, t.zone, null));
    }
    load.push(loadavg()[0]);
  }
  const line = (what, xs) => `${what} median ${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  console.log(`\nCold start (${runs} alternating runs each; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)})`);
  for (const [what, m] of [['drop → first grid cell, 1,000 rows', drop], ['single file from file:// → drop zone', single]]) {
    console.log(`  ${what}:`);
    for (const t of targets) console.log(`    ${line(t.name, m[t.name])}${t.name === 'bare' ? '' : `: ×${(median(m[t.name]) / median(m.bare)).toFixed(2)} the bare page`}`);
  }
  const dropRatio = median(drop.page) / median(drop.bare);
  const singleRatio = median(single.page) / median(single.bare);
  return { dropRatio, singleRatio, size: readFileSync(`${dir}/roster-check.html`).length };
}
