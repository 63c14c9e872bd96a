// The page as a workspace (issue 11): layout, problem → cell, the verdict, the grid's keys, undo
// and redo, filters, privacy on shared computers, plain words; on a desk PC and on a phone, with
// an axe run on every state.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { VIEWPORTS, chooseProblem, expectAccessible, fixture, fresh, openProblems, openSettings, stored, upload, waitForResult } from './helpers';

const JARGON = /IndexedDB|SHA-256|UTF-8|GBK|后台|Web ?Worker|localStorage|主线程/i;

async function noJargon(page: Page, state: string) {
  expect(await page.locator('body').innerText(), state).not.toMatch(JARGON);
}

async function noSideScroll(page: Page, state: string) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${state}: the page scrolls sideways`).toBeLessThanOrEqual(client);
}

const grid = (page: Page) => page.getByRole('grid', { name: '学员名单' });
const cell = (page: Page, r: number, c: number) => page.locator(`[data-r="${r}"] [data-c="${c}"]`);

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test.beforeEach(async ({ page }) => {
      await fresh(page);
    });

    test('before a file the drop zone is the page; after it a workspace with the verdict always in view', async ({ page }) => {
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toBeVisible();
      await expect(page.getByTestId('verdict')).toHaveCount(0);
      await noSideScroll(page, 'start');
      await noJargon(page, 'start');
      await expectAccessible(page, 'start');

      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      // The compact bar: file, settings, another file.
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toHaveCount(0);
      await expect(page.getByText(/^项目设置：国家级，北京市/)).toBeVisible();
      await expect(page.getByLabel('选择学员通讯录文件（换一个文件）')).toBeAttached();
      const verdict = page.getByTestId('verdict');
      await expect(verdict).toHaveText(/需修改：导出后自动修正 \d+ 处，还需手工修改 11 处/);
      await expect(grid(page)).toBeVisible();
      await noSideScroll(page, 'workspace');
      await noJargon(page, 'workspace');
      await expectAccessible(page, 'workspace');

      // The summary strip stays on screen while the page scrolls.
      await page.mouse.wheel(0, 3000);
      await expect(verdict).toBeInViewport();

      // The province chart's labels stay readable (at least 12 px).
      const label = page.locator('figure li .label').first();
      await label.scrollIntoViewIfNeeded();
      const size = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(12);

      // Settings open from the bar.
      await openSettings(page);
      await expect(page.getByLabel('北京市级')).toBeVisible();
      await noSideScroll(page, 'settings open');
      await expectAccessible(page, 'settings open');
    });

    test('choosing a problem shows, highlights and focuses its cell; Enter edits; 下一个问题 and F8 walk the list', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await openProblems(page);
      await expectAccessible(page, 'problem list open');

      await chooseProblem(page, '不是字典中的值', '第 14 行「职称」');
      const target = cell(page, 13, 8);
      await expect(target).toBeFocused();
      await expect(target).toBeInViewport();
      await expect(target).toHaveAttribute('aria-selected', 'true');
      await expect(target).toHaveClass(/flash/);
      // The drawer (on a phone) has closed so that the cell can be seen.
      await expect(page.getByRole('heading', { name: '问题清单' })).toBeVisible({ visible: name === '1366×768' });

      await page.keyboard.press('Enter');
      const editor = page.getByLabel(/修改第 14 行/);
      await expect(editor).toBeFocused();
      await expectAccessible(page, 'editing a cell');
      await editor.fill('主治医师');
      await editor.press('Enter');
      await expect(page.getByTestId('errors')).toHaveText('16 处错误');
      await expect(target).toBeFocused();

      // The next problem after row 14's title, in reading order: row 15's province.
      await page.keyboard.press('F8');
      await expect(cell(page, 14, 6)).toBeFocused();
      await expect(cell(page, 14, 6)).toBeInViewport();
      await page.getByRole('button', { name: '下一个问题' }).click();
      const next = page.locator('.body .cell.selected');
      await expect(next).toBeFocused();
      await expect(next).toHaveClass(/error|warning|info/);
      await expect(next).toBeInViewport();
      expect(Number(await next.locator('xpath=..').getAttribute('data-r'))).toBeGreaterThanOrEqual(14);
    });

    test('a file dropped on the workspace replaces the roster', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const { readFileSync } = await import('node:fs');
      const bytes = [...readFileSync(fixture('clean.xlsx'))];
      await page.evaluate((b) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(b)], 'clean.xlsx'));
        document.querySelector('.work')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, bytes);
      await waitForResult(page, 'clean.xlsx');
      await expect(page.getByTestId('verdict')).toContainText('可以上传');
    });

    test('the keyboard alone walks the problems, edits, undoes and resizes a column', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const next = page.getByRole('button', { name: '下一个问题' });
      for (let i = 0; i < 40 && !(await next.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      await expect(next).toBeFocused();
      await page.keyboard.press('Enter');
      const first = page.locator('.body .cell.selected');
      await expect(first).toBeFocused();
      await expect(first).toHaveClass(/error|warning|info/);
      // Walk on with F8 to row 16's phone number, then replace it by typing.
      for (let i = 0; i < 30 && (await page.locator('[data-r="15"] [data-c="11"]').evaluate((el) => el !== document.activeElement).catch(() => true)); i++) await page.keyboard.press('F8');
      await expect(cell(page, 15, 11)).toBeFocused();
      await page.keyboard.type('13912345678');
      await page.keyboard.press('Enter');
      await expect(cell(page, 15, 11)).toHaveText('13912345678');
      await page.keyboard.press('Control+z');
      await expect(cell(page, 15, 11)).toHaveText('010-12345678');
      await page.keyboard.press('Control+y');
      await expect(cell(page, 15, 11)).toHaveText('13912345678');
      // Arrow keys move the selection.
      await page.keyboard.press('ArrowLeft');
      await expect(cell(page, 15, 10)).toBeFocused();
      // Shift+Tab reaches the column edges in the header; the arrow keys resize the column.
      await page.keyboard.press('Shift+Tab');
      const handle = page.locator(':focus');
      await expect(handle).toHaveAttribute('role', 'separator');
      const before = Number(await handle.getAttribute('aria-valuenow'));
      await page.keyboard.press('ArrowRight');
      await expect(handle).toHaveAttribute('aria-valuenow', String(before + 20));
    });

    test('the open 项目设置 menu leaves the strip buttons usable, and closes on Escape or a click outside it', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const menu = page.locator('details.settings-menu');
      const summary = menu.locator('summary');
      await summary.click();
      await expect(page.getByRole('textbox', { name: '学分' })).toBeVisible();
      // Every button of the strip is on top where it is drawn (a phone once had the menu over 问题清单).
      // On a phone the open menu pushes the strip below the first screen: scrolled to, it sticks
      // to the top, and nothing may lie over it there.
      await page.locator('.strip').scrollIntoViewIfNeeded();
      const covered = await page.locator('.strip button:visible').evaluateAll((buttons) =>
        buttons
          .filter((b) => {
            const r = b.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(top && b.contains(top));
          })
          .map((b) => b.textContent),
      );
      expect(covered).toEqual([]);
      await noSideScroll(page, 'settings open');

      // Escape from inside the menu closes it and puts the focus back on its summary.
      await page.getByRole('textbox', { name: '学分' }).focus();
      await page.keyboard.press('Escape');
      await expect(menu).not.toHaveAttribute('open');
      await expect(summary).toBeFocused();

      // A click outside closes it too; on a phone that click on 问题清单 opens the list at once.
      await summary.click();
      await expect(page.getByRole('textbox', { name: '学分' })).toBeVisible();
      if (viewport.width < 960) {
        await page.getByRole('button', { name: /^问题清单（/ }).click();
        await expect(page.getByRole('heading', { name: '问题清单' })).toBeVisible();
      } else {
        await page.getByRole('heading', { name: '学员名单' }).click();
      }
      await expect(menu).not.toHaveAttribute('open');
    });

    test('the verdict: a clean roster can be uploaded, no export button pretends to change it, and an empty one asks for no recruits', async ({ page }) => {
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await expect(page.getByTestId('verdict')).toHaveText(/^\s*✓?\s*可以上传/);
      const exportButton = page.getByRole('button', { name: /^导出校正文件/ });
      await expect(exportButton).toHaveText('导出校正文件（无改动）');
      await expect(exportButton).not.toHaveClass(/primary/);
      await openProblems(page);
      await expect(page.getByRole('heading', { name: /建议的修正/ })).toHaveText('建议的修正');
      await expect(page.locator('body')).not.toContainText('0/0');
      await expectAccessible(page, 'clean roster');

      await upload(page, 'header-only.xlsx');
      await waitForResult(page, 'header-only.xlsx');
      await expect(page.getByTestId('attendees')).toHaveText('0 人');
      await expect(page.locator('body')).not.toContainText('还需招收 0 名');
      await noSideScroll(page, 'empty roster');
      await expectAccessible(page, 'empty roster');
    });

    test('the export message says how many cells changed and whether errors remain', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const exportButton = page.getByRole('button', { name: /^导出校正文件/ });
      await expect(exportButton).toHaveText('导出校正文件（改动 11 处）');
      await expect(exportButton).toHaveClass(/primary/);
      const p = page.waitForEvent('download');
      await exportButton.click();
      await p;
      await expect(page.getByRole('status')).toContainText(/改动了 11 个单元格；需修改：导出后自动修正 \d+ 处，还需手工修改 11 处/);
    });

    test('typing starts an edit, Delete clears, and undo/redo (keys and buttons) take back every edit and fix decision', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      // Row 16 has a landline where a mobile number belongs.
      await chooseProblem(page, '手机号码有误', '第 16 行「手机号码」');
      const target = cell(page, 15, 11);
      await expect(target).toBeFocused();
      await expect(target).toHaveText('010-12345678');

      // Typing replaces the text.
      await page.keyboard.type('13912345678');
      await expect(page.getByLabel(/修改第 16 行/)).toHaveValue('13912345678');
      await page.keyboard.press('Enter');
      await expect(target).toHaveText('13912345678');
      await expect(page.getByTestId('errors')).toHaveText('16 处错误');
      // Screen readers hear what changed.
      await expect(page.getByText('第 16 行「手机号码」改为“13912345678”')).toBeAttached();

      // Delete clears the cell (a required number: an error again).
      await page.keyboard.press('Delete');
      await expect(target).toHaveText('');
      await expect(page.getByTestId('errors')).toHaveText('17 处错误');

      // Undo twice: the clear, then the edit.
      await page.keyboard.press('Control+z');
      await expect(target).toHaveText('13912345678');
      await expect(page.getByTestId('errors')).toHaveText('16 处错误');
      await page.getByRole('button', { name: '撤销' }).click();
      await expect(target).toHaveText('010-12345678');
      await expect(page.getByTestId('errors')).toHaveText('17 处错误');
      await expect(page.getByRole('button', { name: '撤销' })).toBeDisabled();
      // Redo the edit.
      await page.getByRole('button', { name: '重做' }).click();
      await expect(target).toHaveText('13912345678');
      await expect(page.getByTestId('errors')).toHaveText('16 处错误');

      // A fix decision is undone the same way.
      await openProblems(page);
      const box = page.getByRole('checkbox', { name: '采用第 13 行「职称」的修正' });
      const verdict = page.getByTestId('verdict');
      await expect(verdict).toHaveText(/还需手工修改 10 处/);
      await box.uncheck();
      await expect(page.getByRole('heading', { name: /建议的修正/ })).toContainText('采用 10 项，共 11 项');
      // The declined fix leaves its error in the file as it will be exported: the verdict says so.
      await expect(verdict).toHaveText(/还需手工修改 11 处/);
      await page.keyboard.press('Control+z');
      await expect(box).toBeChecked();
      await expect(page.getByRole('heading', { name: /建议的修正/ })).toContainText('采用 11 项，共 11 项');
      await expect(verdict).toHaveText(/还需手工修改 10 处/);
      await page.keyboard.press('Control+y');
      await expect(box).not.toBeChecked();
      await expect(verdict).toHaveText(/还需手工修改 11 处/);
    });

    test('filter to rows with problems, by rule or by column, search, and resize columns', async ({ page }) => {
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      const shown = page.getByText(/^显示 \d+ \/ 60 行$/);
      await expect(shown).toHaveText('显示 60 / 60 行');

      const select = page.getByLabel('显示');
      await select.selectOption({ label: '只看有问题的行' });
      await expect(shown).not.toHaveText('显示 60 / 60 行');
      const problems = Number((await shown.textContent())?.match(/显示 (\d+)/)?.[1]);
      expect(problems).toBeGreaterThan(5);
      expect(problems).toBeLessThan(60);

      await select.selectOption({ label: '问题类型：证件号码重复' });
      await expect(shown).toHaveText('显示 2 / 60 行');
      await expect(page.locator('.body [data-r]')).toHaveCount(2);

      await select.selectOption({ label: '有问题的列：职称' });
      await expect(page.locator('.body [data-r="13"]')).toBeVisible();
      await expect(page.locator('.body [data-r="4"]')).toHaveCount(0);
      await expectAccessible(page, 'filtered grid');

      // A row fixed under a filter stays in view until the filter changes.
      await select.selectOption({ label: '只看有问题的行' });
      await chooseProblem(page, '手机号码有误', '第 16 行「手机号码」');
      await page.keyboard.type('13912345678');
      await page.keyboard.press('Enter');
      await expect(cell(page, 15, 11)).toHaveText('13912345678');
      await expect(cell(page, 15, 11)).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('.body .cell.selected')).toBeFocused();

      await select.selectOption({ label: '全部行' });
      await page.getByRole('searchbox').fill('中级');
      await expect(shown).toHaveText('显示 1 / 60 行');
      await expect(page.locator('.body [data-r]')).toHaveCount(1);
      await page.getByRole('button', { name: '显示全部' }).click();
      await expect(shown).toHaveText('显示 60 / 60 行');

      // A problem in a row the filter hides: the filter gives way.
      await page.getByRole('searchbox').fill('不存在的名字');
      await expect(shown).toHaveText('显示 0 / 60 行');
      await chooseProblem(page, '不是字典中的值', '第 14 行「职称」');
      await expect(cell(page, 13, 8)).toBeFocused();
      await expect(shown).toHaveText('显示 60 / 60 行');

      // Columns: full header text in a tooltip; widths change with the keyboard.
      const header = page.getByRole('columnheader').filter({ hasText: '职称' });
      await expect(header).toHaveAttribute('title', /职称/);
      const handle = page.getByRole('separator', { name: /调整「职称」列的宽度/ });
      const before = (await header.boundingBox())?.width ?? 0;
      await handle.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await header.boundingBox())?.width ?? 0).toBeGreaterThan(before + 30);
      await noSideScroll(page, 'wide column');
    });

    test('清除本机保存的数据 empties the page and storage, and nothing is saved until a file is loaded; 不在本机保存 keeps nothing', async ({ page }) => {
      // Count writes of the file's bytes: once per load, never per edit.
      await page.addInitScript(() => {
        const w = window as unknown as { __puts: Record<string, number> };
        w.__puts = {};
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
          w.__puts[this.name] = (w.__puts[this.name] ?? 0) + 1;
          return put.apply(this, args);
        };
      });
      await page.reload();
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await chooseProblem(page, '手机号码有误', '第 16 行「手机号码」');
      await page.keyboard.type('13912345678');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await stored(page)).edits).toBe(1);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __puts: Record<string, number> }).__puts.file)).toBe(1);
      expect((await stored(page)).file).toBe('planted-defects.xlsx');

      await page.getByRole('button', { name: '清除本机保存的数据' }).click();
      await page.getByRole('dialog', { name: '清除本机保存的数据？' }).getByRole('button', { name: '清除，不保留修改' }).click();
      await expect(page.getByRole('heading', { name: /校验结果/ })).toHaveCount(0);
      await expect(page.getByRole('group', { name: '选择或拖入学员通讯录文件' })).toBeVisible();
      await expect(page.getByRole('status')).toContainText('已清除');
      await expect.poll(() => stored(page)).toEqual({ file: null, sheet: null, edits: 0, settings: null });
      await expectAccessible(page, 'after clearing');
      // A setting changed now is not saved either.
      await page.getByLabel('北京市级').check();
      await page.reload();
      await expect(page.getByLabel('国家级')).toBeChecked();
      expect(await stored(page)).toEqual({ file: null, sheet: null, edits: 0, settings: null });

      // Loading a file starts saving again.
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await expect.poll(async () => (await stored(page)).file).toBe('planted-defects.xlsx');

      // 不在本机保存: what was saved goes, and nothing comes back after a reload.
      await page.getByLabel('不在本机保存').check();
      await expect.poll(async () => (await stored(page)).file).toBe(null);
      await upload(page, 'clean.xlsx');
      await waitForResult(page, 'clean.xlsx');
      await page.reload();
      await expect(page.getByRole('heading', { name: /校验结果/ })).toHaveCount(0);
      await expect(page.getByLabel('不在本机保存')).toBeChecked();
      expect((await stored(page)).file).toBe(null);
      await noJargon(page, 'not saving');
    });

    test('without a worker, a file too big to read on the page is refused with a sentence, not a frozen page', async ({ page }, testInfo) => {
      await page.addInitScript(() => {
        (window as unknown as { Worker: unknown }).Worker = function () {
          throw new Error('workers are disabled');
        };
      });
      await page.reload();
      const { HEADER, makeRows } = await import('../../scripts/synth.mjs');
      const csv = [HEADER, ...makeRows(4000, 3)].map((r: string[]) => r.join(',')).join('\n');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(testInfo.outputDir, { recursive: true });
      const big = testInfo.outputPath('big-roster.csv');
      writeFileSync(big, csv);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(big);
      await expect(page.getByRole('alert')).toContainText('请用新版的 Chrome、Edge 或 360 浏览器');
      await noJargon(page, 'refused without a worker');
      await expectAccessible(page, 'refused without a worker');
      // A small one still works on the page.
      await upload(page, 'planted-defects.xlsx');
      await waitForResult(page, 'planted-defects.xlsx');
      await expect(page.locator('main')).toHaveAttribute('data-engine', 'page');
    });
  });
}

test('without a worker, a load on the page shows progress and 取消 stops it; the roster before it stays', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { Worker: unknown }).Worker = function () {
      throw new Error('workers are disabled');
    };
    // Hold the first step of a load (as a slow machine would) until the test lets it go, so that
    // 取消 can be pressed while it runs: the page must stay responsive meanwhile.
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    (window as unknown as { __slow: boolean }).__slow = false;
    crypto.subtle.digest = (async (...args: Parameters<SubtleCrypto['digest']>) => {
      while ((window as unknown as { __slow: boolean }).__slow) await new Promise((r) => setTimeout(r, 50));
      return digest(...args);
    }) as SubtleCrypto['digest'];
  });
  await fresh(page);
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await page.evaluate(() => ((window as unknown as { __slow: boolean }).__slow = true));
  await upload(page, 'clean.xlsx');
  await expect(page.getByRole('status')).toContainText('正在读取文件');
  await expectAccessible(page, 'loading on the page');
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('status')).toContainText('已取消');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '校验结果：planted-defects.xlsx' })).toBeVisible();
  // The page's engine took the roster back: an edit is still checked.
  await page.evaluate(() => ((window as unknown as { __slow: boolean }).__slow = false));
  await chooseProblem(page, '手机号码有误', '第 16 行「手机号码」');
  await page.keyboard.type('13912345678');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
});

test('a worker that is slow to start is waited for, not given up on', async ({ page }) => {
  await page.addInitScript(() => {
    // As on a busy machine: the engine says it is ready only after 5 s.
    const Real = window.Worker;
    class Slow extends Real {
      set onmessage(fn: ((e: MessageEvent) => void) | null) {
        super.onmessage = fn && ((e: MessageEvent) => {
          if ((e.data as { type?: string }).type === 'ready') setTimeout(() => fn(e), 5000);
          else fn(e);
        });
      }
      get onmessage() {
        return super.onmessage;
      }
    }
    (window as unknown as { Worker: unknown }).Worker = Slow;
  });
  await fresh(page);
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.locator('main')).toHaveAttribute('data-engine', 'worker');
  await expect(page.getByText('文件改为直接在本页面中处理')).toHaveCount(0);
});
