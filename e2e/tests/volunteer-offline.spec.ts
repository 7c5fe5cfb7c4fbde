// Offline check-in (issue 14): after sign-in the console keeps the day's
// masked roster; check-ins made while the network is down wait on the device
// as "待同步" and are sent when it returns, each once; a booking cancelled
// meanwhile comes back as a conflict the console shows the volunteer.
//
// A server of its own (own-server.ts) with its clock at 10:00 on a Wednesday,
// before the lunch sitting: residents can still book and cancel, and
// volunteers can check in (from the slot's day on). The browser's clock
// starts there too. The network goes with Playwright's context.setOffline.
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { test, expect, API, type Json } from './fixtures';
import { nanjingTime } from './clock';
import { setLang } from './display';
import { isKiosk } from './flow';
import { OwnServer } from './own-server';

const CENTER = 'dongshan-zhushan';
const PIN = '246810';
// dongshan-zhushan's lunch: 11:00–12:30 every day, 40 seats.
const DAY = '2026-12-02';
const SLOT = `${CENTER}-lunch@${DAY}T11:00`;
const NOW = `${DAY}T10:00`;
test.use({ now: NOW });

let server: OwnServer;
let api: APIRequestContext;
test.beforeEach(async ({ playwright }) => {
  server = new OwnServer();
  server.pin(CENTER, PIN);
  await server.start(NOW);
  api = await playwright.request.newContext();
});
test.afterEach(async () => {
  await api.dispose();
  await server.dispose();
});

type Booked = { code: string; phone: string };

async function book(name: string, phone: string, party: number): Promise<Booked> {
  const body = {
    slot_id: SLOT,
    name,
    phone,
    party_size: party,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'meal', dining: 'dine_in' },
  };
  const res = await api.post(`${server.url}${API}/bookings`, {
    data: body,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { code: ((await res.json()) as { code: string }).code, phone };
}

/** Signs in on this page (a kiosk that won't reset during the test, or a phone); the token. */
async function signIn(page: Page): Promise<string> {
  await page.goto(`${server.url}/volunteer${isKiosk() ? `?mode=kiosk&center=${CENTER}&idle=3600` : ''}`);
  if (!isKiosk()) await page.getByLabel('服务中心').selectOption(CENTER);
  await page.getByLabel('PIN 码').fill(PIN);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^预约名单/);
  const stored = await page.evaluate(() => sessionStorage.getItem('linli.volunteer.v1') ?? '');
  return stored.split('\n')[1];
}

