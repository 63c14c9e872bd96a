// Rosters as clerks really lay them out (issue #19): an extra 科室 column between 工作单位 and
// 单位所在省份, a column with neither header nor cells, and a header the profile does not know
// (微信号). Every column shows in the grid, every cell can be chosen and edited, the problem list
// and the fix list jump to their cells; on a desk PC and on a phone, with axe.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { VIEWPORTS, chooseProblem, expectAccessible, fresh, openProblems, upload, waitForResult } from './helpers';

const cell = (page: Page, r: number, c: number) => page.locator(`[data-r="${r}"] [data-c="${c}"]`);

/** Choose a cell with the pointer, type a new text and confirm it. */
async function typeInto(page: Page, r: number, c: number, text: string) {
  await cell(page, r, c).scrollIntoViewIfNeeded();
  await cell(page, r, c).click();
  await expect(cell(page, r, c)).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(cell(page, r, c)).toHaveText(text);
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test('an extra, a blank and an unknown column: every column shows, each can be edited, and problems jump to their cells', async ({ page }) => {
      test.slow();
      await fresh(page);
      await upload(page, 'odd-columns.xlsx');
      await waitForResult(page, 'odd-columns.xlsx');
      const headers = page.getByRole('grid', { name: '学员名单' }).getByRole('columnheader');
      // 行号 and the sixteen columns of the sheet, in the sheet's order.
      await expect(headers).toHaveCount(17);
      await expect(headers.nth(7)).toContainText('科室（模板外）');
      await expect(headers.nth(10)).toContainText('（空）');
      await expect(headers.nth(11)).toContainText('职称');
      await expect(headers.nth(14)).toContainText('微信号（模板外）');
      await expect(cell(page, 1, 4)).toHaveText(/^\d{17}[\dX]$/);
      await expectAccessible(page, 'odd columns');

      // The vague title of row 3, in the 职称 column right of the extra ones: chosen from the list.
      const errors = page.getByTestId('errors');
      const before = Number((await errors.innerText()).match(/\d+/)?.[0]);
      await chooseProblem(page, '不是字典中的值', '第 3 行「职称」');
      await expect(cell(page, 2, 10)).toBeFocused();
      await expect(cell(page, 2, 10)).toHaveText('中级');
      await page.keyboard.press('Enter');
      const editor = page.getByRole('textbox', { name: /修改第 3 行 职称/ });
      await editor.fill('主治医师');
      await editor.press('Enter');
      await expect(cell(page, 2, 10)).toHaveText('主治医师');
      await expect(errors).toHaveText(`${before - 1} 处错误`);

      // A cell in each of the three columns the template does not have.
      await typeInto(page, 1, 6, '骨科');
      await typeInto(page, 1, 9, '补记');
      await typeInto(page, 1, 13, 'wx-new');
      await expect(page.getByRole('button', { name: /^导出校正文件/ })).toContainText('改动');

      // The fix list shows the province's fix with its original text.
      await openProblems(page);
      const fixes = page.getByRole('region', { name: /建议的修正/ });
      const row = fixes.locator('tr', { hasText: '第 4 行「单位所在省份」' });
      await expect(row).toContainText('河北');
      await expect(row).toContainText('河北省');
      await expectAccessible(page, 'odd columns edited');
    });
  });
}
