// 使用说明 in the page (issue #19): the 帮助 panel opens with what is checked, what 可以上传 means,
// how to open the file from a USB stick, which browsers work and privacy; the message for a
// browser's 兼容模式 stays hidden in a current browser.
import { expect, test } from './fixtures';
import { VIEWPORTS, expectAccessible, fresh } from './helpers';

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test('帮助 opens the 使用说明; the 兼容模式 message is hidden', async ({ page }) => {
      await fresh(page);
      await expect(page.locator('#compat')).toBeHidden();
      await expect(page.locator('#compat')).toContainText('极速模式');
      await page.getByText('帮助', { exact: true }).click();
      for (const heading of ['检查哪些内容，为什么', '“可以上传”是什么意思', '从 U 盘打开', '能用哪些浏览器', '隐私']) {
        await expect(page.getByRole('heading', { name: heading })).toBeVisible();
      }
      await expect(page.getByText('须使用申报系统提供模板，并注意字典项')).toBeVisible();
      await expectAccessible(page, 'help open');
    });
  });
}
