// Nothing lost without a word (issue #19): replacing the roster (换一个文件, a dropped file),
// 返回首页 and 清除本机保存的数据 ask first while the roster has work no exported file holds;
// the answer "no" keeps everything; the tab warns on closing only when this browser keeps no copy.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { VIEWPORTS, chooseProblem, expectAccessible, fixture, fresh, upload, waitForResult } from './helpers';

const phone = (page: Page) => page.locator('[data-r="15"] [data-c="11"]');

async function editPhone(page: Page) {
  await chooseProblem(page, '手机号码有误', '第 16 行「手机号码」');
  await page.keyboard.type('13912345678');
  await page.keyboard.press('Enter');
  await expect(phone(page)).toHaveText('13912345678');
}

async function drop(page: Page, name: string) {
  const bytes = [...readFileSync(fixture(name))];
  await page.evaluate(([b, n]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b as number[])], n as string));
    document.querySelector('.work')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [bytes, name] as const);
}

/** Whether closing the tab now would make the browser ask (the page's beforeunload handler). */
const warnsOnClose = (page: Page) =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test('replacing the roster, going home and clearing ask first while edits are not exported; "no" keeps them', async ({ page }) => {
      test.slow();
      await fresh(page);
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      // No work yet: another file replaces the roster at once.
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await editPhone(page);

      // 换一个文件: asked, with the safe answer focused; Escape keeps the roster and its edit.
      await upload(page, 'clean.xlsx');
      const ask = page.getByRole('dialog', { name: '换成“clean.xlsx”？' });
      await expect(ask).toContainText('1 处修改还没有导出到校正文件');
      await expect(ask.getByRole('button', { name: '不，留在这个名单' })).toBeFocused();
      await expectAccessible(page, 'asking before replacing');
      await page.keyboard.press('Escape');
      await expect(ask).toHaveCount(0);
      await expect(phone(page)).toHaveText('13912345678');

      // A file dropped on the workspace asks the same; "no" keeps the roster.
      await drop(page, 'clean.xlsx');
      await ask.getByRole('button', { name: '不，留在这个名单' }).click();
      await expect(ask).toHaveCount(0);
      await expect(page.getByRole('heading', { name: '校验结果：planted-defects.xlsx' })).toBeVisible();

      // 返回首页: asked; "no" stays.
      await page.getByRole('button', { name: '返回首页' }).click();
      const home = page.getByRole('dialog', { name: '返回首页？' });
      await home.getByRole('button', { name: '不，留在这个名单' }).click();
      await expect(phone(page)).toHaveText('13912345678');

      // 清除本机保存的数据: asked; "no" keeps the roster.
      await page.getByRole('button', { name: '清除本机保存的数据' }).click();
      await page.getByRole('dialog', { name: '清除本机保存的数据？' }).getByRole('button', { name: '不，留在这个名单' }).click();
      await expect(phone(page)).toHaveText('13912345678');

      // Once the corrected file is exported, nothing is lost: no question.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /^导出校正文件/ }).click();
      await download;
      await drop(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    });

    test('返回首页 closes the roster for good; the tab warns on closing only when this browser keeps no copy', async ({ page }) => {
      test.slow();
      await fresh(page);
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await editPhone(page);
      // Kept in this browser: closing the tab loses nothing, so no warning.
      expect(await warnsOnClose(page)).toBe(false);
      await page.getByLabel('不在本机保存').check();
      await expect.poll(() => warnsOnClose(page)).toBe(true);

      await page.getByRole('button', { name: '返回首页' }).click();
      await page.getByRole('dialog', { name: '返回首页？' }).getByRole('button', { name: '返回首页，不保留修改' }).click();
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toBeVisible();
      expect(await warnsOnClose(page)).toBe(false);

      // With saving on, a roster closed with 返回首页 does not come back after a reload.
      await page.getByLabel('不在本机保存').uncheck();
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await page.getByRole('button', { name: '返回首页' }).click();
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toBeVisible();
      await expect(page.getByRole('heading', { name: /校验结果/ })).toHaveCount(0);
    });
  });
}
