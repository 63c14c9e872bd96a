// Many rosters at once on the page (issue #12): the generated batch (planted cross-file
// duplicates, same-day credits, a broken file, a zip holding a zip, a manifest) chosen together
// gives a table, the lists across files, drill-down into the workspace and back, and a zip of
// corrected files; on a desk PC and on a phone, with axe on the batch view.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { VIEWPORTS, downloadBytes, expectAccessible, fresh } from './helpers';
import { BATCH, makeBatch, makeManifests, makeScale } from '../../scripts/make-batch.mjs';
import { zipFile } from '../../scripts/zip.mjs';

let dir = '';
let files: string[] = [];
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'batch-e2e-'));
  makeBatch(`${dir}/rosters/`);
  makeManifests(`${dir}/`);
  files = [BATCH.cardio, BATCH.nursing, BATCH.emergency, BATCH.session1, BATCH.session2, BATCH.broken, BATCH.zip].map((f) => `${dir}/rosters/${f}`);
  files.push(`${dir}/batch-manifest.xlsx`);
});

const table = (page: Page) => page.getByRole('region', { name: '名单列表' });
const rowOf = (page: Page, file: string) => table(page).getByRole('row').filter({ hasText: file });

/** Enter project settings for one roster in its dialog (keyboard only) and save them. */
async function setProject(page: Page, file: string, fields: { name?: string; start?: string; end?: string; hours?: string; credits?: string }) {
  await rowOf(page, file).getByRole('button', { name: `修改 ${file} 的项目设置` }).press('Enter');
  const dialog = page.getByRole('dialog', { name: `项目设置：${file}` });
  await expect(dialog).toBeVisible();
  if (fields.name !== undefined) await dialog.getByLabel('项目名称').fill(fields.name);
  for (const [key, label] of [['start', '开始日期'], ['end', '结束日期'], ['hours', '学时'], ['credits', '学分']] as const) {
    const v = fields[key];
    if (v !== undefined) await dialog.getByLabel(label, { exact: true }).fill(v);
  }
  await dialog.getByLabel('学分', { exact: true }).press('Enter');
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(rowOf(page, file).getByRole('button', { name: `修改 ${file} 的项目设置` })).toBeFocused();
}

