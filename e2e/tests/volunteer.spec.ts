// The volunteer console (DESIGN.md "Screens: Volunteer"): PIN sign-in, the
// roster with masked residents, check-in and undo, a walk-in booking, the CSV
// export, the print view, sign-out, and the PIN rate limit.
//
// The two projects share one server (its PIN set by playwright.config.ts's
// webServer command): each uses its own phones. The wrong-PIN tries go to a
// server of their own (own-server.ts): the shared one's clock stands still,
// so they would never leave the limiter's one-minute window, and it counts
// them per client address too (all of ours are 127.0.0.1).
//
// Check-in needs a slot today (the server refuses it before the slot's day)
// that can still be booked (not started): there is none after the last
// sitting starts (17:00 in Nanjing). Then the test books the next open day
// and checks the refusal is explained instead: which of the two depends on
// LINLI_E2E_NOW (scripts/test.sh's clock stage runs both).
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, API, NOW, bookViaApi, findOpenSlot, todayInChina } from './fixtures';
import { isKiosk } from './flow';
import { OwnServer } from './own-server';

const CENTER = 'dongshan-zhushan';
const CENTER_NAME = '竹山社区党群服务中心';
const PIN = '246810';
const STORAGE_KEY = 'linli.volunteer.v1';

/** Per project: the residents (rare surnames, as rows are found by masked
 *  name) and their phones. */
const own = () =>
  isKiosk()
    ? { resident: ['蔡阿姨', '13566661101'], walkIn: ['葛大爷', '13566661102'] }
    : { resident: ['谭阿姨', '13577772201'], walkIn: ['滕大爷', '13577772202'] };
const maskedName = (name: string) => `${name[0]}*`;

