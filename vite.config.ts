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

export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte(), ...(mode === 'single' ? [inlineWorker()] : [])],
  // Classic workers: Chromium refuses module workers from a blob: URL on a file:// page.
  worker: { format: 'iife' },
  build: {
    outDir: mode === 'single' ? 'dist-single' : 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    // The single-file build holds the engine twice (the inlined worker and the main-thread
    // fallback), each with SheetJS's code-page table (about 450 kB, for Excel 95 files): 2.4 MB.
    chunkSizeWarningLimit: 3000,
    rollupOptions: mode === 'single' ? { output: { codeSplitting: false } } : {},
  },
  server: { host: '127.0.0.1' },
}));