async function chooseBatch(page: Page) {
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(files);
  await expect(page.getByRole('heading', { name: '批量校验：共 8 个名单' })).toBeVisible({ timeout: 60_000 });
  // Reading is over when the lists across files are shown.
  await expect(page.getByRole('heading', { name: /^同日超学分/ })).toBeVisible({ timeout: 60_000 });
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });
    test.beforeEach(async ({ page }) => {
      await fresh(page);
    });

    test('several files and a manifest make a batch table with its verdicts and reasons', async ({ page }) => {
      await chooseBatch(page);
      await expect(page.getByTestId('batch-counts')).toContainText('无法读取 2 个');
      await expect(rowOf(page, BATCH.cardio)).toContainText('高血压诊疗新进展');
      await expect(rowOf(page, BATCH.cardio)).toContainText('需修改');
      await expect(rowOf(page, BATCH.cardio)).toContainText('含同日超学分 10');
      await expect(rowOf(page, BATCH.broken)).toContainText('无法读取');
      await expect(rowOf(page, `${BATCH.zip}/${BATCH.nested}`)).toContainText('压缩包中又套了压缩包');
      await expect(rowOf(page, `${BATCH.zip}/${BATCH.zipped}`)).toContainText('疼痛管理培训班');
      // The manifest: a row with no file, a file with no row.
      await expect(page.getByText(`项目清单第 8 行的“${BATCH.missing}”没有找到对应的名单文件`)).toBeVisible();
      await expect(page.getByText(`${BATCH.emergency}：项目清单中没有这个文件`)).toBeVisible();

      // Filter and sort.
      await page.getByLabel('显示').selectOption('无法读取');
      await expect(table(page).getByRole('row')).toHaveCount(3);
      await page.getByLabel('显示').selectOption('all');
      await table(page).getByRole('button', { name: /^学员/ }).click();
      await expect(table(page).getByRole('columnheader', { name: /^学员/ })).toHaveAttribute('aria-sort', 'ascending');
      await table(page).getByRole('button', { name: /^文件/ }).click();
      const first = await table(page).getByRole('row').nth(1).locator('td').first().innerText();
      const last = await table(page).getByRole('row').last().locator('td').first().innerText();
      expect(first.localeCompare(last, 'zh')).toBeLessThan(0);

      await expectAccessible(page, 'batch table');
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
    });

    test('the lists across files name the files and rows, and open the roster', async ({ page }) => {
      await chooseBatch(page);
      await expect(page.getByRole('heading', { name: '同日超学分（10 条，错误）' })).toBeVisible();
      await expect(page.getByRole('heading', { name: '跨文件重复（45 人，提示）' })).toBeVisible();
      const sameDay = page.getByRole('region', { name: /^同日超学分/ });
      await expect(sameDay.getByText('共 4 学分')).toHaveCount(2);
      await expect(sameDay.getByRole('button', { name: `${BATCH.cardio} 第 ${BATCH.firstRow} 行` })).toBeVisible();
      await sameDay.getByRole('button', { name: `${BATCH.nursing} 第 ${BATCH.firstRow} 行` }).first().click();
      await expect(page.getByRole('heading', { name: `校验结果：${BATCH.nursing}` })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByText('这个名单另有 10 处同一天学分超过 2 分的错误')).toBeVisible();
      // The roster opens at that person's row (its ID cell).
      await expect(page.locator(`[data-r="${BATCH.firstRow - 1}"] [data-c="4"]`)).toBeFocused();
      await page.getByRole('button', { name: '返回批量结果' }).click();
      await expect(page.getByRole('heading', { name: '批量校验：共 8 个名单' })).toBeVisible();
      await expectAccessible(page, 'batch lists');
    });

    test('a roster opens in the workspace; its edits are kept and the verdict follows', async ({ page }) => {
      await chooseBatch(page);
      const before = Number((await rowOf(page, BATCH.emergency).locator('td').nth(5).innerText()).match(/^\d+/)?.[0]);
      await rowOf(page, BATCH.emergency).getByRole('button', { name: BATCH.emergency, exact: true }).click();
      await expect(page.getByRole('heading', { name: `校验结果：${BATCH.emergency}` })).toBeVisible({ timeout: 30_000 });
      // Clear a name (a required cell): one more error.
      const nameCell = page.locator('[data-r="1"] [data-c="1"]');
      await nameCell.click();
      await page.keyboard.press('Enter');
      const editor = page.getByLabel(/修改第 2 行/);
      await editor.fill('');
      await editor.press('Enter');
      await expect(page.getByTestId('errors')).toHaveText(`${before + 1} 处错误`);
      await page.getByRole('button', { name: '返回批量结果' }).click();
      await expect(rowOf(page, BATCH.emergency)).toContainText('（已修改）');
      await expect(rowOf(page, BATCH.emergency).locator('td').nth(5)).toHaveText(String(before + 1));
      await expect(rowOf(page, BATCH.emergency)).toContainText('需修改');
      // The batch report follows: the roster's issue as it is now, and its verdict.
      const [report] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出汇总报告' }).click()]);
      const wb = XLSX.read(await downloadBytes(report), { type: 'array' });
      const sheet = (n: string) => XLSX.utils.sheet_to_json<Record<string, string | number>>(wb.Sheets[n] as XLSX.WorkSheet, { defval: '' });
      expect(sheet('汇总').find((r) => r['文件'] === BATCH.emergency)).toMatchObject({ 错误: before + 1, 结论: '需修改' });
      expect(sheet('全部问题').filter((r) => r['文件'] === BATCH.emergency && r['级别'] === '错误').map((r) => r['行号'])).toEqual([2]);
      // Opened again, the edit is still there.
      await rowOf(page, BATCH.emergency).getByRole('button', { name: BATCH.emergency, exact: true }).click();
      await expect(page.getByTestId('errors')).toHaveText(`${before + 1} 处错误`, { timeout: 30_000 });
      await page.getByRole('button', { name: '返回批量结果' }).click();

      // Every corrected file in one zip, named -已校正, the zipped roster too; the batch worker
      // reads the files itself (the page's thread never reads one for the export).
      await page.evaluate(() => {
        const w = window as unknown as { pageReads: number };
        w.pageReads = 0;
        const read = Blob.prototype.arrayBuffer;
        Blob.prototype.arrayBuffer = function (this: Blob) {
          w.pageReads++;
          return read.call(this);
        };
      });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出全部校正文件（.zip）' }).click()]);
      expect(download.suggestedFilename()).toBe('校正后的名单.zip');
      const names = Object.keys(unzipSync(await downloadBytes(download))).sort();
      expect(names).toEqual(
        ['心内科-高血压新进展-已校正.xlsx', '护理部-静脉治疗护理-已校正.xlsx', '急诊科-创伤救治-已校正.csv', '影像科-影像诊断-第1期-已校正.xlsx', '影像科-影像诊断-第2期-已校正.xlsx', '麻醉科/麻醉科-疼痛管理-已校正.xlsx'].sort(),
      );
      await expect(page.getByText(/已导出 6 个校正文件/)).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { pageReads: number }).pageReads)).toBe(0);
    });

    test('project settings entered for one roster: its verdict and the same-day list follow, over the manifest', async ({ page }) => {
      await chooseBatch(page);
      const origin = (file: string) => rowOf(page, file).getByTestId('settings-origin');
      await expect(origin(BATCH.emergency)).toHaveText('默认');
      await expect(origin(BATCH.cardio)).toHaveText('清单');
      await expect(rowOf(page, BATCH.emergency)).toContainText('可以上传');

      // 12 credits: over the limit of 10, the roster now needs changes and says why.
      await setProject(page, BATCH.emergency, { credits: '12' });
      await expect(rowOf(page, BATCH.emergency)).toContainText('需修改');
      await expect(rowOf(page, BATCH.emergency)).toContainText('授予 12 学分，超过每个项目的上限 10 学分');
      await expect(origin(BATCH.emergency)).toHaveText('手动填写');
      // The status line says it is done (read out by screen readers).
      await expect(page.getByRole('status').filter({ hasText: '已重新校验' })).toContainText(`已重新校验 ${BATCH.emergency}：需修改`);

      // On 2026-03-11 with 1 credit, next to 心内科's 2 credits that day: its 5 shared people are over 2.
      await setProject(page, BATCH.emergency, { name: '创伤救治培训', start: '2026-03-11', end: '2026-03-11', hours: '3', credits: '1' });
      await expect(page.getByRole('heading', { name: '同日超学分（15 条，错误）' })).toBeVisible();
      const sameDay = page.getByRole('region', { name: /^同日超学分/ });
      await expect(sameDay.getByRole('button', { name: new RegExp(`^${BATCH.emergency} 第`) })).toHaveCount(5);
      await expect(rowOf(page, BATCH.emergency)).toContainText('创伤救治培训');
      await expect(rowOf(page, BATCH.emergency)).toContainText('含同日超学分 5');

      // 心内科 moved to another day by hand, over its manifest row: no one has more than 2 credits a day.
      await setProject(page, BATCH.cardio, { start: '2026-04-01', end: '2026-04-01', hours: '6', credits: '2' });
      await expect(page.getByRole('heading', { name: '同日超学分（0 条，错误）' })).toBeVisible();
      await expect(origin(BATCH.cardio)).toHaveText('手动填写');
      await expect(rowOf(page, BATCH.cardio)).toContainText('可以上传');
      // Escape leaves the dialog without saving.
      await rowOf(page, BATCH.cardio).getByRole('button', { name: `修改 ${BATCH.cardio} 的项目设置` }).press('Enter');
      await page.getByRole('dialog').getByLabel('学分', { exact: true }).fill('9');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(rowOf(page, BATCH.cardio)).toContainText('2026-04-01，2 学分');
      // Back to its manifest row.
      await rowOf(page, BATCH.cardio).getByRole('button', { name: `修改 ${BATCH.cardio} 的项目设置` }).click();
      await expectAccessible(page, 'batch project dialog');
      await page.getByRole('dialog').getByRole('button', { name: /改用清单设置/ }).click();
      await expect(page.getByRole('heading', { name: '同日超学分（15 条，错误）' })).toBeVisible({ timeout: 30_000 });
      await expect(origin(BATCH.cardio)).toHaveText('清单');
      // 保存 with nothing changed leaves it on its manifest row (not 手动填写).
      await rowOf(page, BATCH.cardio).getByRole('button', { name: `修改 ${BATCH.cardio} 的项目设置` }).click();
      await page.getByRole('dialog').getByRole('button', { name: '保存并重新校验' }).click();
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(origin(BATCH.cardio)).toHaveText('清单');
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
    });
  });
}

