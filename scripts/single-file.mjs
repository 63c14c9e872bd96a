// Make dist/roster-check.html: the whole page in one file that works from file:// (a USB stick, an
// intranet share) with no other file beside it. Runs after `vite build --mode single`, which has
// already inlined the worker and every import into one script; here the script and the CSS go
// into the HTML, and the Content-Security-Policy allows exactly that script by its hash.
// Usage: node scripts/single-file.mjs [out]   (default dist/roster-check.html; the page benchmark
// writes its own copy under dist-bench/).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';

const SRC = 'dist-single';
const OUT = process.argv[2] ?? 'dist/roster-check.html';
let html = readFileSync(`${SRC}/index.html`, 'utf8');
const assets = readdirSync(`${SRC}/assets`);
const js = assets.filter((f) => f.endsWith('.js'));
const css = assets.filter((f) => f.endsWith('.css'));
if (js.length !== 1) throw new Error(`expected one script in ${SRC}/assets, found ${js.join(', ')}`);

/**
 * Script text kept in an element that never runs (a script element of a type that is not
 * JavaScript): the HTML parser only looks for its end tag, and nothing is compiled. "</script"
 * inside it would end the element early; "<\/script" means the same in JS. With `deflate`, the
 * text is stored compressed (raw DEFLATE, as base64) for code the first screen never needs: the
 * file is read and parsed faster, and __rosterKept inflates it when it is needed.
 */
function kept(id, source, deflate = false) {
  if (deflate) {
    const packed = deflateRawSync(Buffer.from(source, 'utf8'), { level: 9 }).toString('base64');
    return { text: source, html: `<script type="text/x-roster-engine" id="${id}" data-deflated>${packed}</script>` };
  }
  const text = source.replace(/<\/(script)/gi, '<\\/$1');
  // After "<!--", "<script" would put the parser in a state where the element's end tag does not
  // end it; no source here has one, and a future one must not slip through.
  if (/<script[\s/>]/i.test(text)) throw new Error(`${id}: "<script" in a kept script`);
  return { text, html: `<script type="text/x-roster-engine" id="${id}">${text}</script>` };
}

/**
 * Defines __rosterKept(id), the text of a kept element (inflated if stored compressed), with
 * fflate's inflater (about 10 kB), at the top of the page's script.
 */
async function keptReader() {
  const inflater = await build({
    stdin: { contents: "export { inflateSync, strFromU8 } from 'fflate';", resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: '__rosterInflate',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return `${inflater.outputFiles[0].text.trim()}
const __rosterKept = (id) => { const el = document.getElementById(id); const t = el.textContent; if (!el.hasAttribute('data-deflated')) return t; const s = atob(t); const u = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); return __rosterInflate.strFromU8(__rosterInflate.inflateSync(u)); };
`;
}

/**
 * The two inlined workers (the roster's and the batch's) are each the whole engine as one string
 * literal, 1.2 MB apiece. In the page's script they would be scanned (and, compressed, inflated)
 * before the first screen; instead each goes into an element of its own that never runs. The
 * roster worker starts with the page: it is kept as plain text, read when it starts (a DOM read,
 * nothing to decode). The batch worker's module is loaded only when a batch starts (client.ts,
 * startBatchWorker), so it is kept compressed and inflated then.
 */
function keepWorkers(code) {
  const found = [];
  const start = /=(['"`])\(function\(\)\{/g;
  for (let m; (m = start.exec(code)); ) {
    const q = m[1];
    const from = m.index + 1;
    let i = from + 1;
    for (; i < code.length && code[i] !== q; i++) {
      if (code[i] === '\\') i++;
      else if (q === '`' && code[i] === '$' && code[i + 1] === '{') throw new Error('a worker source with ${…} cannot be kept apart');
    }
    const to = i + 1;
    if (to - from > 100_000) found.push([from, to]);
    start.lastIndex = to;
  }
  if (found.length !== 2) throw new Error(`expected the two inlined workers, found ${found.length}`);
  let out = '';
  let at = 0;
  const elements = [];
  for (const [from, to] of found) {
    const source = runInNewContext(code.slice(from, to));
    if (typeof source !== 'string') throw new Error('a worker source is not a string');
    const batch = source.includes('batch-result');
    const id = batch ? 'roster-batch-worker' : 'roster-worker';
    if (elements.some((e) => e.includes(`id="${id}"`))) throw new Error('expected one roster worker and one batch worker');
    elements.push(kept(id, source, batch).html);
    out += `${code.slice(at, from)}__rosterKept(${JSON.stringify(id)})`;
    at = to;
  }
  return { code: out + code.slice(at), elements };
}

/**
 * The engine the page runs on its own thread when no worker can start (client.ts): bundled here
 * as one classic script that sets globalThis.__rosterFallbackEngine, and kept compressed in an
 * element until then (vite.config.ts, lazyFallback runs it); the policy allows it by its hash.
 */
async function fallbackEngine() {
  const r = await build({
    stdin: { contents: "export { EngineService } from './src/lib/worker/service';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: '__rosterFallbackEngine',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return kept('roster-fallback-engine', r.outputFiles[0].text, true);
}

// "</script" inside the code would end the inline element early; "<\/script" means the same in JS.
const workers = keepWorkers(readFileSync(`${SRC}/assets/${js[0]}`, 'utf8'));
const script = (await keptReader() + workers.code).replace(/<\/(script)/gi, '<\\/$1');
const fallback = await fallbackEngine();
const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
html = html.replace(/<script type="module"[^>]*src="[^"]*"[^>]*><\/script>/, () => '');
html = html.replace(/<link rel="stylesheet"[^>]*href="[^"]*"[^>]*>/g, () => '');
const styles = css.map((f) => `<style>${readFileSync(`${SRC}/assets/${f}`, 'utf8')}</style>`).join('\n');
html = html.replace('</head>', () => `${styles}\n</head>`);
html = html.replace('</body>', () => `${[...workers.elements, fallback.html].join('\n')}\n<script type="module">${script}</script>\n</body>`);
// The page's icon (public/favicon.svg, copied beside the HTML by Vite) as a data: URL, which the
// policy's img-src allows: no file is referenced that is not in the HTML itself.
html = html.replace(/(<link rel="icon"[^>]*href=")([^"]*)"/, (_, start, href) => {
  if (href.startsWith('data:')) return `${start}${href}"`;
  const svg = readFileSync(`${SRC}/${href.replace(/^\.?\//, '')}`);
  return `${start}data:image/svg+xml;base64,${svg.toString('base64')}"`;
});
if (!/<link rel="icon"[^>]*href="data:image\/svg\+xml;base64,/.test(html)) throw new Error('page icon not inlined');
html = html.replace(/script-src 'self'/, `script-src ${sha(script)} ${sha(fallback.text)}`);
if (!html.includes(`script-src ${sha(script)} ${sha(fallback.text)}`)) throw new Error('CSP script hashes not set');
writeFileSync(OUT, html);
rmSync(SRC, { recursive: true, force: true });
console.log(`${OUT} ${(statSync(OUT).size / 1024).toFixed(0)} KiB`);
