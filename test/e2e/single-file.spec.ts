import { expect, test } from './fixtures';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { readWorkbook } from '../../src/lib/io/read';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { downloadBytes, recordRequests, upload, waitForResult } from './helpers';

const single = new URL('../../dist/roster-check.html', import.meta.url);

test('the single HTML file works from file:// with no network: upload, fix and export', async ({ page, context }) => {
  expect(existsSync(single), 'run npm run build first').toBe(true);
  // No network at all: any request that is not the file itself, a blob or a data URL fails.
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  const requests = recordRequests(page);
  await page.goto(pathToFileURL(single.pathname).href);
  await upload(page, 'planted-defects-gbk.csv');
  await waitForResult(page, 'planted-defects-gbk.csv');
  await expect(page.getByTestId('attendees')).toHaveText('59 人');
  // The engine runs in a worker here too (inlined as a blob), not on the page's thread.
  await expect(page.locator('main')).toHaveAttribute('data-engine', 'worker');
  // No globals in the page people use.
  expect(await page.evaluate(() => '__rosterApp' in window)).toBe(false);

  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校正文件/ }).click();
  const download = await p;
  expect(download.suggestedFilename()).toBe('planted-defects-gbk-已校正.csv');
  const bytes = await downloadBytes(download);
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = readWorkbook(bytes).sheets[0]?.rows ?? [];
  expect(rows[12]?.[8]).toBe('副主任医师');
  expect(rows[14]?.[6]).toBe('河北省');
  // The exported file re-checks clean of every fixable problem (checked by the built command line).
  const cli = fileURLToPath(new URL('../../dist-cli/roster-check.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [cli, '--json', await download.path()], { encoding: 'utf8' });
  const again = JSON.parse(run.stdout) as { summary: { attendees: number }; issues: { fix: string | null }[] };
  expect(again.issues.filter((i) => i.fix !== null)).toEqual([]);
  expect(again.summary.attendees).toBe(59); // 60 rows, one a planted duplicate of another person

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("connect-src 'none'");
  expect(requests.filter((u) => !/^(file|blob|data):/.test(u))).toEqual([]);
});

test('the single HTML file from file:// still checks a roster when no worker can start, on the page itself', async ({ page, context }) => {
  expect(existsSync(single), 'run npm run build first').toBe(true);
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  await page.addInitScript(() => {
    // As on a locked-down browser: creating a worker throws.
    (window as unknown as { Worker: unknown }).Worker = function () {
      throw new Error('workers are disabled');
    };
  });
  await page.goto(pathToFileURL(single.pathname).href);
  // An Excel 97 file: the page's own engine reads .xls too.
  await upload(page, 'planted-defects.xls');
  await waitForResult(page, 'planted-defects.xls');
  await expect(page.getByText('这个浏览器较旧或设置受限，文件改为直接在本页面中处理')).toBeVisible();
  await expect(page.locator('main')).toHaveAttribute('data-engine', 'page');
  await expect(page.getByTestId('errors')).toHaveText('17 处错误');
});
