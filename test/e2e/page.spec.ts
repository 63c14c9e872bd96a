import { expect, test } from './fixtures';
import { readWorkbook } from '../../src/lib/io/read';
import { ORIGIN } from '../../playwright.config';
import { chooseProblem, correctTitleInRow14, downloadBytes, expectAccessible, foreign, fresh, openSettings, recordRequests, stored, upload, waitForResult } from './helpers';

test.beforeEach(async ({ page }) => {
  await fresh(page);
});

test('upload, see problems at their row and column, edit, decline a fix, export and read it back', async ({ page }) => {
  const requests = recordRequests(page);
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByTestId('attendees')).toHaveText('59 人');
  await expect(page.getByTestId('errors')).toHaveText('17 处错误');

  // Problems name the Excel row and column.
  const checksum = page.locator('details', { hasText: '证件号码校验位错误' });
  await expect(checksum).toContainText('第 5 行「证件号码」');
  await expect(page.locator('details', { hasText: '证件号码重复' })).toContainText('第 10 行「证件号码」');

  // Choosing a problem scrolls the grid to the cell and selects it.
  await chooseProblem(page, '不是字典中的值', '第 14 行「职称」');
  const cell = page.locator('[data-r="13"] [data-c="8"]');
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  await expect(cell).toHaveText('中级');

  // Edit it in place: the summary follows at once.
  await page.getByRole('grid', { name: '学员名单' }).press('Enter');
  const editor = page.getByLabel(/修改第 14 行/);
  await editor.fill('主治医师');
  await editor.press('Enter');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
  await expect(cell).toHaveText('主治医师');

  // Decline one fix.
  await page.getByRole('checkbox', { name: '采用第 13 行「职称」的修正' }).uncheck();
  await expect(page.getByRole('heading', { name: /建议的修正/ })).toContainText('（采用 10 项，共 11 项）');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校正文件/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('planted-defects-已校正.xlsx');
  const wb = readWorkbook(await downloadBytes(download));
  const sheet = wb.sheets.find((s) => s.name === '学员名单');
  expect(sheet).toBeDefined();
  const cellAt = (row: number, col: number) => sheet?.rows[row - 1]?.[col] ?? '';
  expect(cellAt(14, 8)).toBe('主治医师'); // the user's edit
  expect(cellAt(13, 8)).toBe('副主任医生'); // the declined fix, unchanged
  expect(cellAt(15, 6)).toBe('河北省'); // an accepted fix
  expect(cellAt(17, 11)).toBe('13812345678'); // an accepted format fix
  expect(cellAt(5, 4)).toMatch(/^\d{17}[\dX]$/); // a checksum error is never "fixed"
  expect(cellAt(1, 0)).toBe('2026年国家级继续医学教育项目学员通讯录'); // title rows kept
  expect(wb.sheets.map((s) => s.name)).toEqual(['填表说明', '学员名单']);

  const reportPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出校验报告' }).click();
  const report = await reportPromise;
  expect(report.suggestedFilename()).toBe('planted-defects-校验报告.xlsx');
  const rwb = readWorkbook(await downloadBytes(report));
  // 修改记录: the hand edit, the automatic fixes and the declined one, for filing.
  expect(rwb.sheets.map((s) => s.name)).toEqual(['汇总', '问题清单', '修改记录']);

  expect(foreign(requests, ORIGIN)).toEqual([]);
});

test('masks IDs and phones in the report when asked', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await page.getByLabel(/报告中隐去部分身份证号和手机号/).check();
  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出校验报告' }).click();
  const wb = readWorkbook(await downloadBytes(await p));
  const issues = wb.sheets[1]?.rows ?? [];
  const idCells = issues.filter((r) => r[1] === '证件号码').map((r) => r[2] ?? '');
  expect(idCells.length).toBeGreaterThan(3);
  for (const v of idCells) expect(v).not.toMatch(/\d{11,}/);
});

