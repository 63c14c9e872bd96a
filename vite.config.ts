import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * For the single-file build (mode "single"): the worker is inlined as a blob and every import is
 * bundled into one script, so dist/roster-check.html works when opened from file:// with no
 * other file beside it. scripts/single-file.mjs then inlines the script and the CSS.
 */
function inlineWorker(): Plugin {
  return {
    name: 'roster-inline-worker',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('?worker')) return null;
      const resolved = await this.resolve(source.replace(/\?worker$/, ''), importer, { skipSelf: true });
      return resolved ? `${resolved.id}?worker&inline` : null;
    },
  };
}

/**
 * The dev server only: index.html's Content-Security-Policy forbids every connection
 * (connect-src 'none'), which also blocks Vite's own live-reload websocket. In development the
 * policy allows that one connection back to the dev server; built pages keep 'none'.
 */
export function devServerCsp(): Plugin {
  return {
    name: 'roster-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/(http-equiv="Content-Security-Policy" content="[^"]*?)connect-src 'none'/, "$1connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
    },
  };
}

export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte(), devServerCsp(), ...(mode === 'single' ? [inlineWorker()] : [])],
  // Classic workers: Chromium refuses module workers from a blob: URL on a file:// page.
  worker: { format: 'iife' },
  build: {
    // mode "bench": the page benchmark's build, with its read-only hook (scripts/bench-page.mjs).
    outDir: mode === 'single' ? 'dist-single' : mode === 'bench' ? 'dist-bench' : 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    // The single-file build holds the engine three times (the roster worker, the batch worker and
    // the main-thread fallback), each with SheetJS's code-page table (about 450 kB, for Excel 95
    // files); scripts/single-file.mjs stores the two workers compressed (2.5 MB in all).
    chunkSizeWarningLimit: 3000,
    rollupOptions: mode === 'single' ? { output: { codeSplitting: false } } : {},
  },
  server: { host: '127.0.0.1' },
}));
