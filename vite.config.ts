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

/** Where the single file keeps the main-thread engine's source (scripts/single-file.mjs). */
const FALLBACK_ELEMENT = 'roster-fallback-engine';

/**
 * For the single-file build: the engine the page runs itself when no worker can start is not part
 * of the page's script (compiling it would delay every first screen for a rare case). The file
 * keeps it compressed in a script element that never runs (scripts/single-file.mjs), and this
 * module runs it on demand as an inline script the Content-Security-Policy allows by its hash.
 */
function lazyFallback(): Plugin {
  const id = '\0roster-fallback-engine';
  return {
    name: 'roster-lazy-fallback',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === '../worker/service' && importer?.replace(/\\/g, '/').endsWith('/src/lib/ui/client.ts') ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      // __rosterKept: defined at the top of the single file's script (scripts/single-file.mjs).
      return `const script = document.createElement('script');
script.textContent = __rosterKept(${JSON.stringify(FALLBACK_ELEMENT)});
document.head.appendChild(script);
const engine = globalThis.__rosterFallbackEngine;
if (!engine) throw new Error('the main-thread engine did not start');
export const EngineService = engine.EngineService;`;
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
  plugins: [svelte(), devServerCsp(), ...(mode === 'single' ? [inlineWorker(), lazyFallback()] : [])],
  // Classic workers: Chromium refuses module workers from a blob: URL on a file:// page.
  worker: { format: 'iife' },
  build: {
    // mode "bench": the page benchmark's build, with its read-only hook (scripts/bench-page.mjs).
    outDir: mode === 'single' ? 'dist-single' : mode === 'bench' ? 'dist-bench' : 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    // The single-file build's script holds the two workers' sources as strings, which
    // scripts/single-file.mjs moves into script elements that never run (read when a worker starts).
    chunkSizeWarningLimit: 3000,
    rollupOptions: mode === 'single' ? { output: { codeSplitting: false } } : {},
  },
  server: { host: '127.0.0.1' },
}));
