// The management console (issue 12), at the desktop's and the tablet's size:
// a centre manager signs in, adds tomorrow's menu, lowers the lunch's seats
// (refused below the booked ones, saved above), closes tomorrow, which has a
// booking, and the resident's look-up then says why; a street office can't
// open another street's centre. On a server of its own: the edits would
// change what the shared server's other specs book.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, API } from './fixtures';
import { OwnServer } from './own-server';
import { scanScreen } from './display';

const NOW = '2026-12-02T11:40';
const TOMORROW = '2026-12-03';
const CENTER = 'dongshan-zhushan';
const CENTER_NAME = '竹山社区党群服务中心';
const PASSWORD = 'lotus pond 2026';
const PHONE = '13912340001';

test.use({ now: NOW });

let server: OwnServer;
test.beforeEach(async () => {
  server = new OwnServer();
  server.account('zhushan.manager', 'center_manager', CENTER, PASSWORD);
  server.account('chunhua.office', 'street_office', 'chunhua', PASSWORD);
  await server.start(NOW);
});
test.afterEach(async () => {
  await server.dispose();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

async function signIn(page: Page, user: string) {
  await page.goto(`${server.url}/manage`);
  await expect(h1(page)).toHaveText('管理人员登录');
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(h1(page)).toHaveText('服务中心');
}

function expectNone(found: string[]) {
  expect(found, `axe found:\n${found.join('\n')}`).toEqual([]);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

test('a manager edits menus and seats, closes a booked day, and the resident sees why', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  // Three seats of tomorrow's lunch, booked by a resident.
  const api = await playwright.request.newContext({ baseURL: server.url });
  const booked = await api.post(`${API}/bookings`, {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      slot_id: `${CENTER}-lunch@${TOMORROW}T11:00`,
      name: '陈阿姨',
      phone: PHONE,
      party_size: 3,
      channel: 'web',
      consent: { notice: '2026-12', sensitive: false },
      details: { kind: 'meal', dining: 'dine_in' },
    },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const { code } = (await booked.json()) as { code: string };

  await signIn(page, 'zhushan.manager');
  expectNone(await scanScreen(page, 'centre list'));
  await shot(page, 'console-centres');
  await page.getByRole('link', { name: CENTER_NAME }).click();
  await expect(h1(page)).toHaveText(CENTER_NAME);

  // Seats: below the three booked is refused with the count; above is saved.
  const lunch = page.getByRole('region', { name: '长者午餐' });
  const seats = lunch.getByLabel(/名额 长者午餐/);
  await seats.fill('2');
  await lunch.getByRole('button', { name: '保存' }).click();
  await expect(lunch.getByRole('alert')).toContainText(`已有 3 人预约，名额不能少于 3`);
  await shot(page, 'console-seats-refused');
  expectNone(await scanScreen(page, 'seats refused'));
  await seats.fill('41');
  await lunch.getByRole('button', { name: '保存' }).click();
  await expect(lunch.getByRole('status')).toHaveText('已保存。');
  const slots = await api.get(`${API}/slots?center=${CENTER}&kind=meal&from=${TOMORROW}&days=1`);
  const lunchSlot = ((await slots.json()) as { id: string; capacity: number }[]).find((s) => s.id.includes('-lunch@'));
  expect(lunchSlot?.capacity).toBe(41);

  // Tomorrow's menu.
  await page.getByRole('tab', { name: '菜单' }).click();
  await expect(page.getByLabel('日期')).toHaveValue(TOMORROW);
  await page.getByLabel('菜品（每行一道）').fill('清蒸鲈鱼\n蒜蓉西兰花\n紫菜蛋花汤');
  await page.getByRole('checkbox', { name: '少盐' }).check();
  await page.getByRole('button', { name: '保存这天的菜单' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存。');
  await expect(page.getByRole('listitem').filter({ hasText: '清蒸鲈鱼、蒜蓉西兰花、紫菜蛋花汤' })).toBeVisible();
  expectNone(await scanScreen(page, 'menus'));
  await shot(page, 'console-menus');
  const file = await (await api.get(`${API}/centers/${CENTER}`)).json();
  const menus = file.offerings.find((o: { id: string }) => o.id === `${CENTER}-lunch`).dated_menus;
  expect(menus).toEqual([
    {
      date: TOMORROW,
      dishes: [
        { zh: '清蒸鲈鱼', en: '' },
        { zh: '蒜蓉西兰花', en: '' },
        { zh: '紫菜蛋花汤', en: '' },
      ],
      suits: ['low_salt'],
    },
  ]);

  // Tomorrow closed: the booking is shown first, then cancelled with the reason.
  await page.getByRole('tab', { name: '休息日' }).click();
  await expect(page.getByLabel('开始日期')).toHaveValue(TOMORROW);
  await page.getByLabel('原因（中文，居民会看到）').fill('设备检修');
  await page.getByRole('button', { name: '查看影响' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已有 1 个预约' })).toBeVisible();
  expectNone(await scanScreen(page, 'closure preview'));
  await shot(page, 'console-closure-preview');
  await page.getByRole('button', { name: '确认发布，并取消 1 个预约' }).click();
  await expect(page.getByRole('status').filter({ hasText: '休息日已发布，取消了 1 个预约。' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '设备检修' })).toBeVisible();
  await shot(page, 'console-closure-published');

  // The volunteers' PIN: made by the server, shown once, and it signs in.
  await page.getByRole('tab', { name: '志愿者 PIN' }).click();
  await expect(page.getByText('还没有 PIN：志愿者现在无法登录。')).toBeVisible();
  await page.getByLabel('新 PIN（6–12 位数字）').fill('123456');
  await page.getByRole('button', { name: '设置 PIN' }).click();
  await expect(page.getByRole('alert')).toContainText('不要用 123456');
  await page.getByRole('button', { name: '随机生成一个' }).click();
  const made = page.getByRole('status').filter({ hasText: '新的 PIN 是' });
  await expect(made).toBeVisible();
  const pin = /新的 PIN 是 (\d{6})/.exec((await made.textContent()) ?? '')?.[1];
  expect(pin).toBeDefined();
  expectNone(await scanScreen(page, 'pin'));
  await shot(page, 'console-pin');
  const volunteer = await api.post(`${API}/volunteer/session`, { data: { center_id: CENTER, pin } });
  expect(volunteer.status()).toBe(200);

  // The centre's details, as residents see them.
  await page.getByRole('tab', { name: '基本信息' }).click();
  await expect(page.getByLabel('名称（中文）')).toHaveValue(CENTER_NAME);
  await page.getByLabel('开放时间（中文）').fill('每天 8:00–18:00');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存。');
  expectNone(await scanScreen(page, 'details'));
  await shot(page, 'console-details');
  const catalog = (await (await api.get(`${API}/catalog`)).json()) as { centers: { id: string; hours: { zh: string } }[] };
  expect(catalog.centers.find((c) => c.id === CENTER)?.hours.zh).toBe('每天 8:00–18:00');

  // The resident's look-up says the centre cancelled it, and why.
  const resident = await page.context().newPage();
  await resident.goto(`${server.url}/my`);
  await resident.getByLabel('预约码').fill(code);
  await resident.getByLabel('预约时留的电话').fill(PHONE);
  await resident.getByRole('button', { name: '查找' }).click();
  await expect(resident.getByText('已由服务中心取消：设备检修')).toBeVisible();
  await expect(resident.getByText('已取消')).toBeVisible();
  await resident.screenshot({ path: test.info().outputPath('resident-cancelled-by-centre.png'), fullPage: true });
  await api.dispose();
});

test("a street office can't open another street's centre", async ({ page }) => {
  await signIn(page, 'chunhua.office');
  await expect(page.getByRole('link', { name: CENTER_NAME })).toHaveCount(0);
  await expect(page.getByRole('row')).not.toHaveCount(0);
  await page.goto(`${server.url}/manage/centers/${CENTER}`);
  await expect(page.getByRole('alert')).toHaveText('您的账号不能管理这个服务中心。');
  await shot(page, 'console-forbidden');
  // Signing out ends the session: the console asks to sign in again.
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(h1(page)).toHaveText('管理人员登录');
  await page.goto(`${server.url}/manage/centers`);
  await expect(h1(page)).toHaveText('管理人员登录');
});
