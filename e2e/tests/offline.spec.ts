// When the network drops (issue 14): the service worker (public/sw.js) keeps
// the app and the schedules on the device, the app says what still works and
// pauses booking, and everything resumes by itself when the network is back.
// A second load with the server gone still shows the app; a new version of
// the app waits for a kiosk's idle reset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, NOW } from './fixtures';
import { chooseFirstOpenSlot, fillContact, isKiosk, openHome } from './flow';
import { OwnServer } from './own-server';

test.use({ serviceWorkers: 'allow' });

const HOME = '您好，请选择要预约的服务';
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const banner = (page: Page) => page.getByRole('status').filter({ hasText: '网络暂时不通' });

/** Waits until the service worker answers for the page. */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Whether a new version of the service worker is installed and waiting. */
async function waiting(page: Page): Promise<boolean> {
  return page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.waiting));
}

/** The health check runs every 30 s: the clock moves past the next one. */
async function nextHealthCheck(page: Page) {
  await page.clock.runFor(31_000);
}

test('offline: a banner, the schedule from the device, booking paused; back online it resumes by itself', async ({ page, context }) => {
  // Online first: the service worker keeps what this device has been shown.
  await openHome(page);
  await controlled(page);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await page.getByRole('link', { name: '首页' }).click();
  await expect(h1(page)).toHaveText(HOME);

  await context.setOffline(true);
  await nextHealthCheck(page);
  await expect(banner(page)).toBeVisible();
  await expect(banner(page)).toContainText('日程仍可查看，预约暂停');

  // The schedule is still there to read, from the device's copy.
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await expect(banner(page)).toContainText(/日程更新于 \d\d:\d\d/);
  await fillContact(page, '周阿姨', isKiosk() ? '13888000401' : '13888000403');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(h1(page)).toHaveText('请核对您的预约');
  // Booking pauses, with the centre's phone; nothing typed is lost.
  const confirm = page.getByRole('button', { name: '确认预约' });
  await expect(confirm).toBeDisabled();
  await expect(page.getByText(/暂时不能预约.*请致电 \d/)).toBeVisible();
  await expect(page.getByText('周阿姨')).toBeVisible();

  // Back online: the banner goes by itself and the booking goes through.
  await context.setOffline(false);
  await nextHealthCheck(page);
  await expect(banner(page)).toBeHidden();
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(h1(page)).toHaveText('预约成功');
});

test.describe('with a server of its own', () => {
  let server: OwnServer;
  test.beforeEach(async () => {
    server = new OwnServer();
    await server.start(NOW);
  });
  test.afterEach(async () => {
    await server.dispose();
  });

  test('a second load with the server stopped shows the app from the device, and it notices when the server is back', async ({ page }) => {
    const start = isKiosk() ? '/?mode=kiosk&center=dongshan-zhushan' : '/';
    await page.goto(server.url + start);
    await expect(h1(page)).toHaveText(HOME);
    await controlled(page);
    // The residents' files only: the staff page is kept where it is opened.
    const kept = await page.evaluate(async () => {
      const caches_ = await Promise.all((await caches.keys()).map((k) => caches.open(k)));
      return (await Promise.all(caches_.map((c) => c.keys()))).flat().map((r) => new URL(r.url).pathname);
    });
    expect(kept.filter((p) => /^\/linli-app-.*\.wasm$/.test(p))).toHaveLength(1);
    expect(kept.filter((p) => p.includes('staff') || p.startsWith('/volunteer'))).toEqual([]);

    const port = server.port;
    await server.stop();
    await page.reload();
    await expect(h1(page)).toHaveText(HOME);
    await expect(page.getByRole('link', { name: /微餐桌/ })).toBeVisible();
    await nextHealthCheck(page);
    await expect(banner(page)).toBeVisible();

    await server.start(NOW, { port });
    await nextHealthCheck(page);
    await expect(banner(page)).toBeHidden();
  });
});

test.describe('a new version on a kiosk', () => {
  let server: OwnServer;
  let appDir: string;
  test.skip(() => !isKiosk(), 'the idle reset is the kiosk’s');
  test.beforeEach(async () => {
    appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-app-'));
    fs.cpSync(path.resolve(__dirname, '..', '..', 'dist'), appDir, { recursive: true });
    server = new OwnServer();
    await server.start(NOW, { appDir });
  });
  test.afterEach(async () => {
    await server.dispose();
    fs.rmSync(appDir, { recursive: true, force: true });
  });

  test('waits for the idle reset, never takes over in the middle of a booking', async ({ page }) => {
    await page.goto(`${server.url}/?mode=kiosk&center=dongshan-zhushan`);
    await controlled(page);
    const before = await page.evaluate(() => caches.keys());
    expect(before.filter((k) => k.startsWith('linli-app-'))).toHaveLength(1);
    await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
    await fillContact(page, '吴爷爷', '13888000402');

    // A new build is deployed: the same files, a new version of sw.js.
    const port = server.port;
    await server.stop();
    const sw = path.join(appDir, 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/^const VERSION = '([^']*)'/m, "const VERSION = '$1-next'"));
    await server.start(NOW, { port, appDir });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect.poll(() => waiting(page)).toBe(true);

    // It waits: the resident's form stays as it is.
    await page.clock.runFor(5_000);
    await expect(page.getByLabel('怎么称呼您')).toHaveValue('吴爷爷');
    expect(await waiting(page)).toBe(true);

    // The idle reset: a minute to the prompt, 20 s to the reset; then the new version runs.
    await page.clock.runFor(61_000);
    await page.clock.runFor(21_000);
    await expect(h1(page)).toHaveText(HOME);
    await expect.poll(() => waiting(page)).toBe(false);
    const after = await page.evaluate(() => caches.keys());
    expect(after.filter((k) => k.startsWith('linli-app-'))).toEqual([`${before.find((k) => k.startsWith('linli-app-'))}-next`]);
  });
});
