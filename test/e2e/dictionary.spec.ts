// Editing with the dictionary (issue #19 part 7): a dictionary cell's editor offers the allowed
// values, filtered by what is typed, chosen with the keyboard or a click.
import { expect, test } from './fixtures';
import { VIEWPORTS, chooseProblem, fresh, upload, waitForResult } from './helpers';

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test('a dictionary cell is edited from its list of allowed values', async ({ page }) => {
      await fresh(page);
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await chooseProblem(page, '不是字典中的值', '第 14 行「职称」');
      if (viewport.width < 600) await page.keyboard.press('Escape');
      await page.getByRole('grid', { name: '学员名单' }).press('Enter');
      const editor = page.getByRole('combobox', { name: /修改第 14 行/ });
      await expect(editor).toBeFocused();
      const list = page.getByRole('listbox', { name: '可选的值' });
      // The whole list while the text is the cell's own; typing filters it.
      await expect(list.getByRole('option', { name: '主治医师', exact: true })).toBeVisible();
      await expect(list.getByRole('option', { name: '主任医师', exact: true })).toBeVisible();
      await editor.fill('主治');
      await expect(list.getByRole('option', { name: '主任医师', exact: true })).toHaveCount(0);
      // The keyboard: the first match, then Enter.
      await editor.press('ArrowDown');
      const first = (await list.getByRole('option').first().textContent()) ?? '';
      await expect(editor).toHaveAttribute('aria-activedescendant', 'grid-list-0');
      await editor.press('Enter');
      await expect(list).toHaveCount(0);
      const cell = page.locator('[data-r="13"] [data-c]').filter({ hasText: first }).first();
      await expect(cell).toHaveText(first);
      await expect(page.getByTestId('errors')).toHaveText('16 处错误');

      // A click on a value.
      await page.getByRole('grid', { name: '学员名单' }).press('Enter');
      await expect(editor).toBeFocused();
      await editor.fill('副主任');
      await list.getByRole('option', { name: '副主任医师', exact: true }).click();
      await expect(page.locator('[data-r="13"] [data-c]').filter({ hasText: '副主任医师' })).toHaveCount(1);
    });
  });
}
