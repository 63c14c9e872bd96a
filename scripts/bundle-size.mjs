// What the page's scripts are made of: builds the page once with source maps into a temporary
// folder and prints, for each script, its size (UTF-8 bytes, as the file holds them) by origin:
// each npm package (SheetJS's code-page table apart), and each folder of src. The single-file page
// (dist/roster-check.html) holds the page's script, both workers and the engine for browsers
// where no worker starts, so its size is close to the sum of those four.
//   node scripts/bundle-size.mjs
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = Object.fromEntries([...B64].map((c, i) => [c, i]));

/** The source-map "mappings" as [generated line, generated column, source index] per segment. */
function segments(mappings) {
  const out = [];
  let source = 0;
  mappings.split(';').forEach((line, l) => {
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = DIGIT[ch];
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0];
      if (values.length > 1) source += values[1];
      out.push([l, col, values.length > 1 ? source : -1]);
    }
  });
  return out;
}

function origin(path) {
  if (!path) return '(no source)';
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return path.includes('cpexcel') ? `${pkg} (code-page table)` : pkg;
  }
  const src = path.indexOf('src/');
  return src >= 0 ? path.slice(src).replace(/\/[^/]+$/, '') : path;
}

const kib = (n) => `${(n / 1024).toFixed(0).padStart(6)} KiB`;

const out = mkdtempSync(join(tmpdir(), 'bundle-size-'));
try {
  await build({ logLevel: 'warn', build: { outDir: out, emptyOutDir: true, sourcemap: true } });
  const assets = join(out, 'assets');
  let total = 0;
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(assets, file), 'utf8');
    const map = JSON.parse(readFileSync(join(assets, `${file}.map`), 'utf8'));
    const lineStart = [0];
    for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStart.push(i + 1);
    const segs = segments(map.mappings);
    const by = new Map();
    for (let i = 0; i < segs.length; i++) {
      const [l, c, s] = segs[i];
      const next = segs[i + 1];
      const a = lineStart[l] + c;
      const b = next ? lineStart[next[0]] + next[1] : code.length;
      const key = origin(s >= 0 ? map.sources[s] : null);
      by.set(key, (by.get(key) ?? 0) + Buffer.byteLength(code.slice(a, b)));
    }
    const size = Buffer.byteLength(code);
    total += size;
    console.log(`\n${file}: ${kib(size).trim()}`);
    for (const [k, v] of [...by].sort((x, y) => y[1] - x[1]).filter(([, v]) => v >= 2048)) console.log(`${kib(v)}  ${k}`);
  }
  console.log(`\nall scripts: ${kib(total).trim()}`);
  if (existsSync('dist/roster-check.html')) console.log(`dist/roster-check.html (last npm run build): ${kib(statSync('dist/roster-check.html').size).trim()}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