/** axe-core's default rules on the page as it is (the a11y spec covers the other modes). */
async function expectAxeClean(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

const masked = (phone: string) => `*******${phone.slice(-4)}`;
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** Opens sign-in (on the server at `base`, the shared one by default): a kiosk is bound to `center`, a phone chooses it. */
async function openSignIn(page: Page, center: string, base = '') {
  await page.goto(`${base}/volunteer${isKiosk() ? `?mode=kiosk&center=${center}` : ''}`);
  await expect(h1(page)).toHaveText('志愿者登录');
  if (!isKiosk()) {
    await page.getByLabel('服务中心').selectOption(center);
  }
  const pin = page.getByLabel('PIN 码');
  await expect(pin).toHaveAttribute('type', 'password');
  await expectAxeClean(page);
  await expect(pin).toHaveAttribute('inputmode', isKiosk() ? 'none' : 'numeric');
}

/** Types a PIN and signs in; answers the server's status. */
async function tryPin(page: Page, pin: string): Promise<number> {
  const answer = page.waitForResponse((r) => r.url().endsWith(`${API}/volunteer/session`));
  await page.getByLabel('PIN 码').fill(pin);
  await page.getByRole('button', { name: '登录' }).click();
  return (await answer).status();
}

/** A meal slot to book: today's if one is still open, else the next open one. */
async function mealSlot(api: Parameters<typeof findOpenSlot>[0]) {
  try {
    return await findOpenSlot(api, CENTER, 'meal', { days: 1 });
  } catch {
    return await findOpenSlot(api, CENTER, 'meal', { days: 7 });
  }
}

test('a volunteer signs in, checks a resident in, books a walk-in, exports, prints and signs out', { tag: '@clock' }, async ({
  page,
  api,
}) => {
  test.setTimeout(90_000);
  const {
    resident: [residentName, resident],
    walkIn: [walkInName, walkIn],
  } = own();
  const slot = await mealSlot(api);
  const today = slot.date === todayInChina();

  await openSignIn(page, CENTER);
  expect(await tryPin(page, PIN)).toBe(200);
  await expect(h1(page)).toHaveText(`预约名单 · ${CENTER_NAME}`);
  await expect(page.getByRole('status').filter({ hasText: /^最近刷新 \d\d:\d\d:\d\d$/ })).toBeVisible();
  // Today's roster by default; then the slot's day and the meals only.
  await expect(page.locator('input[type="date"]')).toHaveValue(todayInChina());
  await page.locator('input[type="date"]').fill(slot.date);
  await page.getByRole('button', { name: '微餐桌' }).click();
  await expect(page.getByRole('button', { name: '微餐桌' })).toHaveAttribute('aria-pressed', 'true');
  const section = page.getByRole('region', { name: new RegExp(`^${slot.start}–`) });
  await expect(section).toBeVisible();

  // A resident books on their own; the roster shows it after a refresh, masked.
  await bookViaApi(api, {
    slot_id: slot.id,
    name: residentName,
    phone: resident,
    party_size: 2,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: true },
    details: { kind: 'meal', dining: 'takeaway', diet: ['low_salt'] },
  });
  await page.getByRole('button', { name: '刷新', exact: true }).click();
  const row = section.getByRole('row').filter({ hasText: maskedName(residentName) });
  await expect(row).toContainText(masked(resident));
  await expect(row).toContainText('打包');
  await expect(row).toContainText('少盐');
  await expect(row).toContainText('2 人');
  await expect(row).toContainText('已预约');
  expect(await page.content()).not.toContain(resident);
  await expect(section).toContainText('备餐');

  // The full number only on request, for that booking only.
  await row.getByRole('button', { name: '显示号码' }).click();
  await expect(row).toContainText(resident);
  await row.getByRole('button', { name: '取消', exact: true }).click();
  await expect(row.getByRole('group', { name: '取消' })).toBeVisible();
  await expectAxeClean(page);
  await row.getByRole('button', { name: '不取消' }).click();

  // After each action the roster is drawn afresh; the focus stays with the
  // booking, on its next step, never back at the top of the page.
  const focused = page.locator(':focus');
  if (today) {
    await row.getByRole('button', { name: '签到', exact: true }).click();
    await expect(row).toContainText('已签到');
    await expect(focused).toHaveText('撤销签到');
    await expect(row.locator(':focus')).toHaveCount(1);
    await row.getByRole('button', { name: '撤销签到', exact: true }).click();
    await expect(row).toContainText('已预约');
    await expect(row.getByRole('button', { name: '签到', exact: true })).toBeVisible();
    await expect(focused).toHaveText('签到');
  } else {
    await row.getByRole('button', { name: '签到', exact: true }).click();
    await expect(row.getByRole('alert')).toContainText('还没开始');
    await expect(row).toContainText('已预约');
    await expect(focused).toHaveText('签到');
    await expect(row.locator(':focus')).toHaveCount(1);
  }
  // Not started yet: no-show waits, and says why.
  await expect(row.getByRole('button', { name: '未到', exact: true })).toBeDisabled();
  await expect(section).toContainText('时段开始后才能标记“未到”');

  // A walk-in, booked by the volunteer.
  await section.getByRole('button', { name: '代为预约' }).click();
  await expectAxeClean(page);
  await section.getByLabel('怎么称呼您').fill(walkInName);
  await section.getByLabel('联系电话（手机或座机）').fill(walkIn);
  await section.getByRole('button', { name: '确认代约' }).click();
  await expect(section.getByRole('status').filter({ hasText: /已代为预约，预约码 [0-9A-Z]{4}-[0-9A-Z]{4}/ })).toBeVisible();
  await expect(section.getByRole('row').filter({ hasText: maskedName(walkInName) })).toContainText(masked(walkIn));

  // The day's CSV: BOM, Chinese header, both bookings, phones masked.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`roster-${CENTER}-${slot.date}.csv`);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8');
  expect(csv.split('\r\n')[0]).toBe(
    '"时段","服务","预约码","称呼","电话","人数","状态","用餐方式","饮食需求","地址","类别","渠道"',
  );
  expect(csv).toContain(`"${maskedName(residentName)}","${masked(resident)}","2"`);
  expect(csv).toContain(`"${maskedName(walkInName)}","${masked(walkIn)}","1"`);
  expect(csv).not.toContain(resident);
  expect(csv).not.toContain(walkIn);

  // Cancelling asks inline, with an optional reason, which the roster shows.
  const walkInRow = section.getByRole('row').filter({ hasText: maskedName(walkInName) });
  await walkInRow.getByRole('button', { name: '取消', exact: true }).click();
  await walkInRow.getByLabel('取消原因（可不填）').fill('家里有事');
  await walkInRow.getByRole('button', { name: '确认取消' }).click();
  await expect(walkInRow).toContainText('已取消');
  await expect(walkInRow).toContainText('家里有事');
  await expect(walkInRow.getByRole('button', { name: '签到', exact: true })).toHaveCount(0);
  // Nothing left to do with it: the focus is on its row.
  await expect(focused).toHaveAttribute('id', /^booking-/);
  await expect(walkInRow).toBeFocused();

  // The print view: the tables, no controls.
  await page.emulateMedia({ media: 'print' });
  await expect(section.getByRole('table')).toBeVisible();
  await expect(row).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 CSV' })).toBeHidden();
  for (const button of await page.getByRole('button').all()) await expect(button).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // Sign out: the token is gone here and refused by the server.
  // Kept as `centre\ntoken`.
  const stored = await page.evaluate((key) => sessionStorage.getItem(key) ?? '', STORAGE_KEY);
  const [storedCenter, token] = stored.split('\n');
  expect(storedCenter).toBe(CENTER);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(h1(page)).toHaveText('志愿者登录');
  expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).toBeNull();
  // The page leaves at once; the server ends the session when the DELETE lands.
  const roster = () =>
    api.get(`${API}/volunteer/roster`, { headers: { Authorization: `Bearer ${token}` } });
  await expect.poll(async () => (await roster()).status()).toBe(401);
  await page.goto(isKiosk() ? `/volunteer/roster?mode=kiosk&center=${CENTER}` : '/volunteer/roster');
  await expect(h1(page)).toHaveText('志愿者登录');
});

test.describe('on a server of its own', () => {
  let server: OwnServer;
  test.beforeEach(async () => {
    server = new OwnServer();
    server.pin(CENTER, PIN);
    await server.start(NOW);
  });
  test.afterEach(async () => {
    await server.dispose();
  });

  test('wrong PINs are refused, and the sixth try in a minute is rate limited', async ({ page }) => {
    await openSignIn(page, CENTER, server.url);
    const error = page.locator('#vol-pin-error');
    // Each try waits for its own answer: the message of the last one is the same text.
    const attempt = () => tryPin(page, '970531');
    for (let i = 1; i <= 5; i++) {
      expect(await attempt()).toBe(401);
      await expect(error).toHaveText(/PIN 码不对，请核对后再试。/);
      await expect(page.getByLabel('PIN 码')).toHaveValue('');
    }
    expect(await attempt()).toBe(429);
    // Its clock stands still: the whole minute is still to wait.
    await expect(error).toHaveText(/错误次数太多，请 1 分钟后再试。/);
    // The right PIN too, until then.
    expect(await tryPin(page, PIN)).toBe(429);
    await expect(h1(page)).toHaveText('志愿者登录');
  });
});
