import { expect, type Download, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The two screens every behaviour is tried on: a desk PC and a phone. */
export const VIEWPORTS = [
  { name: '1366×768', viewport: { width: 1366, height: 768 } },
  { name: '390 px', viewport: { width: 390, height: 844 } },
] as const;

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

/** On a narrow screen the problem list is a drawer: open it (a no-op on a wide screen). */
export async function openProblems(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^问题清单（/ });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.getByRole('heading', { name: '问题清单' })).toBeVisible();
}

/** Choose a problem in the problem list (opening the drawer first on a narrow screen). */
export async function chooseProblem(page: Page, group: string, name: string): Promise<void> {
  await openProblems(page);
  await page.locator('details', { hasText: group }).getByRole('button', { name }).click();
}

/** Open the project settings (in the compact bar once a roster is shown). */
export async function openSettings(page: Page): Promise<void> {
  const menu = page.locator('details.settings-menu');
  if ((await menu.count()) && !(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click();
}

/** Jump from the problem list to row 14's vague title 中级 and correct it in the grid. */
export async function correctTitleInRow14(page: Page): Promise<void> {
  await chooseProblem(page, '不是字典中的值', '第 14 行「职称」');
  await page.getByRole('grid', { name: '学员名单' }).press('Enter');
  await page.getByLabel(/修改第 14 行/).fill('主治医师');
  await page.getByLabel(/修改第 14 行/).press('Enter');
  await expect(page.getByTestId('errors')).toHaveText('16 处错误');
}

/** axe finds no serious or critical problem in the page as it is now. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), state).toEqual([]);
}

/** What this browser keeps for the page: the stored file's name and the stored edits. */
export async function stored(page: Page): Promise<{ file: string | null; sheet: string | null; edits: number; settings: string | null }> {
  return page.evaluate(async () => {
    const settings = localStorage.getItem('roster-check:settings');
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'roster-check')) return { file: null, sheet: null, edits: 0, settings };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('roster-check');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const get = (store: string) =>
      new Promise<unknown>((resolve) => {
        if (!db.objectStoreNames.contains(store)) return resolve(undefined);
        const req = db.transaction(store).objectStore(store).get('current');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(undefined);
      });
    const file = (await get('file')) as { name?: string; sheet?: string } | undefined;
    const work = (await get('work')) as { edits?: unknown[] } | undefined;
    db.close();
    return { file: file?.name ?? null, sheet: file?.sheet ?? null, edits: work?.edits?.length ?? 0, settings };
  });
}

/** Start from nothing: no work saved by an earlier test, saving switched on. */
export async function fresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.getByRole('button', { name: '清除本机保存的数据' }).click();
  await page.reload();
}
