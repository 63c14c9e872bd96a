// Rosters as clerks really lay them out (issue #19): an extra 科室 column between 工作单位 and
// 单位所在省份, a column with neither header nor cells, and a header the profile does not know
// (微信号). Every column shows in the grid, every cell can be chosen and edited, the problem list
// and the fix list jump to their cells; on a desk PC and on a phone, with axe.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { VIEWPORTS, chooseProblem, expectAccessible, fixture, fresh, openProblems, upload, waitForResult } from './helpers';

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
      const editor = page.getByLabel(/修改第 3 行 职称/);
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
      await row.getByRole('button', { name: '在名单中查看第 4 行「单位所在省份」' }).click();
      await expect(cell(page, 3, 7)).toBeFocused();
      // The grid shows the cell as it will be exported, the original on hover.
      await expect(cell(page, 3, 7)).toHaveText('河北省');
      await expect(cell(page, 3, 7)).toHaveAttribute('title', /^导出时自动修正为“河北省”（原内容“河北”）/);
      await expectAccessible(page, 'odd columns edited');
    });
  });
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(`${name}: what fits where the user looks`, () => {
    test.use({ viewport });

    test('the file button is in the first screen, a load error is brought into view and focused, check boxes are big enough', async ({ page }) => {
      await fresh(page);
      await expect(page.getByText('选择学员通讯录文件', { exact: true })).toBeInViewport();
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(fixture('no-roster-header.xlsx'));
      const error = page.getByRole('alert');
      await expect(error).toContainText('未找到学员通讯录的表头');
      await expect(error).toBeFocused();
      await expect(error).toBeInViewport();
      if (viewport.width < 960) {
        const sizes = await page.locator('input[type=checkbox]:visible, input[type=radio]:visible').evaluateAll((els) => els.map((e) => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height)));
        expect(sizes.length).toBeGreaterThan(0);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
      }
    });

    test('建议的修正 fits its panel: the place stays whole, the corrected value is not cut off', async ({ page }) => {
      test.slow();
      await fresh(page);
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await openProblems(page);
      const fixes = page.getByRole('region', { name: /建议的修正/ });
      const groups = fixes.locator('fieldset');
      await expect(groups.first()).toBeVisible();
      const overflow = await groups.evaluateAll((sets) =>
        sets.flatMap((f) => {
          const box = f.getBoundingClientRect();
          const out: string[] = [];
          if (f.scrollWidth > f.clientWidth + 1) out.push(`${f.querySelector('legend')?.textContent}: scrolls sideways`);
          for (const v of f.querySelectorAll('.to')) if (v.getBoundingClientRect().right > box.right + 1) out.push(`cut off: ${v.textContent}`);
          // 第 N 行 and 「列名」 each stay on one line: the place is at most two lines high.
          for (const w of f.querySelectorAll('td.where button')) {
            const line = parseFloat(getComputedStyle(w).lineHeight) || 24;
            if (w.getBoundingClientRect().height > line * 2.6 + 8) out.push(`place wraps: ${w.textContent}`);
          }
          return out;
        }),
      );
      expect(overflow).toEqual([]);
      await expectAccessible(page, 'fix list');
    });
  });
}

test.describe('a phone (touch only)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('speaks of no dragging, F8 or Ctrl', async ({ page }) => {
    test.slow();
    await fresh(page);
    const words = /拖|F8|Ctrl|Shift|右键|方向键/;
    expect(await page.locator('body').innerText()).not.toMatch(words);
    await upload(page, 'planted-defects.xlsx');
    await waitForResult(page, 'planted-defects.xlsx');
    expect(await page.locator('body').innerText()).not.toMatch(words);
    await expect(page.getByText('点一下选择单元格，双击修改')).toBeVisible();
  });
});
