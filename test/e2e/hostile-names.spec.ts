// The page's side of the names in the hostile corpus (scripts/hostile-names.mjs): a zip made by
// Windows on a Chinese PC is read with its names as Windows shows them (the manifest matches, the
// same-day credit error is found), and member names with control characters are shown escaped,
// never as an escape sequence or a reordered name.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { fresh } from './helpers';
import { NAMES, makeNames } from '../../scripts/hostile-names.mjs';

let dir = '';
test.beforeAll(() => {
  dir = makeNames(`${mkdtempSync(join(tmpdir(), 'names-e2e-'))}/`);
});

test.beforeEach(async ({ page }) => {
  await fresh(page);
});

const table = (page: import('@playwright/test').Page) => page.getByRole('region', { name: '名单列表' });

test('a zip made by Windows: its GBK names match the manifest and the same-day credit error is found', async ({ page }) => {
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles([join(dir, NAMES.windowsZip), join(dir, NAMES.windowsManifest)]);
  await expect(page.getByRole('heading', { name: `同日超学分（${NAMES.sameDay} 条，错误）` })).toBeVisible({ timeout: 60_000 });
  for (const m of NAMES.windowsMembers) await expect(table(page).getByRole('row').filter({ hasText: `${NAMES.windowsZip}/${m}` })).toHaveCount(1);
  await expect(page.getByText('ѧԱͨѶ¼')).toHaveCount(0);
});

test('member names with control characters are shown escaped', async ({ page }) => {
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(join(dir, NAMES.controlZip));
  await expect(table(page).getByRole('row').filter({ hasText: `${NAMES.controlZip}/\\x1b[2J\\x1b[H清屏.xlsx` })).toHaveCount(1, { timeout: 60_000 });
  await expect(table(page).getByRole('row').filter({ hasText: `${NAMES.controlZip}/名单\\u202excsl.xlsx` })).toHaveCount(1);
  const text = await table(page).innerText();
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
});