test('project settings changed in the workspace become the roster\'s own in the batch', async ({ page }) => {
  await fresh(page);
  await chooseBatch(page);
  await rowOf(page, BATCH.emergency).getByRole('button', { name: BATCH.emergency, exact: true }).click();
  await expect(page.getByRole('heading', { name: `校验结果：${BATCH.emergency}` })).toBeVisible({ timeout: 30_000 });
  await page.locator('summary').filter({ hasText: /^项目设置/ }).click();
  const credits = page.getByLabel('学分', { exact: true });
  await credits.fill('12');
  await credits.press('Tab');
  await expect(page.getByText('授予 12 学分，超过每个项目的上限 10 学分').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '返回批量结果' }).click();
  await expect(rowOf(page, BATCH.emergency).getByTestId('settings-origin')).toHaveText('手动填写');
  await expect(rowOf(page, BATCH.emergency)).toContainText('授予 12 学分，超过每个项目的上限 10 学分');
  await expect(rowOf(page, BATCH.emergency)).toContainText('需修改');
  // Opened again, it is checked with them.
  await rowOf(page, BATCH.emergency).getByRole('button', { name: BATCH.emergency, exact: true }).click();
  await expect(page.getByText('授予 12 学分，超过每个项目的上限 10 学分').first()).toBeVisible({ timeout: 30_000 });
});

