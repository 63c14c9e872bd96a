// Bundle the command line into files that run on plain node: dist-cli/roster-check.mjs, and the
// worker thread that --batch reads and checks rosters on, dist-cli/batch-worker.mjs.
import { build } from 'esbuild';

for (const [entry, out] of [['src/cli/roster-check.ts', 'roster-check.mjs'], ['src/cli/batch-worker.ts', 'batch-worker.mjs']]) {
  await build({
    entryPoints: [entry],
    outfile: `dist-cli/${out}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
}