/** A second device: a context of its own, its clock at the same moment. */
async function secondDevice(browser: Browser, page: Page): Promise<Page> {
  const other = await browser.newContext({
    viewport: page.viewportSize(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await other.clock.install({ time: nanjingTime(NOW) });
  return other.newPage();
}

const lunch = (page: Page) => page.getByRole('region', { name: /^11:00–12:30/ });
const row = (page: Page, surname: string) => lunch(page).getByRole('row').filter({ hasText: `${surname}*` });
const checkIn = (page: Page, surname: string) =>
  row(page, surname).getByRole('button', { name: '签到', exact: true }).click();

/** The lunch slot on the server's roster, as a volunteer's token reads it. */
async function serverLunch(token: string): Promise<Json & { bookings: Json[] }> {
  const res = await api.get(`${server.url}${API}/volunteer/roster?date=${DAY}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  const roster = (await res.json()) as { slots: (Json & { id: string; bookings: Json[] })[] };
  const slot = roster.slots.find((s) => s.id === SLOT);
  if (!slot) throw new Error(`${SLOT} is not on the roster`);
  return slot;
}

test('two offline check-ins are synced exactly once after reconnect and seen on a second device', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await book('龚阿姨', '13611110001', 2);
  const b = await book('邬大爷', '13611110002', 1);
  const c = await book('柏奶奶', '13611110003', 1);
  const token = await signIn(page);
  const counts = lunch(page).locator('.vol-counts');
  await expect(counts).toHaveText('名额 40 · 已约 4 · 已签到 0 · 未到 0 · 剩余 36');

  // The network drops: the roster stays, and check-ins wait on the device.
  await context.setOffline(true);
  for (const surname of ['龚', '邬']) {
    await checkIn(page, surname);
    await expect(row(page, surname).locator('.status')).toHaveText(/已签到/);
    await expect(row(page, surname)).toContainText('待同步');
  }
  await expect(row(page, '柏')).not.toContainText('待同步');
  await expect(counts).toHaveText('名额 40 · 已约 4 · 已签到 3 · 未到 0 · 剩余 36');
  await expect(page.getByRole('status').filter({ hasText: /^网络已断开/ })).toBeVisible();
  // One message: the residents' banner (booking paused) is not the console's.
  await expect(page.getByRole('status').filter({ hasText: '网络暂时不通' })).toHaveCount(0);
  // Nothing has reached the server.
  const before = await serverLunch(token);
  expect(before.bookings.map((x) => x.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);

  // Back online: the queue goes at once, in order, each action once.
  const synced = page.waitForRequest((r) => r.url().endsWith(`${API}/volunteer/sync`));
  await context.setOffline(false);
  const sent = (await synced).postDataJSON() as { actions: { id: string; code: string; action: string }[] };
  expect(sent.actions.map((x) => [x.code, x.action])).toEqual([
    [a.code, 'check_in'],
    [b.code, 'check_in'],
  ]);
  for (const x of sent.actions) expect(x.id).toMatch(/^[0-9a-f]{32}$/);
  await expect(lunch(page)).not.toContainText('待同步');
  await expect(page.getByRole('status').filter({ hasText: /^最近刷新/ })).toBeVisible();
  await expect(row(page, '龚').locator('.status')).toHaveText(/已签到/);

  // Sent again (as after a lost answer), it changes nothing.
  const again = await api.post(`${server.url}${API}/volunteer/sync`, {
    data: sent,
    headers: { Authorization: `Bearer ${token}` },
  });
  const results = ((await again.json()) as { results: { outcome: string }[] }).results;
  expect(results.map((r) => r.outcome)).toEqual(['already_applied', 'already_applied']);

  // The server's roster: each booking once, the two checked in.
  const after = await serverLunch(token);
  expect(after.bookings.map((x) => [x.code, x.status])).toEqual([
    [a.code, 'checked_in'],
    [b.code, 'checked_in'],
    [c.code, 'confirmed'],
  ]);
  expect([after.booked, after.checked_in]).toEqual([4, 3]);

  // Another volunteer's device, signed in on its own, sees both checked in.
  const other = await secondDevice(browser, page);
  await signIn(other);
  for (const surname of ['龚', '邬']) {
    await expect(row(other, surname).locator('.status')).toHaveText(/已签到/);
  }
  await expect(row(other, '柏').locator('.status')).toHaveText(/已预约/);
  await expect(lunch(other).locator('.vol-counts')).toHaveText('名额 40 · 已约 4 · 已签到 3 · 未到 0 · 剩余 36');
  await expect(lunch(other)).not.toContainText('待同步');
  await other.context().close();
});

test('a booking cancelled while the device was offline comes back as a conflict', async ({ page, context }) => {
  test.setTimeout(90_000);
  const a = await book('符阿姨', '13611110004', 1);
  const c = await book('柏奶奶', '13611110005', 1);
  const token = await signIn(page);

  await context.setOffline(true);
  await checkIn(page, '符');
  await checkIn(page, '柏');
  await expect(row(page, '柏')).toContainText('待同步');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  // Meanwhile 柏奶奶 cancels by herself.
  const cancelled = await api.post(`${server.url}${API}/bookings/${c.code}/cancel`, {
    data: { phone: c.phone },
  });
  expect(cancelled.status()).toBe(200);

  await context.setOffline(false);
  // Said in the booking's own row: what was not recorded, and why.
  const conflict = row(page, '柏').getByRole('alert');
  await expect(conflict).toHaveText('签到未记录。预约已被取消。');
  await expect(row(page, '柏').locator('.status')).toHaveText(/已取消/);
  await expect(row(page, '符').locator('.status')).toHaveText(/已签到/);
  await expect(row(page, '符').locator('.form-error')).toHaveText('');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await expect(lunch(page)).not.toContainText('待同步');
  const after = await serverLunch(token);
  expect(after.bookings.map((x) => [x.code, x.status])).toEqual([
    [a.code, 'checked_in'],
    [c.code, 'cancelled'],
  ]);

  // In English too.
  await setLang(page, 'en');
  await expect(conflict).toHaveText('“Check in” was not recorded. The booking was cancelled.');
});

test.describe('with its service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the console opens again from the device with the server gone, and its check-ins wait for it', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await book('童阿姨', '13611110006', 1);
    const token = await signIn(page);
    // The staff page installed the worker, which kept the staff page too.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    const port = server.port;
    await server.stop();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^预约名单/);
    await expect(page.getByRole('status').filter({ hasText: /^网络已断开/ })).toBeVisible();
    await checkIn(page, '童');
    await expect(row(page, '童')).toContainText('待同步');

    // The server is back: the next health check sends the queue.
    await server.start(NOW, { port });
    await page.clock.runFor(31_000);
    await expect(lunch(page)).not.toContainText('待同步');
    expect((await serverLunch(token)).bookings.map((x) => x.status)).toEqual(['checked_in']);
  });
});
