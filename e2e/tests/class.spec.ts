// 微课堂: the smartphone class for residents aged 60 and over, booked at the
// kiosk and on a phone. The spec runs a server of its own (own-server.ts)
// with its clock fixed (LINLI_FAKE_NOW) and fixes the browser's clock to the
// same moment, so "tomorrow" and the open slots never depend on the day the
// suite runs. The age tick is never pre-ticked; without it the error shows
// next to it (the model's rule, in the app and on the server), and goes once
// it is ticked. The booking is then found by its code, and a volunteer sees
// it on the roster with the class's counts and books a walk-in with the
// same rule.
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { test, expect, API, type Json } from './fixtures';
import { confirmAndReadCode, errorOf, fillContact, isKiosk } from './flow';
import { OwnServer } from './own-server';

const CENTER = 'dongshan-zhushan';
const PIN = '246810';
// Monday morning; the smartphone class is Tuesdays and Thursdays 09:30–11:00,
// 20 seats, one each, from 60 years.
const NOW = '2026-11-30T08:00';
const DAY = '2026-12-01';
const SLOT = `${CENTER}-smartphone@${DAY}T09:30`;
const AGE = '我已年满 60 周岁';
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

// The browser's clock from the same moment (fixtures.ts installs it).
test.use({ now: NOW });

let server: OwnServer;
test.beforeEach(async () => {
  server = new OwnServer();
  server.pin(CENTER, PIN);
  await server.start(NOW);
});
test.afterEach(async () => {
  await server.dispose();
});

const at = (path: string) => `${server.url}${path}${isKiosk() ? `${path.includes('?') ? '&' : '?'}mode=kiosk&center=${CENTER}` : ''}`;

test('a class for elders asks for the age tick, books, and shows on the roster', async ({ page, playwright }) => {
  test.setTimeout(120_000);
  const phone = isKiosk() ? '13700001111' : '13700002222';
  await page.goto(at('/'));
  await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
  await page.getByRole('link', { name: /微课堂/ }).click();
  if (!isKiosk()) await page.getByRole('link', { name: /竹山社区党群服务中心/ }).click();
  await expect(h1(page)).toHaveText('您想预约哪一天？');
  await page.getByRole('link', { name: /明天/ }).click();
  await expect(h1(page)).toHaveText('请选择时间');
  const card = page.getByRole('listitem').filter({ hasText: '智能手机课' });
  await expect(card).toContainText('适合 60 周岁及以上的居民');
  await expect(card).toContainText(/主讲: .+老师/);
  await card.getByRole('link', { name: /09:30–11:00.*剩余 20 个名额/ }).click();
  await expect(h1(page)).toHaveText('请填写预约信息');

  await fillContact(page, '冯阿姨', phone);
  const tick = page.getByRole('checkbox', { name: AGE });
  await expect(tick).not.toBeChecked();
  await page.getByRole('button', { name: '下一步' }).click();
  const error = await errorOf(page, AGE);
  await expect(error).toHaveText(/这门课有年龄要求/);
  await expect(tick).toBeFocused();
  await tick.check();
  await expect(error).toBeEmpty();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(h1(page)).toHaveText('请核对您的预约');
  await expect(page.locator('.summary')).toContainText(AGE);
  const code = await confirmAndReadCode(page);

  // Found again by code and phone; the server kept the tick and nothing else.
  const api = await playwright.request.newContext({ baseURL: server.url });
  const found = (await (await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } })).json()) as Json;
  expect(found.details).toEqual({ kind: 'class', age_confirmed: true });
  // The server applies the same rule to a request without the tick.
  const refused = await api.post(`${API}/bookings`, {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      slot_id: SLOT,
      name: '卫大爷',
      phone: '13700003333',
      party_size: 1,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: false },
      details: { kind: 'class' },
    },
  });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { error: Json }).error).toMatchObject({
    code: 'age_confirmation_required',
    field: 'details.age_confirmed',
  });
  await api.dispose();

  // The volunteer's roster of classes on that day.
  await page.goto(at('/volunteer'));
  if (!isKiosk()) await page.getByLabel('服务中心').selectOption(CENTER);
  await page.getByLabel('PIN 码').fill(PIN);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(h1(page)).toHaveText(/^预约名单/);
  await page.locator('input[type="date"]').fill(DAY);
  await page.getByRole('button', { name: '微课堂', exact: true }).click();
  const section = page.getByRole('region', { name: /^09:30–11:00/ });
  await expect(section).toContainText('智能手机课');
  const counts = section.locator('.vol-counts');
  await expect(counts).toHaveText('名额 20 · 已约 1 · 已签到 0 · 未到 0 · 剩余 19');
  await expect(section.locator('.vol-kitchen')).toHaveCount(0);
  await expect(section.getByRole('row').filter({ hasText: '冯*' })).toContainText('已确认年龄');

  // A walk-in at the desk: the same tick, the same error beside it.
  await section.getByRole('button', { name: '代为预约' }).click();
  await section.getByLabel('怎么称呼您').fill('褚大爷');
  await section.getByLabel('联系电话（手机或座机）').fill('13700004444');
  await section.getByRole('button', { name: '确认代约' }).click();
  await expect(await errorOf(page, AGE)).toHaveText(/这门课有年龄要求/);
  await section.getByRole('checkbox', { name: AGE }).check();
  await section.getByRole('button', { name: '确认代约' }).click();
  await expect(section.getByRole('status').filter({ hasText: /已代为预约，预约码/ })).toBeVisible();
  await expect(counts).toHaveText('名额 20 · 已约 2 · 已签到 0 · 未到 0 · 剩余 18');
});
