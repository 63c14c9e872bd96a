// Make dist/roster-check.html: the whole page in one file that works from file:// (a USB stick, an
// intranet share) with no other file beside it. Runs after `vite build --mode single`, which has
// already inlined the worker and every import into one script; here the script and the CSS go
// into the HTML, and the Content-Security-Policy allows exactly that script by its hash.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';

const SRC = 'dist-single';
let html = readFileSync(`${SRC}/index.html`, 'utf8');
const assets = readdirSync(`${SRC}/assets`);
const js = assets.filter((f) => f.endsWith('.js'));
const css = assets.filter((f) => f.endsWith('.css'));
if (js.length !== 1) throw new Error(`expected one script in ${SRC}/assets, found ${js.join(', ')}`);

// "</script" inside the code would end the inline element early; "<\/script" means the same in JS.
const script = readFileSync(`${SRC}/assets/${js[0]}`, 'utf8').replace(/<\/(script)/gi, '<\\/$1');
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
writeFileSync('dist/roster-check.html', html);
rmSync(SRC, { recursive: true, force: true });
console.log(`dist/roster-check.html ${(statSync('dist/roster-check.html').size / 1024).toFixed(0)} KiB`);
