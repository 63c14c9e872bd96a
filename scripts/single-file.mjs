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
 * The two inlined workers (the roster's and the batch's) are each the whole engine as one string
 * literal, 1.2 MB apiece, almost all of it the same code. They go in compressed (raw DEFLATE, as
 * base64) and are inflated on the page when the script starts, with fflate's inflater (about
 * 10 kB): the file shrinks by about 1.5 MB. Only the worker sources are compressed; the page's own
 * code (and the engine it runs when no worker can start) stays plain script, as the
 * Content-Security-Policy allows no eval.
 */
async function compressWorkers(code) {
  const found = [];
  const start = /=(['"`])\(function\(\)\{/g;
  for (let m; (m = start.exec(code)); ) {
    const q = m[1];
    const from = m.index + 1;
    let i = from + 1;
    for (; i < code.length && code[i] !== q; i++) {
      if (code[i] === '\\') i++;
      else if (q === '`' && code[i] === '$' && code[i + 1] === '{') throw new Error('a worker source with ${…} cannot be compressed');
    }
    const to = i + 1;
    if (to - from > 100_000) found.push([from, to]);
    start.lastIndex = to;
  }
  if (found.length !== 2) throw new Error(`expected the two inlined workers, found ${found.length}`);
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
  const prelude = `${inflater.outputFiles[0].text.trim()}
const __rosterWorkerSource = (b) => { const s = atob(b); const u = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); return __rosterInflate.strFromU8(__rosterInflate.inflateSync(u)); };
`;
  let out = '';
  let at = 0;
  for (const [from, to] of found) {
    const source = runInNewContext(code.slice(from, to));
    if (typeof source !== 'string') throw new Error('a worker source is not a string');
    const packed = deflateRawSync(Buffer.from(source, 'utf8'), { level: 9 }).toString('base64');
    out += `${code.slice(at, from)}__rosterWorkerSource("${packed}")`;
    at = to;
  }
  return prelude + out + code.slice(at);
}

// "</script" inside the code would end the inline element early; "<\/script" means the same in JS.
const script = (await compressWorkers(readFileSync(`${SRC}/assets/${js[0]}`, 'utf8'))).replace(/<\/(script)/gi, '<\\/$1');
const hash = createHash('sha256').update(script).digest('base64');
html = html.replace(/<script type="module"[^>]*src="[^"]*"[^>]*><\/script>/, () => '');
html = html.replace(/<link rel="stylesheet"[^>]*href="[^"]*"[^>]*>/g, () => '');
const styles = css.map((f) => `<style>${readFileSync(`${SRC}/assets/${f}`, 'utf8')}</style>`).join('\n');
html = html.replace('</head>', () => `${styles}\n</head>`);
html = html.replace('</body>', () => `<script type="module">${script}</script>\n</body>`);
// The page's icon (public/favicon.svg, copied beside the HTML by Vite) as a data: URL, which the
// policy's img-src allows: no file is referenced that is not in the HTML itself.
html = html.replace(/(<link rel="icon"[^>]*href=")([^"]*)"/, (_, start, href) => {
  if (href.startsWith('data:')) return `${start}${href}"`;
  const svg = readFileSync(`${SRC}/${href.replace(/^\.?\//, '')}`);
  return `${start}data:image/svg+xml;base64,${svg.toString('base64')}"`;
});
if (!/<link rel="icon"[^>]*href="data:image\/svg\+xml;base64,/.test(html)) throw new Error('page icon not inlined');
html = html.replace(/script-src 'self'/, `script-src 'sha256-${hash}'`);
if (!html.includes(`'sha256-${hash}'`)) throw new Error('CSP script hash not set');
writeFileSync(OUT, html);
rmSync(SRC, { recursive: true, force: true });
console.log(`${OUT} ${(statSync(OUT).size / 1024).toFixed(0)} KiB`);
