import { expect, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Every request the page makes, to assert that none leaves its origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export function foreign(urls: string[], origin: string): string[] {
  return urls.filter((u) => !(u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')));
}

export async function upload(page: Page, name: string): Promise<void> {
  await page.getByLabel('选择学员通讯录文件').first().setInputFiles(fixture(name));
}

export async function waitForResult(page: Page, fileName: string): Promise<void> {
  await expect(page.getByRole('heading', { name: `校验结果：${fileName}` })).toBeVisible({ timeout: 30_000 });
}

export async function downloadBytes(download: Download): Promise<Uint8Array> {
  const path = await download.path();
  return new Uint8Array(readFileSync(path));
}

/** Jump from the problem list to row 14's vague title 中级 and correct it in the grid. */
export async function correctTitleInRow14(page: Page): Promise<void> {
  await page.locator('details', { hasText: '不是字典中的值' }).getByRole('button', { name: '第 14 行「职称」' }).click();
  await page.getByRole('grid', { name: '学员名单' }).press('Enter');
  await page.getByRole('textbox', { name: /修改第 14 行/ }).fill('主治医师');
  await page.getByRole('textbox', { name: /修改第 14 行/ }).press('Enter');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
}
