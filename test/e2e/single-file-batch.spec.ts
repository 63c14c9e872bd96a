// The single HTML file keeps both workers' code compressed (scripts/single-file.mjs): the roster's
// is tried by single-file.spec.ts, the batch's here (a batch has no fallback on the page itself).
import { expect, test } from './fixtures';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { fixture } from './helpers';

const single = new URL('../../dist/roster-check.html', import.meta.url);

test('the single HTML file checks several rosters at once from file://', async ({ page, context }) => {
  expect(existsSync(single), 'run npm run build first').toBe(true);
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(String(e)));
  await page.goto(pathToFileURL(single.pathname).href);
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles([fixture('clean.xlsx'), fixture('planted-defects.xlsx')]);
  await expect(page.getByRole('heading', { name: '批量校验：共 2 个名单' })).toBeVisible({ timeout: 60_000 });
  const list = page.getByRole('region', { name: '名单列表' });
  await expect(list).toContainText('planted-defects.xlsx');
  await expect(list).toContainText('需修改');
  expect(failures).toEqual([]);
});