test('a folder of rosters is read with progress, and 取消 keeps what was read so far', async ({ page }) => {
  const scale = makeScale(150, 50, `${mkdtempSync(join(tmpdir(), 'batch-e2e-scale-'))}/`);
  await fresh(page);
  await page.getByLabel('选择装有多个名单的文件夹').setInputFiles(`${scale}rosters`);
  const status = page.getByRole('status').filter({ hasText: '正在读取' });
  // Once a roster has been read its name shows in the progress line.
  await expect(status).toContainText('rosters/科室');
  await status.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText(/已取消：读取了 \d+ 个名单/)).toBeVisible({ timeout: 60_000 });
  const read = Number((await page.getByRole('heading', { name: /^批量校验/ }).innerText()).match(/共 (\d+) 个/)?.[1]);
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(150);
  // Files from the folder are named by their path in it; the lists cover what was read.
  await expect(rowOf(page, 'rosters/科室0001.xlsx')).toContainText('可以上传');
  await expect(page.getByRole('heading', { name: /^跨文件重复/ })).toBeVisible();
});

test('a zip of rosters given alone is read roster by roster, with progress counting its rosters, and 取消 keeps what was read', async ({ page }) => {
  const scale = makeScale(150, 50, `${mkdtempSync(join(tmpdir(), 'batch-e2e-zip-'))}/`);
  const zip = `${scale}各科室名单.zip`;
  writeFileSync(zip, zipFile(readdirSync(`${scale}rosters`).map((f) => ({ name: f, data: readFileSync(`${scale}rosters/${f}`) }))));
  await fresh(page);
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(zip);
  const status = page.getByRole('status').filter({ hasText: '正在读取' });
  // The progress line counts the rosters in the zip, and names the one just read.
  await expect(status).toContainText(/（\d+ \/ 150）各科室名单\.zip\/科室\d+\.xlsx/);
  await status.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText(/已取消：读取了 \d+ 个名单/)).toBeVisible({ timeout: 60_000 });
  const read = Number((await page.getByRole('heading', { name: /^批量校验/ }).innerText()).match(/共 (\d+) 个/)?.[1]);
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(150);
  await expect(rowOf(page, '各科室名单.zip/科室0001.xlsx')).toContainText('可以上传');
  await expect(page.getByRole('heading', { name: /^跨文件重复/ })).toBeVisible();
});

test('a roster whose name merely contains 清单 is read as a roster, with a sentence', async ({ page }) => {
  const listed = `${dir}/影像科学员清单.xlsx`;
  copyFileSync(`${dir}/rosters/${BATCH.session1}`, listed);
  await fresh(page);
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles([`${dir}/rosters/${BATCH.cardio}`, listed]);
  await expect(page.getByRole('heading', { name: '批量校验：共 2 个名单' })).toBeVisible({ timeout: 60_000 });
  await expect(rowOf(page, '影像科学员清单.xlsx')).toContainText('60');
  await expect(page.getByText(/“影像科学员清单.xlsx”不是可用的项目清单（.+），已把它当作名单读取/)).toBeVisible();
});
