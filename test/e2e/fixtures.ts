// The `test` every end-to-end spec uses: Playwright's, plus a check that runs around every test
// whatever it does: no request leaves the machine. Allowed are the preview server the page comes
// from, the single HTML file itself, and blob: and data: URLs (the worker and downloads).
import { test as base, expect } from '@playwright/test';
import { ORIGIN } from '../../playwright.config';

export { expect };

const ALLOWED = new RegExp(`^(${ORIGIN.replace(/\./g, '\\.')}/|blob:|data:|file://.*/dist/roster-check\\.html$)`);

export const test = base.extend<{ noForeignRequests: void }>({
  noForeignRequests: [
    async ({ context }, use) => {
      const foreign: string[] = [];
      context.on('request', (r) => {
        if (!ALLOWED.test(r.url())) foreign.push(r.url());
      });
      await use();
      expect(foreign, 'requests that left the page').toEqual([]);
    },
    { auto: true },
  ],
});
