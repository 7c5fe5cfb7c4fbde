// No-show needs a slot that has started, and residents can only book before
// it starts: this spec runs a server of its own (own-server.ts) with its clock
// fixed (LINLI_FAKE_NOW), books at 10:00, restarts it on the same database
// at 11:40 during the lunch sitting, and fixes the browser's clock to match,
// so the app's "today" and "started" agree with the server's. Then a
// volunteer marks a no-show, checks residents in (also the late one), books
// a walk-in after the start (staff may until the slot ends) and watches the
// counts; after each action (and each refresh) the keyboard focus stays
// with that booking.
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { test, expect, API, type Json } from './fixtures';
import { isKiosk } from './flow';
import { OwnServer } from './own-server';

const CENTER = 'dongshan-zhushan';
const PIN = '246810';
// A Wednesday; dongshan-zhushan's lunch is 11:00–12:30 every day, 40 seats.
const DAY = '2026-12-02';
const SLOT = `${CENTER}-lunch@${DAY}T11:00`;
// The browser's clock from the restarted server's moment (fixtures.ts installs
// it), its timers under the test's control too (for the 30-second refresh below).
test.use({ now: `${DAY}T11:40` });

let server: OwnServer;
test.beforeEach(() => {
  server = new OwnServer();
});
test.afterEach(async () => {
  await server.dispose();
});

function booking(name: string, phone: string, party: number, details: Json): Json {
  const sensitive = Array.isArray(details.diet) && details.diet.length > 0;
  return { slot_id: SLOT, name, phone, party_size: party, channel: 'web', consent: { notice: '2026-11', sensitive }, details };
}

async function signIn(page: Page) {
  await page.goto(`${server.url}/volunteer${isKiosk() ? `?mode=kiosk&center=${CENTER}` : ''}`);
  if (!isKiosk()) await page.getByLabel('服务中心').selectOption(CENTER);
  await page.getByLabel('PIN 码').fill(PIN);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^预约名单/);
}

test('after the start a volunteer marks a no-show, checks in, books a walk-in, and the counts follow', async ({
  page,
  playwright,
}) => {
  test.setTimeout(120_000);
  const api = await playwright.request.newContext();
  const post = (body: Json) =>
    api.post(`${server.url}${API}/bookings`, { data: body, headers: { 'Idempotency-Key': randomUUID() } });

  server.pin(CENTER, PIN);
  await server.start(`${DAY}T10:00`);
  const meal = (dining: string, diet: string[] = []) => ({ kind: 'meal', dining, diet });
  for (const body of [
    booking('程阿姨', '13600001111', 2, meal('dine_in', ['low_salt'])),
    booking('鲁大爷', '13600002222', 1, meal('takeaway')),
  ]) {
    const res = await post(body);
    expect(res.status(), await res.text()).toBe(201);
  }
  await server.stop();

  await server.start(`${DAY}T11:40`);
  // The sitting has started: residents can't book any more.
  const late = await post(booking('钱阿姨', '13600003333', 1, meal('dine_in')));
  expect(late.status()).toBe(409);
  expect(((await late.json()) as { error: { code: string } }).error.code).toBe('slot_closed');

  await signIn(page);
  await expect(page.locator('input[type="date"]')).toHaveValue(DAY);
  const section = page.getByRole('region', { name: /^11:00–12:30/ });
  const counts = section.locator('.vol-counts');
  const kitchen = section.locator('.vol-kitchen');
  const row = (surname: string) => section.getByRole('row').filter({ hasText: `${surname}*` });
  const focused = page.locator(':focus');
  await expect(counts).toHaveText('名额 40 · 已约 3 · 已签到 0 · 未到 0 · 剩余 37');
  await expect(kitchen).toHaveText('备餐 3 份：堂食 2，打包 1 · 少盐 2');
  await expect(section).not.toContainText('时段开始后才能标记');

  // 程阿姨 (2 seats) doesn't come: her seats are free again, the kitchen cooks less.
  await row('程').getByRole('button', { name: '未到', exact: true }).click();
  await expect(row('程').locator('.status')).toHaveText(/未到/);
  await expect(counts).toHaveText('名额 40 · 已约 1 · 已签到 0 · 未到 2 · 剩余 39');
  await expect(kitchen).toHaveText('备餐 1 份：堂食 0，打包 1');
  // Focus stays with her booking, on its next step (a late check-in).
  await expect(focused).toHaveText('签到');
  await expect(row('程').locator(':focus')).toHaveCount(1);

  await row('鲁').getByRole('button', { name: '签到', exact: true }).click();
  await expect(row('鲁').locator('.status')).toHaveText(/已签到/);
  await expect(counts).toHaveText('名额 40 · 已约 1 · 已签到 1 · 未到 2 · 剩余 39');
  await expect(focused).toHaveText('撤销签到');
  await expect(row('鲁').locator(':focus')).toHaveCount(1);
  // The refresh every 30 seconds updates the rows in place: the focus stays put.
  const refreshed = page.getByRole('status').filter({ hasText: /^最近刷新/ });
  const before = await refreshed.textContent();
  await page.clock.runFor(31_000);
  await expect(refreshed).not.toHaveText(before ?? '');
  await expect(focused).toHaveText('撤销签到');
  await expect(row('鲁').locator(':focus')).toHaveCount(1);

  // A walk-in during the sitting: staff may book until the slot ends.
  await section.getByRole('button', { name: '代为预约' }).click();
  await section.getByLabel('怎么称呼您').fill('孙奶奶');
  await section.getByLabel('联系电话（手机或座机）').fill('13600004444');
  await section.getByRole('button', { name: '确认代约' }).click();
  await expect(section.getByRole('status').filter({ hasText: /已代为预约，预约码/ })).toBeVisible();
  await expect(counts).toHaveText('名额 40 · 已约 2 · 已签到 1 · 未到 2 · 剩余 38');
  await expect(focused).toHaveText('签到');
  await expect(row('孙').locator(':focus')).toHaveCount(1);

  // 程阿姨 turns up after all: checked in late, her seats taken again.
  await row('程').getByRole('button', { name: '签到', exact: true }).click();
  await expect(row('程').locator('.status')).toHaveText(/已签到/);
  await expect(counts).toHaveText('名额 40 · 已约 4 · 已签到 3 · 未到 0 · 剩余 36');
  await expect(kitchen).toHaveText('备餐 4 份：堂食 3，打包 1 · 少盐 2');
  await expect(focused).toHaveText('撤销签到');
  await api.dispose();
});
