// Prints the table of rules in docs/rules.md from the registry (src/lib/core/rules/index.ts): paste it
// under the text there. A unit test fails while docs/rules.md and the registry differ.
// Usage: node scripts/rules-table.mjs
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rules-table-'));
const out = join(dir, 'rules.mjs');
await build({ stdin: { contents: "export { rulesTable } from './src/lib/core/rules/index';", resolveDir: root, loader: 'ts' }, outfile: out, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { rulesTable } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true });
console.log(rulesTable());
