import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // Compiles the page's .svelte.ts modules (runes), so that their logic is unit-tested too.
  plugins: [svelte()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/io/**/*.test.ts'],
    environment: 'node',
    expect: { requireAssertions: true },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
  },
});
