import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/io/**/*.test.ts'],
    environment: 'node',
    expect: { requireAssertions: true },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
  },
});
