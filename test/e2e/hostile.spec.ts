import { expect, test } from './fixtures';
import { fileURLToPath } from 'node:url';
import { HOSTILE } from '../../scripts/make-hostile.mjs';
import { correctTitleInRow14, fresh, openSettings, upload, waitForResult } from './helpers';

const hostile = (name: string) => fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url));

interface Case { name: string; code: number; stderr?: RegExp }
const cases = HOSTILE as Case[];

test.setTimeout(300_000);

test('every hostile file gets a clear message in the page, and the roster before it stays with its edits', async ({ page }) => {
  await fresh(page);
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  // An edit that must survive every refused file.
  await correctTitleInRow14(page);

  // The edit is never exported, so the page asks before each file (no-loss.spec.ts); the clerk goes on.
  const goOn = () => page.getByRole('dialog').getByRole('button', { name: '换文件，不保留修改' }).click();
  for (const c of cases.filter((x) => x.code === 2)) {
    await page.getByLabel('选择学员通讯录文件').first().setInputFiles(hostile(c.name));
    await goOn();
    const alert = page.getByRole('alert');
    await expect(alert, c.name).toBeVisible({ timeout: 30_000 });
    if (c.stderr) await expect(alert, c.name).toHaveText(c.stderr);
    await expect(page.getByRole('heading', { name: '校验结果：planted-defects.xlsx' }), c.name).toBeVisible();
    await expect(page.getByTestId('errors'), c.name).toHaveText('16 处错误');
    // Done with this file (an earlier file's message may still have been on screen).
    await expect(page.getByLabel('选择学员通讯录文件').first(), c.name).toBeEnabled({ timeout: 30_000 });
  }

  // Files that are read: each replaces the roster and shows its result, markup as plain text. The
  // page asks while the roster on screen still holds the edit (until one of them replaces it).
  for (const c of cases.filter((x) => x.code !== 2)) {
    await page.getByLabel('选择学员通讯录文件').first().setInputFiles(hostile(c.name));
    await expect
      .poll(async () => {
        if (await page.getByRole('dialog').isVisible()) await goOn();
        return page.getByLabel('选择学员通讯录文件').first().isEnabled();
      }, { message: c.name, timeout: 30_000 })
      .toBe(true);
    await expect(page.getByLabel('选择学员通讯录文件').first(), c.name).toBeEnabled({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: `校验结果：${c.name}` }).or(page.getByRole('alert')).first(), c.name).toBeVisible({ timeout: 30_000 });
  }
  // Markup in cells is never markup in the page.
  expect(await page.locator('img[onerror], script:not([type="module"])').count()).toBe(0);
  // Still responsive: a setting can be changed.
  await openSettings(page);
  await page.getByLabel('北京市级').check();
  await expect(page.getByLabel('北京市级')).toBeChecked();
});