test('a bad file gets a clear message and the previous roster stays with its edits', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await correctTitleInRow14(page);

  // The roster has an edit not yet exported: the page asks first (no-loss.spec.ts); the clerk goes on.
  await upload(page, 'corrupt-zip.xlsx');
  await page.getByRole('dialog', { name: '换成“corrupt-zip.xlsx”？' }).getByRole('button', { name: '换文件，不保留修改' }).click();
  await expect(page.getByRole('alert')).toContainText('文件已损坏');
  await expect(page.getByRole('heading', { name: '校验结果：planted-defects.xlsx' })).toBeVisible();
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');

  await upload(page, 'no-roster-header.xlsx');
  await page.getByRole('dialog', { name: '换成“no-roster-header.xlsx”？' }).getByRole('button', { name: '换文件，不保留修改' }).click();
  await expect(page.getByRole('alert')).toContainText('未找到学员通讯录的表头');
  await expect(page.locator('[data-r="13"] [data-c="8"]')).toHaveText('主治医师'); // the edit is still there
  await expect(page.getByTestId('attendees')).toHaveText('59 人');
});

test('work in progress comes back after a reload, and can be cleared', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await correctTitleInRow14(page);
  await expect.poll(async () => (await stored(page)).edits).toBe(1); // the save is asynchronous

  await page.reload();
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByRole('status')).toContainText('已恢复上次未完成的工作');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');

  // The edit is in no exported file: the page asks before clearing it away.
  await page.getByRole('button', { name: '清除本机保存的数据' }).click();
  await page.getByRole('dialog', { name: '清除本机保存的数据？' }).getByRole('button', { name: '清除，不保留修改' }).click();
  await expect(page.getByRole('heading', { name: /校验结果/ })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: /校验结果/ })).toHaveCount(0);
});

test('a file and an edit are kept even when the page is reloaded the moment they show', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  // Reloaded the moment the result shows: the file was stored before it was shown.
  await page.reload();
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByRole('status')).toContainText('已恢复上次未完成的工作');
  // No waiting for the save: it starts with the edit, so a reload right after finds it.
  await correctTitleInRow14(page);
  await page.reload();
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByRole('status')).toContainText('已恢复上次未完成的工作');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
});

test('an edit is kept when the page is reloaded while the browser is still storing it', async ({ page }) => {
  // The browser's storage made slow on purpose (as on a busy PC): every save takes seconds to
  // start, so the reload below comes while the edit's save is still under way.
  await page.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const req = open.apply(this, args);
      if (!(window as unknown as { slowSaves?: boolean }).slowSaves) return req;
      Object.defineProperty(req, 'onsuccess', {
        set(fn: (e: Event) => void) {
          req.addEventListener('success', (e) => setTimeout(() => fn.call(req, e), 5_000));
        },
      });
      return req;
    };
  });
  await page.goto('/');
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await page.evaluate(() => ((window as unknown as { slowSaves?: boolean }).slowSaves = true));
  await correctTitleInRow14(page);
  await page.reload();
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByRole('status')).toContainText('已恢复上次未完成的工作');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
});

test('settings change the rules: a municipal project has no share rule; practical training has no range', async ({ page }) => {
  await upload(page, 'low-share.xlsx');
  await waitForResult(page, 'low-share.xlsx');
  await expect(page.getByText(/还需招收 \d+ 名外省或基层学员/)).toBeVisible();
  await openSettings(page);
  await page.getByLabel('北京市级').check();
  await expect(page.getByText('北京市级项目不要求此比例')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('北京市级')).toBeChecked();
});

test('the Content-Security-Policy forbids connections, and axe finds no serious problem', async ({ page }) => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("connect-src 'none'");
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await expectAccessible(page, 'a roster with problems');
});

