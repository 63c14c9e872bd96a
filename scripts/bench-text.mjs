// Per-cell text work on the worst cells we know: the time of each normalisation function, and of
// checking a whole row, for cells of 32,767 characters (Excel's limit) built to be slow. Prints
// milliseconds per call; every figure should stay under 1 ms. Run: node scripts/bench-text.mjs
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HEADER, makeRows } from './synth.mjs';
import { COMBINING } from './hostile-legacy.mjs';

const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
mkdirSync(out, { recursive: true });
await build({ entryPoints: [fileURLToPath(new URL('../src/lib/core/index.ts', import.meta.url))], outfile: `${out}core.mjs`, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'warning' });
await build({ stdin: { contents: "export * from './normalize';", resolveDir: fileURLToPath(new URL('../src/lib/core/', import.meta.url)), loader: 'ts' }, outfile: `${out}normalize.mjs`, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'warning' });
const core = await import(pathToFileURL(`${out}core.mjs`).href);
const norm = await import(pathToFileURL(`${out}normalize.mjs`).href);

const CELLS = {
  'combining marks, mixed classes': COMBINING,
  'combining marks, one class': '\u0301'.repeat(32767),
  'full-width digits and spaces': '１\u3000'.repeat(16383),
  'Hangul jamo': '\u1100\u1161\u11a8'.repeat(10922),
  'zero-width characters': '\u200b'.repeat(32767),
  'CJK with spaces': '张 '.repeat(16383),
  'bidi controls and variation selectors': '张\u202e\ufe0f'.repeat(10922),
  'NUL and supplementary selectors': '\u0000\u{e0100}'.repeat(10922),
};

function time(fn, n = 20) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
}

const fns = ['matchKey', 'compactCode', 'cleanText', 'cleanName', 'isBlank', 'charLength'];
console.log(['cell', ...fns, 'whole row (ms/cell)'].join('\t'));
const profile = core.builtinProfile('national');
const settings = { hostProvince: '北京市', practical: false, today: '2026-11-23' };
for (const [what, cell] of Object.entries(CELLS)) {
  const row = makeRows(1, 3)[0].map((v, c) => (c === 0 ? v : cell));
  const wb = { format: 'xlsx', sheets: [{ name: 's', rows: [HEADER, row], numeric: new Set() }] };
  const perCell = time(() => core.analyze(wb, profile, settings), 3) / (row.length - 1);
  console.log([what, ...fns.map((f) => time(() => norm[f](cell)).toFixed(3)), perCell.toFixed(3)].join('\t'));
}
