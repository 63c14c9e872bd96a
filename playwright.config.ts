import { defineConfig } from '@playwright/test';

// Debian's Chromium, never Playwright's own download (there is no internet here).
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

// E2E_PORT lets several checkouts on one machine run their end-to-end tests side by side.
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const ORIGIN = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  // Assertions retry until they hold: a generous limit costs nothing when the page is quick, and
  // a machine busy with other work must not fail a test that would have passed a moment later.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: ORIGIN,
    viewport: { width: 1366, height: 768 },
    launchOptions: CHROMIUM,
    acceptDownloads: true,
    locale: 'zh-CN',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: ORIGIN,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
