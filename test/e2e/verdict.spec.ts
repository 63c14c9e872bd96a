// One verdict everywhere (issue #19 part 3): for the same file, the batch table, the batch report,
// the workspace's strip, the print view and the report file's 结论 say the same thing, computed
// once in core/verdict.ts; the grid shows a cell as it will be exported, its original on hover.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { nearThresholdXlsx } from '../near-threshold';
import { expect, test } from './fixtures';
import { VIEWPORTS, downloadBytes, fixture, fresh, waitForResult } from './helpers';

const FILE = 'planted-defects.xlsx';
let near: string[] = [];
test.beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-e2e-'));
  const bytes = nearThresholdXlsx();
  near = ['甲.xlsx', '乙.xlsx'].map((n) => join(dir, n));
  for (const f of near) writeFileSync(f, bytes);
});

for (const { name, viewport } of VIEWPORTS) {
  test.describe(name, () => {
    test.use({ viewport });

    test('the strip, the batch table, the batch report, the print view and the report give the same verdict', async ({ page }) => {
      await fresh(page);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles([fixture(FILE), fixture('clean.xlsx')]);
      await expect(page.getByRole('heading', { name: '批量校验：共 2 个名单' })).toBeVisible({ timeout: 60_000 });
      const row = page.getByRole('region', { name: '名单列表' }).getByRole('row').filter({ hasText: FILE });
      await expect(row.locator('.verdict')).toHaveText('需修改', { timeout: 60_000 });
      await expect(page.getByTestId('batch-counts')).toContainText('学员', { timeout: 60_000 });
      // Its sentence: what the export fixes and what is left by hand.
      const text = (await row.locator('.verdict + div, .verdict ~ .reason').first().textContent())?.trim() ?? '';
      expect(text).toMatch(/^导出后自动修正 \d+ 处，还需手工修改 \d+ 处$/);
      const line = `需修改：${text}`;
      // On a phone, 文件 and 结论 are in view without scrolling sideways.
      for (const cell of [row.locator('td.file'), row.locator('td.verdict-cell')]) {
        const box = await cell.boundingBox();
        expect(box!.x >= 0 && box!.x + box!.width <= viewport.width).toBe(true);
      }

      const [batchReport] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出汇总报告' }).click()]);
      const bwb = XLSX.read(await downloadBytes(batchReport), { type: 'array' });
      const brow = XLSX.utils.sheet_to_json<Record<string, string>>(bwb.Sheets['汇总'] as XLSX.WorkSheet, { defval: '' }).find((r) => r['文件'] === FILE);
      expect(brow).toMatchObject({ 结论: '需修改', 说明: text });

      await row.getByRole('button', { name: FILE, exact: true }).click();
      await waitForResult(page, FILE);
      const strip = page.getByTestId('verdict');
      await expect(strip).toHaveAttribute('data-verdict', 'fix');
      await expect(strip.locator('.line')).toHaveText(line);

      // The grid shows the accepted fix's value, marked, with the original on hover.
      const fixed = page.locator('.cell.fixed').first();
      await expect(fixed).toBeVisible();
      const title = (await fixed.getAttribute('title')) ?? '';
      const m = /^导出时自动修正为“(.*)”（原内容“(.*)”）/.exec(title);
      expect(m).not.toBeNull();
      await expect(fixed).toHaveText(m![1]!);
      expect(m![1]).not.toBe(m![2]);

      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await expect(page.getByTestId('print-verdict')).toHaveText(`结论：${line}`);
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });

      const [report] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出校验报告' }).click()]);
      const wb = XLSX.read(await downloadBytes(report), { type: 'array' });
      const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['汇总'] as XLSX.WorkSheet, { header: 1, defval: '' });
      expect(rows.find((r) => r[0] === '结论')?.[1]).toBe(line);
    });

    test('200 out-of-province people in 2,001 read 9.99% in the batch table, the strip and the print view', async ({ page }) => {
      await fresh(page);
      await page.getByLabel('选择学员通讯录文件').first().setInputFiles(near);
      await expect(page.getByRole('heading', { name: '批量校验：共 2 个名单' })).toBeVisible({ timeout: 60_000 });
      const row = page.getByRole('region', { name: '名单列表' }).getByRole('row').filter({ hasText: '甲.xlsx' });
      await expect(row.getByRole('cell').nth(4)).toHaveText('9.99%', { timeout: 60_000 });
      // 合并为一个名单 takes the rosters ticked (none by default: they have no 项目名称).
      const merge = page.getByRole('button', { name: /^合并为一个名单/ });
      await expect(merge).toHaveText('合并为一个名单（0 个）');
      await expect(merge).toBeDisabled();
      await page.getByRole('checkbox', { name: '合并时包括 甲.xlsx' }).check();
      await page.getByRole('checkbox', { name: '合并时包括 乙.xlsx' }).check();
      await expect(merge).toHaveText('合并为一个名单（2 个）');
      const [merged] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), merge.click()]);
      expect(merged.suggestedFilename()).toBe('合并名单.xlsx');
      await row.getByRole('button', { name: '甲.xlsx', exact: true }).click();
      await waitForResult(page, '甲.xlsx');
      await expect(page.getByTestId('share')).toHaveText('9.99%');
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await expect(page.locator('section.print-only')).toContainText('占 9.99%');
      await expect(page.locator('section.print-only')).not.toContainText('10.0%');
    });
  });
}
