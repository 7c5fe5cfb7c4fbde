// The static backend (DESIGN.md "Static backend"): dist-static/ under a plain
// static file server at /linli/, with no API anywhere. A kiosk keeps its
// bookings on the device under the same rules as the server; its volunteer
// signs in with the PIN hashed in config.json and exports the bookings for a
// server to import; a phone only publishes schedules. Run by the projects
// static-kiosk and static-phone (playwright.config.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
// For the browser's clock at the suite's moment (fixtures.ts); no `api` here.
import { test, expect } from './fixtures';

const CENTER = 'dongshan-zhushan';
const KIOSK = `?mode=kiosk&center=${CENTER}`;
// Legal consultations on Tuesdays and Fridays, so one is always in the week
// (the demo centre's are on Thursdays only).
const LEGAL_CENTER = 'dongshan-baijiahu';
const root = path.resolve(__dirname, '..', '..');
const isKiosk = () => test.info().project.name === 'static-kiosk';
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** Records every request for an API: a static site has none to ask. */
function watchForApi(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.includes('/api/')) asked.push(r.url());
  });
  return asked;
}

/** axe-core's default rules on the page as it is (a11y.spec.ts covers the modes). */
async function expectAxeClean(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

async function openKiosk(page: Page, center = CENTER) {
  await page.goto(`?mode=kiosk&center=${center}`);
  await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
}

/** On the kiosk: the service, the first day with room, its first open slot. */
async function toFirstOpenSlot(page: Page, tile: RegExp) {
  await page.getByRole('link', { name: tile }).click();
  await expect(h1(page)).toHaveText('您想预约哪一天？');
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(h1(page)).toHaveText('请选择时间');
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(h1(page)).toHaveText('请填写预约信息');
}

async function fillContact(page: Page, name: string, phone: string) {
  await page.getByLabel('怎么称呼您').fill(name);
  await page.getByLabel('联系电话（手机或座机）').fill(phone);
  await page.getByRole('button', { name: '下一步' }).click();
}

async function confirm(page: Page): Promise<string> {
  await page.getByRole('button', { name: '确认预约' }).click();
  await expect(h1(page)).toHaveText('预约成功');
  const code = ((await page.locator('.code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  return code;
}

async function lookUp(page: Page, code: string, phone: string) {
  await page.getByRole('link', { name: /我的预约/ }).click();
  await page.getByLabel('预约码').fill(code);
  await page.getByLabel('预约时留的电话').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
}

test.describe('on a kiosk', () => {
  test.skip(() => !isKiosk(), 'bookings are made on the kiosk');

  test('books with no server, keeps the booking through a restart, finds and cancels it', async ({
    page,
    context,
  }) => {
    const asked = watchForApi(page);
    await openKiosk(page);
    await toFirstOpenSlot(page, /微餐桌/);
    await fillContact(page, '严阿姨', '13611110001');
    await expect(h1(page)).toHaveText('请核对您的预约');
    const code = await confirm(page);

    // The same phone can't hold two seats in one sitting: the device says so.
    await page.getByRole('button', { name: '完成，回到首页' }).click();
    await toFirstOpenSlot(page, /微餐桌/);
    await fillContact(page, '严阿姨', '136 1111 0001');
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /已经预约/ })).toBeVisible();

    // A power cut: the kiosk starts again from its start page.
    await page.close();
    const again = await context.newPage();
    asked.push(...watchForApi(again));
    await openKiosk(again);
    await lookUp(again, code, '13611110001');
    await expect(again.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
    await expect(again.getByText('已预约')).toBeVisible();
    await again.getByRole('button', { name: '取消预约' }).click();
    await again.getByRole('alertdialog').getByRole('button', { name: '确定取消' }).click();
    await expect(again.getByText('预约已取消。')).toBeVisible();
    expect(asked).toEqual([]);
  });

  test('the kiosk forgets the resident at the reset but keeps the centre\'s bookings', { tag: '@clock' }, async ({ page }) => {
    // A launch query of its own, to see the reset keep it.
    await page.goto(`${KIOSK}&idle=90`);
    await toFirstOpenSlot(page, /助老服务/);
    await page.getByLabel('怎么称呼您').fill('牛大爷');
    await page.getByLabel('联系电话（手机或座机）').fill('13611110006');
    const address = page.getByLabel(/地址/);
    if (await address.count()) await address.fill('竹山路 1 号');
    await page.getByRole('button', { name: '下一步' }).click();
    const code = await confirm(page);
    // The receipt goes home by itself after its 30 s, through the kiosk's reset.
    await page.clock.runFor(31_000);
    await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
    expect(new URL(page.url()).search).toBe(`${KIOSK}&idle=90`);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await lookUp(page, code, '13611110006');
    await expect(page.getByText('已预约')).toBeVisible();
  });

  test('two tabs on one kiosk never take the same last seat', { tag: '@clock' }, async ({ page, context }) => {
    // The legal consultation has one seat per half hour.
    // Both tabs reach the same first open slot: nothing is booked in it yet.
    const other = await context.newPage();
    for (const tab of [page, other]) {
      await openKiosk(tab, LEGAL_CENTER);
      await toFirstOpenSlot(tab, /法律咨询/);
    }
    expect(new URL(other.url()).pathname).toBe(new URL(page.url()).pathname);

    for (const [tab, name, phone] of [
      [page, '孔先生', '13611110002'],
      [other, '孟女士', '13611110003'],
    ] as const) {
      await tab.getByLabel('怎么称呼您').fill(name);
      await tab.getByLabel('联系电话（手机或座机）').fill(phone);
      await tab.getByRole('radio', { name: '劳动工资' }).check();
      await tab.getByRole('button', { name: '下一步' }).click();
      await expect(h1(tab)).toHaveText('请核对您的预约');
    }
    // Both confirm at once: the device's storage runs one after the other.
    await Promise.all([
      page.getByRole('button', { name: '确认预约' }).click(),
      other.getByRole('button', { name: '确认预约' }).click(),
    ]);
    const outcome = async (tab: Page) => {
      const receipt = h1(tab).filter({ hasText: '预约成功' });
      const full = tab.getByRole('alert').filter({ hasText: '这个时间刚刚约满了' });
      await expect(receipt.or(full)).toBeVisible();
      return (await receipt.count()) > 0 ? 'booked' : 'full';
    };
    const outcomes = [await outcome(page), await outcome(other)];
    expect([...outcomes].sort()).toEqual(['booked', 'full']);

    // The one too late is offered the nearest times with room, kept details and all.
    const late = outcomes[0] === 'full' ? page : other;
    const offers = late.getByRole('alert').getByRole('link', { name: /剩余 \d+ 个名额/ });
    await offers.first().click();
    await expect(h1(late)).toHaveText('请核对您的预约');
    await expect(late.getByText('劳动工资')).toBeVisible();
    await confirm(late);
  });

  test('a full storage says so and keeps what the resident typed', async ({ page, context }) => {
    await openKiosk(page);
    await toFirstOpenSlot(page, /微餐桌/);
    await fillContact(page, '窦阿姨', '13611110005');
    await expect(h1(page)).toHaveText('请核对您的预约');
    // Chromium's own quota, shrunk to nothing for this origin.
    const cdp = await context.newCDPSession(page);
    const origin = new URL(page.url()).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect(page.getByRole('alert')).toContainText('这台自助机的存储已满，预约没有保存');
    await expect(h1(page)).toHaveText('请核对您的预约');
    await expect(page.getByText('窦阿姨')).toBeVisible();
    // With room again, the same screen books.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await confirm(page);
  });

  test.describe(() => {
    // The browser's clock on a Monday morning: the smartphone class is
    // tomorrow (Tuesdays and Thursdays 09:30–11:00, from 60 years).
    test.use({ now: '2026-11-30T08:00' });
    test('books a class for elders with the age tick, under the same rule as the server', async ({ page }) => {
      const asked = watchForApi(page);
      await openKiosk(page);
      await page.getByRole('link', { name: /微课堂/ }).click();
      await page.getByRole('link', { name: /明天/ }).click();
      await expect(h1(page)).toHaveText('请选择时间');
      await page.getByRole('link', { name: /09:30–11:00.*智能手机课/ }).click();
      const tick = page.getByRole('checkbox', { name: '我已年满 60 周岁' });
      await expect(tick).not.toBeChecked();
      await fillContact(page, '蒋阿姨', '13611110008');
      await expect(page.locator('#age-error')).toHaveText(/这门课有年龄要求/);
      await tick.check();
      await expect(page.locator('#age-error')).toBeEmpty();
      await page.getByRole('button', { name: '下一步' }).click();
      await expect(h1(page)).toHaveText('请核对您的预约');
      const code = await confirm(page);
      await page.getByRole('button', { name: '完成，回到首页' }).click();
      await lookUp(page, code, '13611110008');
      await expect(page.getByText('已预约')).toBeVisible();
      await expect(page.getByText('智能手机课')).toBeVisible();
      expect(asked).toEqual([]);
    });
  });

  test('the volunteer console works on the device; its export imports into a server', async ({ page }) => {
    // A resident's booking to find on the roster.
    await openKiosk(page);
    await toFirstOpenSlot(page, /微餐桌/);
    await fillContact(page, '柏阿姨', '13611110004');
    const code = await confirm(page);
    await page.getByRole('button', { name: '完成，回到首页' }).click();

    // The console is a page of its own (dist-static/volunteer/), loaded in
    // place of the residents' (no history to go Back through) and still the
    // kiosk's: its centre, its keypad.
    const entries = await page.evaluate(() => history.length);
    await page.getByRole('link', { name: '工作人员入口' }).click();
    await expect(h1(page)).toHaveText('志愿者登录');
    const at = new URL(page.url());
    expect(at.pathname + at.search).toBe(`/linli/volunteer${KIOSK}`);
    await expect(page.getByRole('group', { name: '数字键盘', exact: true })).toBeVisible();
    expect(await page.evaluate(() => history.length)).toBe(entries);
    await page.getByLabel('PIN 码').fill('135790');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('#vol-pin-error')).not.toBeEmpty();
    await page.getByLabel('PIN 码').fill('246810');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(h1(page)).toHaveText(/^预约名单 · /);

    // The booking's day, meals: the resident is there, masked.
    const day = await page.evaluate(async (c) => {
      const open = indexedDB.open('linli');
      const db: IDBDatabase = await new Promise((ok) => (open.onsuccess = () => ok(open.result)));
      const get = db.transaction('ledger').objectStore('ledger').get('bookings');
      const text: string = await new Promise((ok) => (get.onsuccess = () => ok(get.result)));
      const found = JSON.parse(text).bookings.find((b: { code: string }) => b.code === c);
      return found?.slot?.date ?? '';
    }, code);
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.locator('input[type="date"]').fill(day);
    await page.getByRole('button', { name: '微餐桌' }).click();
    const row = page.getByRole('row').filter({ hasText: '柏*' });
    await expect(row).toContainText('*******0004');
    await expect(page.getByText(/导出的文件含完整姓名和电话/)).toBeVisible();
    await expectAxeClean(page);

    // The day's CSV, rendered on the device by the server's own code.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const bytes = fs.readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toContain('"柏*","*******0004","1"');

    // Every booking as JSON, which a server imports keeping codes and statuses.
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出全部预约（JSON 文件）' }).click(),
    ]);
    const file = await json.path();
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'linli-bookings', version: 1, center_id: CENTER });
    expect(exported.bookings.map((b: { code: string }) => b.code)).toContain(code);
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linli-import-')), 'import.sqlite3');
    const server = path.join(root, 'target', 'server', 'linli-server');
    const data = path.join(root, 'public', 'data');
    const report = execFileSync(server, ['import-bookings', file, '--db', db, '--data', data], { encoding: 'utf8' });
    expect(report).toMatch(new RegExp(`${exported.bookings.length} imported`));
    const again = execFileSync(server, ['import-bookings', file, '--db', db, '--data', data], { encoding: 'utf8' });
    expect(again).toMatch(/0 imported/);

    // Home is the residents' page again, the kiosk's, in place of the console.
    await page.getByRole('link', { name: '首页' }).first().click();
    await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
    await expect(page).toHaveURL(/\/linli\/\?mode=kiosk&center=/);
    expect(await page.evaluate(() => history.length)).toBe(entries);
  });

  test.describe('with its service worker', () => {
    test.use({ serviceWorkers: 'allow' });

    test('starts and books from the device with the network gone', async ({ page, context }) => {
      await openKiosk(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      // Once through the flow online, so the device has the files it reads.
      await toFirstOpenSlot(page, /微餐桌/);
      await context.setOffline(true);
      await openKiosk(page);
      // The static backend books on the device: no banner, no pause.
      await expect(page.getByText('网络暂时不通')).toHaveCount(0);
      await toFirstOpenSlot(page, /微餐桌/);
      await fillContact(page, '韩奶奶', '13611110091');
      await expect(h1(page)).toHaveText('请核对您的预约');
      await confirm(page);
      await context.setOffline(false);
    });
  });
});

