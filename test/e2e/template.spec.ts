import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { readWorkbook } from '../../src/lib/io/read';
import { expectAccessible, fixture, fresh, stored, upload, waitForResult } from './helpers';

test.beforeEach(async ({ page }) => {
  await fresh(page);
});

test('an official blank template checks every roster by its own lists, is kept after a reload, and 移除 goes back to the built-in profile', async ({ page }) => {
  await page.getByLabel('载入官方空白模板').setInputFiles(fixture('template-blank.xlsx'));
  await expect(page.getByText(/正在按模板 template-blank\.xlsx 校验/)).toBeVisible();
  await expect(page.getByRole('cell', { name: '模板新增的列' })).toBeVisible();
  await expectAccessible(page, 'template loaded');

  // The template's lists replace the built-in dictionaries: one more error than the built-in
  // profile finds in this copy (a title the template does not list; see template-cli.test.ts).
  await upload(page, 'template-filled.xlsx');
  await waitForResult(page, 'template-filled.xlsx');
  await expect(page.getByTestId('errors')).toHaveText('4 处错误');

  // Kept in this browser: a reload checks with it again (once the file is stored: it is saved
  // after the check, and a reload before that would find nothing to restore).
  await expect.poll(async () => (await stored(page)).file).toBe('template-filled.xlsx');
  await page.reload();
  await waitForResult(page, 'template-filled.xlsx');
  await expect(page.getByTestId('errors')).toHaveText('4 处错误');

  await page.locator('.settings-menu summary').click();
  await page.getByRole('button', { name: '移除' }).click();
  await expect(page.getByTestId('errors')).toHaveText('3 处错误');
  await expect(page.getByText('已移除官方模板，改用内置的校验方案')).toBeVisible();
});

test('a CSV roster can be exported as an Excel workbook too, its IDs kept as text', async ({ page }) => {
  await upload(page, 'planted-defects-utf8-bom.csv');
  await waitForResult(page, 'planted-defects-utf8-bom.csv');
  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出为 Excel 文件' }).click();
  const download = await p;
  expect(download.suggestedFilename()).toBe('planted-defects-utf8-bom-已校正.xlsx');
  const wb = readWorkbook(new Uint8Array(readFileSync(await download.path())));
  expect(wb.format).toBe('xlsx');
  // Every cell is a text cell: no ID number stored as a number.
  expect(wb.sheets[0]?.numeric.size).toBe(0);
  expect(wb.sheets[0]?.rows.length).toBeGreaterThan(50);
});