test('every action is reachable from the keyboard', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  // Tab through the page and collect what gets focus.
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 20) ?? ''}` : '';
    });
    seen.add(label);
  }
  const all = [...seen].join('\n');
  expect(all).toContain('导出校正文件');
  expect(all).toContain('导出校验报告');
  expect(all).toMatch(/INPUT:/);
});

test('when a worker cannot start, the page does the work itself and says so', async ({ page }) => {
  await page.addInitScript(() => {
    // As on a locked-down browser: creating a worker throws.
    (window as unknown as { Worker: unknown }).Worker = function () {
      throw new Error('workers are disabled');
    };
  });
  await page.reload();
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await expect(page.getByTestId('errors')).toHaveText('17 处错误');
  await expect(page.getByText('这个浏览器较旧或设置受限，文件改为直接在本页面中处理')).toBeVisible();
  await expect(page.locator('main')).toHaveAttribute('data-engine', 'page');
  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校正文件/ }).click();
  expect((await p).suggestedFilename()).toBe('planted-defects-已校正.xlsx');
});

test('the print view holds the report, with masked numbers when asked', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await page.getByLabel(/报告中隐去部分身份证号和手机号/).check();
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const report = page.locator('section.print-only');
  await expect(report).toContainText('学员通讯录校验报告');
  await expect(page.getByTestId('print-verdict')).toHaveText(/^结论：需修改：导出后自动修正 \d+ 处，还需手工修改 \d+ 处$/);
  await expect(report).toContainText('文件识别码');
  await expect(report).toContainText('证件号码校验位错误');
  expect(await report.textContent()).not.toMatch(/\d{17}[\dX]/);
  await expect(page.getByRole('button', { name: /^导出校正文件/ })).toBeHidden();
});

test('cancelling a long load keeps the previous roster and its edits, and the engine still works', async ({ page }, testInfo) => {
  // Making and uploading a 100,000-row workbook takes 10-20 s here, more on a busy machine.
  test.setTimeout(120_000);
  // 100,000 rows as .xlsx: within every size budget, and slow enough (seconds) to cancel.
  const { HEADER, makeRows } = await import('../../scripts/synth.mjs');
  const XLSX = await import('xlsx');
  const big = testInfo.outputPath('big-roster.xlsx');
  const sheet = XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(100_000, 9)]);
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(testInfo.outputDir, { recursive: true });
  writeFileSync(big, XLSX.write({ SheetNames: ['名单'], Sheets: { 名单: sheet } }, { type: 'buffer', bookType: 'xlsx', compression: true }));

  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await correctTitleInRow14(page);

  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(big);
  await page.getByRole('dialog').getByRole('button', { name: '换文件，不保留修改' }).click();
  await page.getByRole('button', { name: '取消' }).click();
  // Cancelling is not an error: a plain note, no red box.
  await expect(page.getByRole('status')).toContainText('已取消');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
  await expect(page.getByRole('heading', { name: '校验结果：planted-defects.xlsx' })).toBeVisible();

  // The replaced engine got the roster back: an edit and an export still work.
  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校正文件/ }).click();
  const wb = readWorkbook(await downloadBytes(await p));
  expect(wb.sheets.find((s) => s.name === '学员名单')?.rows[13]?.[8]).toBe('主治医师');
});

test('when the worker crashes, a new one takes over the roster with every edit, and says so', async ({ page }) => {
  await upload(page, 'planted-defects.xlsx');
  await waitForResult(page, 'planted-defects.xlsx');
  await correctTitleInRow14(page);

  // An uncaught error inside the worker: the page sees the worker fail, as it would on a crash.
  const worker = page.workers().find((w) => w.url().includes('roster'));
  expect(worker, 'the engine runs in a worker').toBeDefined();
  await worker?.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(page.getByRole('status')).toContainText('已自动重新启动');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');

  // The new engine has the roster and the first edit: a second edit counts from there.
  await chooseProblem(page, '不是字典中的值', '第 13 行「职称」');
  await page.getByRole('grid', { name: '学员名单' }).press('Enter');
  await page.getByLabel(/修改第 13 行/).fill('副主任医师');
  await page.getByLabel(/修改第 13 行/).press('Enter');
  await expect(page.getByTestId('errors')).toHaveText('15 处错误');

  const p = page.waitForEvent('download');
  await page.getByRole('button', { name: /^导出校正文件/ }).click();
  const rows = readWorkbook(await downloadBytes(await p)).sheets.find((s) => s.name === '学员名单')?.rows;
  expect([rows?.[12]?.[8], rows?.[13]?.[8]]).toEqual(['副主任医师', '主治医师']);
});
