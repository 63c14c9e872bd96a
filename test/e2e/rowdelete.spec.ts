// Deleting a row (issue 11): 删除此行 on a duplicate, Ctrl+Delete and the row menu in the grid,
// undo and redo, every row number shown as exported (rows below move up), the deletion kept over
// a reload and left out of the corrected file; on a desk PC and on a phone.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { readFileSync } from 'node:fs';
import { VIEWPORTS, downloadBytes, expectAccessible, fixture, fresh, openProblems, upload, waitForResult } from './helpers';

const grid = (page: Page) => page.getByRole('grid', { name: '学员名单' });
const cell = (page: Page, r: number, c: number) => page.locator(`[data-r="${r}"] [data-c="${c}"]`);
const rowNumber = (page: Page, r: number) => page.locator(`[data-r="${r}"] [role="rowheader"]`);
const duplicates = (page: Page) => page.locator('details', { hasText: '证件号码重复' });
const live = (page: Page) => page.locator('p.visually-hidden[aria-live]');
const NAME = 1;

/** The planted roster's duplicate pair is Excel rows 10 and 11 (sheet rows 9 and 10). */
async function deleteSecondDuplicate(page: Page) {
  await openProblems(page);
  await expect(duplicates(page).getByRole('button', { name: '第 11 行「证件号码」' })).toBeVisible();
  await duplicates(page).getByRole('button', { name: '删除第 11 行' }).click();
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test.beforeEach(async ({ page }) => {
      await fresh(page);
    });

    test('删除此行 on a duplicate ends the pair, moves the rows below up everywhere, and Ctrl+Z brings it back', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const verdict = page.getByTestId('verdict');
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 11 处/);
      const deletedName = await cell(page, 10, NAME).innerText();
      await expect(rowNumber(page, 13)).toHaveText('14');

      await deleteSecondDuplicate(page);
      // The remaining row of the pair is no longer a duplicate: the group is gone, two errors less.
      await expect(duplicates(page)).toHaveCount(0);
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 9 处/);
      await expect(live(page)).toContainText(`已删除第 11 行（${deletedName}），下面的行上移一行`);
      // The focus is not lost to the top of the page.
      await expect(page.getByRole('heading', { name: '问题清单' })).toBeFocused();
      // Row numbers as exported: the grid, the problem list and the fix list.
      await expect(page.locator('[data-r="10"]')).toHaveCount(0);
      await expect(rowNumber(page, 13)).toHaveText('13');
      await expect(page.locator('details', { hasText: '不是字典中的值' }).getByRole('button', { name: '第 13 行「职称」' })).toBeVisible();
      await expect(page.getByRole('button', { name: /^导出校正文件/ })).toHaveText(/删除 1 行/);
      await expectAccessible(page, 'after deleting a row');

      // Undo: the row, its duplicate and the row numbers come back (on a phone, the drawer closed first).
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '撤销' }).click();
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 11 处/);
      await expect(live(page)).toContainText('已撤销：已恢复第 11 行');
      await expect(rowNumber(page, 13)).toHaveText('14');
      await openProblems(page);
      await expect(duplicates(page).getByRole('button', { name: '第 11 行「证件号码」' })).toBeVisible();
      // Redo deletes it again (the keyboard, from the grid).
      await page.keyboard.press('Escape');
      await cell(page, 12, NAME).click();
      await page.keyboard.press('Control+y');
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 9 处/);
      await page.keyboard.press('Control+z');
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 11 处/);
    });

    test('the grid deletes the selected row with Ctrl+Delete or its row menu, and the selection stays in place', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const below = await cell(page, 8, NAME).innerText();
      await cell(page, 7, NAME).click();
      await grid(page).press('Control+Delete');
      await expect(page.locator('[data-r="7"]')).toHaveCount(0);
      // The row that moved up is selected and focused, numbered 8.
      await expect(cell(page, 8, NAME)).toBeFocused();
      await expect(cell(page, 8, NAME)).toHaveText(below);
      await expect(rowNumber(page, 8)).toHaveText('8');

      // The row menu, by keyboard: Shift+F10, then Enter on 删除此行.
      await page.keyboard.press('Shift+F10');
      const item = page.getByRole('menuitem', { name: /删除此行（第 8 行/ });
      await expect(item).toBeFocused();
      await expectAccessible(page, 'row menu open');
      await page.keyboard.press('Escape');
      await expect(item).toHaveCount(0);
      await expect(cell(page, 8, NAME)).toBeFocused();
      await page.keyboard.press('Shift+F10');
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-r="8"]')).toHaveCount(0);
      await expect(page.getByText(/显示 \d+ \/ \d+ 行/)).toHaveText(/显示 (\d+) \/ \1 行/);
      await expect(live(page)).toContainText('已删除第 8 行');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await expect(rowNumber(page, 8)).toHaveText('9');
      await expect(rowNumber(page, 7)).toHaveText('8');
    });

    test('a deletion is kept over a reload and left out of the corrected file', async ({ page }) => {
      test.skip(name !== '1366×768', 'the file is the same on a phone');
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const deletedName = await cell(page, 10, NAME).innerText();
      const nextName = await cell(page, 11, NAME).innerText();
      await deleteSecondDuplicate(page);
      await expect(page.getByTestId('verdict')).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 9 处/);
      await expect.poll(() => page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('roster-check');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const work = await new Promise<{ deleted?: number[] } | undefined>((resolve) => {
          const req = db.transaction('work').objectStore('work').get('current');
          req.onsuccess = () => resolve(req.result as { deleted?: number[] } | undefined);
          req.onerror = () => resolve(undefined);
        });
        db.close();
        return work?.deleted ?? [];
      })).toEqual([10]);
      await page.reload();
      await waitForResult(page, 'planted-defects.xlsx');
      await expect(page.getByTestId('verdict')).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 9 处/);
      await expect(page.locator('[data-r="10"]')).toHaveCount(0);
      await expect(rowNumber(page, 11)).toHaveText('11');

      const exportButton = page.getByRole('button', { name: /^导出校正文件/ });
      const p = page.waitForEvent('download');
      await exportButton.click();
      const bytes = await downloadBytes(await p);
      await expect(page.getByRole('status')).toContainText('删除了 1 行');
      const rosterRows = (b: Uint8Array) => XLSX.utils.sheet_to_json<string[]>(XLSX.read(b, { type: 'array' }).Sheets['学员名单'] as XLSX.WorkSheet, { header: 1, raw: false, blankrows: true, defval: '' });
      const rows = rosterRows(bytes);
      const original = rosterRows(new Uint8Array(readFileSync(fixture('planted-defects.xlsx'))));
      expect(original[10]?.[NAME]).toBe(deletedName);
      expect(rows).toHaveLength(original.length - 1);
      expect(rows[10]?.[NAME]).toBe(nextName);
      // Every row below moved up by one (a name's stray spaces are fixed on the way).
      const bare = (v: string | undefined) => (v ?? '').replace(/[\s\u200b]/g, '');
      expect(rows.slice(11).map((r) => bare(r[NAME]))).toEqual(original.slice(12).map((r) => bare(r[NAME])));
    });
  });
}