test.describe('on a phone', () => {
  test.skip(() => isKiosk(), 'phones read the published files only');

  test('shows schedules and seats as published and sends residents to the centre', { tag: '@clock' }, async ({ page }) => {
    const asked = watchForApi(page);
    await page.goto('');
    await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
    await page.getByRole('link', { name: /微餐桌/ }).click();
    await page.getByRole('link', { name: /竹山社区党群服务中心/ }).click();
    await expect(h1(page)).toHaveText('您想预约哪一天？');
    await expect(page.getByText(/剩余 \d+ 个名额/)).toHaveCount(0);
    // The closure published three days ahead says why (playwright.config.ts).
    await expect(page.getByRole('link', { name: /休息：社区活动日/ })).toHaveCount(1);
    // The first day with places (tomorrow may be a closure).
    await page.getByRole('link', { name: /共 \d+ 个名额/ }).first().click();
    await expect(h1(page)).toHaveText('请选择时间');
    await expect(page.getByText(/共 \d+ 个名额/).first()).toBeVisible();
    await expect(page.getByText(/剩余 \d+ 个名额/)).toHaveCount(0);
    const notice = page.getByRole('region', { name: '请到中心预约' });
    await expect(notice).toContainText('请到服务中心的自助机预约');
    await expect(notice.getByRole('link', { name: /^打电话：/ })).toHaveAttribute('href', /^tel:[0-9+]+$/);
    // No slot leads to a booking form.
    await expect(page.locator('.slots a')).toHaveCount(0);
    await expectAxeClean(page);

    await page.getByRole('link', { name: '首页' }).first().click();
    await page.getByRole('link', { name: /我的预约/ }).click();
    await expect(page.getByText(/在服务中心自助机上做的预约/)).toBeVisible();
    expect(asked).toEqual([]);
  });
});
