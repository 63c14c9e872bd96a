// Bundle the command line into one file that runs on plain node: dist-cli/roster-check.mjs.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/roster-check.ts'],
  outfile: 'dist-cli/roster-check.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
