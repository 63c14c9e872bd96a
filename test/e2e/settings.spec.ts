// The project's own settings on the page (issue 9), the sheet chooser (issue 10), Chinese input
// methods in the grid (issue 11): on a desk PC and on a phone, with an axe run on the new parts.
import { expect, test } from './fixtures';
import type { Page, TestInfo } from '@playwright/test';
import { VIEWPORTS, expectAccessible, fresh, openProblems, openSettings, stored, upload, waitForResult } from './helpers';

const cell = (page: Page, r: number, c: number) => page.locator(`[data-r="${r}"] [data-c="${c}"]`);

async function noSideScroll(page: Page, state: string) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (scroll > client) console.log(await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 12).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}`)));
  expect(scroll, `${state}: the page scrolls sideways`).toBeLessThanOrEqual(client);
}

/** Close the settings menu (on a phone it covers the bar) and open the problem list. */
async function showProblems(page: Page) {
  const menu = page.locator('details.settings-menu');
  if (await menu.evaluate((d) => (d as HTMLDetailsElement).open)) await menu.locator('summary').click();
  await openProblems(page);
}

/** Close the problem drawer (on a phone it covers the page) and open the settings. */
async function showSettings(page: Page) {
  const close = page.getByRole('button', { name: '关闭问题清单' });
  if (await close.isVisible()) await close.click();
  await openSettings(page);
}

/** A workbook made here with SheetJS: sheets of rows, some hidden. */
async function workbook(testInfo: TestInfo, name: string, sheets: { name: string; rows: unknown[][]; hidden?: boolean }[]): Promise<string> {
  const XLSX = await import('xlsx');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  wb.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ? 1 : 0 })) };
  mkdirSync(testInfo.outputDir, { recursive: true });
  const path = testInfo.outputPath(name);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
  return path;
}

/** 60 synthetic people; with `broken`, that many ID numbers get a wrong check digit. */
async function roster(n: number, seed: number, broken = 0): Promise<string[][]> {
  const { HEADER, makeRows } = await import('../../scripts/synth.mjs');
  const rows = (makeRows(n, seed) as string[][]).map((r) => r.slice());
  const id = HEADER.indexOf('证件号码');
  for (let i = 0; i < broken; i++) {
    const row = rows[i * 3] as string[];
    const v = String(row[id]);
    row[id] = v.slice(0, 17) + (v[17] === '0' ? '1' : '0');
  }
  return [HEADER as string[], ...rows];
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test.beforeEach(async ({ page }) => {
      await fresh(page);
    });

    test('the project settings: credits over the limit is an error in the problem list, and goes when fixed', async ({ page }) => {
      // The form is on the start page beside the level, and accessible.
      await expect(page.getByRole('group', { name: /本项目信息/ })).toBeVisible();
      await expectAccessible(page, 'start with the project form');
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await expect(page.getByTestId('errors')).toHaveText('0 处错误');

      // Reachable from the workspace's 项目设置 menu.
      await showSettings(page);
      const credits = page.getByRole('textbox', { name: '学分' });
      await credits.fill('12');
      await credits.press('Tab');
      await showProblems(page);
      const group = page.locator('details', { hasText: '学分超过上限' });
      await expect(group).toContainText('授予 12 学分，超过每个项目的上限 10 学分');
      await expect(page.getByTestId('errors')).toHaveText('1 处错误');
      // The file itself has no error, but the verdict (core/verdict.ts) does not hide the project's.
      await expect(page.getByTestId('verdict')).toHaveText(/^\s*!\s*需修改：项目设置有 1 处错误（不在名单文件中）/);
      await noSideScroll(page, 'project error shown');

      // A remote project: at most 3.
      await showSettings(page);
      await page.getByLabel('举办形式').selectOption('远程');
      await showProblems(page);
      await expect(group).toContainText('超过远程项目的上限 3 学分');

      // Fixed: the error goes.
      await showSettings(page);
      await expect(page.getByLabel('举办形式')).toHaveValue('远程');
      await credits.fill('3');
      await credits.press('Tab');
      await expect(page.locator('details', { hasText: '学分超过上限' })).toHaveCount(0);
      await expect(page.getByTestId('errors')).toHaveText('0 处错误');
      await expect(page.getByTestId('verdict')).toHaveText(/^\s*✓\s*可以上传：没有发现错误/);

      // Validated as the command line does, in Chinese beside the field; nothing is sent.
      await page.getByLabel('开始日期').fill('2026-03-05');
      await page.getByLabel('结束日期').fill('2026-03-01');
      await page.getByLabel('结束日期').press('Tab');
      await expect(page.getByText('结束日期早于开始日期')).toBeVisible();
      await expect(page.getByLabel('结束日期')).toHaveAttribute('aria-invalid', 'true');
      const planned = page.getByRole('textbox', { name: '计划招生人数' });
      await planned.fill('-5');
      await planned.press('Tab');
      await expect(page.getByText('不能为负数')).toBeVisible();
      await expect(page.getByTestId('due-dates')).toContainText('项目报备截止：2026-02-19');
      await expect(page.getByTestId('due-dates')).not.toContainText('执行情况反馈截止');
      await expectAccessible(page, 'project form with errors');
      await planned.fill('50');
      await page.getByLabel('结束日期').fill('2026-03-06');
      await page.getByLabel('结束日期').press('Tab');
      await expect(page.getByText('结束日期早于开始日期')).toHaveCount(0);
      // Known dates give the filing and feedback deadlines in the summary.
      await expect(page.getByTestId('due-dates')).toContainText('项目报备截止：2026-02-19');
      await expect(page.getByTestId('due-dates')).toContainText('执行情况反馈截止：2026-03-20');
      // 3 credits for 6 hours is more than 6 ÷ 3; 60 attendees are more than the 50 planned.
      await page.getByRole('textbox', { name: '学时' }).fill('6');
      await page.getByRole('textbox', { name: '学时' }).press('Tab');
      await showProblems(page);
      await expect(page.locator('details', { hasText: '学分与学时不匹配' })).toBeVisible();
      await expect(page.locator('details', { hasText: '学员多于计划招生人数' })).toBeVisible();

      // Kept with the other settings: a reload brings the form back as it was.
      await page.reload();
      await waitForResult(page, 'clean.xlsx');
      await showSettings(page);
      await expect(page.getByRole('textbox', { name: '学分' })).toHaveValue('3');
      await expect(page.getByLabel('举办形式')).toHaveValue('远程');
      expect((await stored(page)).settings).toContain('"credits":3');

      // 清除本机保存的数据 forgets them too.
      await page.getByRole('button', { name: '清除本机保存的数据' }).click();
      await expect(page.getByRole('textbox', { name: '学分' })).toHaveValue('');
      expect((await stored(page)).settings).toBeNull();
    });

    test('a hidden clean copy beside the visible roster: the visible one is checked, and the user can choose', async ({ page }, testInfo) => {
      const file = await workbook(testInfo, '隐藏副本.xlsx', [
        { name: '备份', rows: await roster(60, 3), hidden: true },
        { name: '学员名单', rows: await roster(60, 3, 4) },
      ]);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(file);
      await waitForResult(page, '隐藏副本.xlsx');
      const chooser = page.getByLabel('校验的工作表');
      await expect(chooser).toHaveValue('学员名单');
      await expect(page.getByTestId('sheet-note')).toContainText('隐藏的工作表“备份”');
      await expect(page.getByTestId('errors')).toHaveText('4 处错误');
      await noSideScroll(page, 'sheet chooser');
      await expectAccessible(page, 'sheet chooser');

      // Choosing is a request like any other: 取消 leaves the sheet that was checked.
      await stallEngine(page);
      await chooser.selectOption('备份');
      await page.getByRole('status').getByRole('button', { name: '取消' }).click();
      await expect(page.getByRole('status')).toContainText('已取消，仍在校验原来的工作表');
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(chooser).toHaveValue('学员名单');
      await expect(page.getByTestId('errors')).toHaveText('4 处错误');
      await expect(chooser).toBeEnabled();

      await chooser.selectOption('备份');
      await expect(page.getByTestId('errors')).toHaveText('0 处错误');
      await expect(page.getByTestId('sheet-note')).toContainText('隐藏');
      // The choice is kept with the file: a reload checks the same sheet.
      await expect.poll(async () => (await stored(page)).sheet).toBe('备份');
      await page.reload();
      await waitForResult(page, '隐藏副本.xlsx');
      await expect(page.getByLabel('校验的工作表')).toHaveValue('备份');
      await expect(page.getByTestId('errors')).toHaveText('0 处错误');
    });

    test('two visible roster sheets: the page says which one it checked and checks the other on request', async ({ page }, testInfo) => {
      const file = await workbook(testInfo, '两期.xlsx', [
        { name: '第一期', rows: await roster(60, 3) },
        { name: '第二期', rows: await roster(55, 11, 2) },
      ]);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(file);
      await waitForResult(page, '两期.xlsx');
      const chooser = page.getByLabel('校验的工作表');
      const first = await chooser.inputValue();
      await expect(page.getByTestId('sheet-note')).toContainText(/2 张工作表像学员名单/);
      const other = first === '第一期' ? '第二期' : '第一期';
      const attendees = other === '第一期' ? '60 人' : '55 人';
      await chooser.selectOption(other);
      await expect(page.getByTestId('attendees')).toHaveText(attendees);
      await expect(page.getByTestId('errors')).toHaveText(other === '第一期' ? '0 处错误' : '2 处错误');
      // Back to the first sheet, reloading the very moment the page shows it: the choice was
      // stored before it was shown (a write started after it would be cut short by the reload).
      await page.evaluate((before) => {
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="attendees"]')?.textContent !== before) location.reload();
        }).observe(document.body, { characterData: true, childList: true, subtree: true });
      }, attendees);
      const reloaded = page.waitForEvent('load');
      await chooser.selectOption(first);
      await reloaded;
      await waitForResult(page, '两期.xlsx');
      expect((await stored(page)).sheet).toBe(first);
      await expect(page.getByLabel('校验的工作表')).toHaveValue(first);
    });

    test('typing with a Chinese input method starts an edit and keeps the composed text', async ({ page }) => {
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      // Row 3 of the sheet (0-based 2), column 姓名.
      await cell(page, 2, 1).click();
      await expect(cell(page, 2, 1)).toBeFocused();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text: 'zhang', selectionStart: 5, selectionEnd: 5 });
      await cdp.send('Input.imeSetComposition', { text: '张', selectionStart: 1, selectionEnd: 1 });
      await cdp.send('Input.insertText', { text: '张' });
      const editor = page.getByLabel(/修改第 3 行/);
      await expect(editor).toBeFocused();
      await expect(editor).toHaveValue('张');
      // The input method goes on in the editor; the caret is after the first character.
      await page.keyboard.insertText('三');
      await expect(editor).toHaveValue('张三');
      await editor.press('Enter');
      await expect(cell(page, 2, 1)).toHaveText('张三');
      await expect(cell(page, 2, 1)).toBeFocused();

      // Text inserted without a composition (handwriting, voice input) starts an edit too.
      await cell(page, 3, 1).click();
      await page.keyboard.insertText('李四');
      await expect(page.getByLabel(/修改第 4 行/)).toHaveValue('李四');
      await page.keyboard.press('Enter');
      await expect(cell(page, 3, 1)).toHaveText('李四');
      // Pasting into a selected cell edits it with the text's first line.
      await cell(page, 5, 1).click();
      await cell(page, 5, 1).evaluate((el) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', '王五\n赵六');
        el.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertFromPaste', dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await expect(page.getByLabel(/修改第 6 行/)).toHaveValue('王五');
      await page.keyboard.press('Enter');
      await expect(cell(page, 5, 1)).toHaveText('王五');
      // Nothing else writes into a cell that is not being edited.
      await cell(page, 4, 1).click();
      const before = await cell(page, 4, 1).innerText();
      await page.keyboard.press('Control+x');
      await expect(cell(page, 4, 1)).toHaveText(before);
      await expectAccessible(page, 'grid after IME edits');
    });
  });
}

/** Keep the engine busy for a minute (as a hostile file would), so that the next request waits. */
async function stallEngine(page: Page) {
  await expect.poll(() => page.workers().filter((w) => w.url().includes('roster')).length).toBe(1);
  const worker = page.workers().find((w) => w.url().includes('roster'));
  await worker?.evaluate(() => {
    setTimeout(() => {
      const end = Date.now() + 60_000;
      while (Date.now() < end) {
        // busy
      }
    });
  });
}

test('every request to the engine can be cancelled: a plain note, no red box, the roster as it was', async ({ page }) => {
  test.setTimeout(180_000);
  await fresh(page);
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  const status = page.getByRole('status');
  const cancel = status.getByRole('button', { name: '取消' });
  const errors = await page.getByTestId('errors').innerText();

  // A settings change: the settings go back to what the roster was checked with.
  await stallEngine(page);
  await showSettings(page);
  await page.getByRole('radio', { name: '北京市级' }).check();
  await expect(status).toContainText('正在检查');
  await cancel.click();
  await expect(status).toContainText('已取消，项目设置没有改变');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The click on 取消 closed the menu (a click outside it does): open it again to look.
  await showSettings(page);
  await expect(page.getByRole('radio', { name: '国家级' })).toBeChecked();
  await expect(page.getByTestId('errors')).toHaveText(errors);

  // The corrected file and the report: no file comes.
  let downloads = 0;
  page.on('download', () => downloads++);
  for (const [button, progress] of [[/^导出校正文件/, '正在生成文件'], [/^导出校验报告/, '正在生成文件']] as const) {
    await expect(page.getByRole('button', { name: button })).toBeEnabled();
    await stallEngine(page);
    await page.getByRole('button', { name: button }).click();
    await expect(status).toContainText(progress);
    await cancel.click();
    await expect(status).toContainText('已取消，没有导出文件');
    await expect(page.getByRole('alert')).toHaveCount(0);
  }

  // An edit: it stays on the page (it can be undone), and the fresh engine checks it.
  await expect(page.getByRole('button', { name: /^导出校正文件/ })).toBeEnabled();
  await stallEngine(page);
  await cell(page, 13, 8).click();
  await page.keyboard.type('主治医师');
  await page.keyboard.press('Enter');
  await expect(status).toContainText('正在检查');
  await cancel.click();
  await expect(status).toContainText('已取消');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(cell(page, 13, 8)).toHaveText('主治医师');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');

  // The engine works again: a report comes.
  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校验报告/ }).click();
  await p;
  expect(downloads).toBe(1);
});
