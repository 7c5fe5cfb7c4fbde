// axe-core (all default rules, colour contrast included) on every screen, in
// both languages and in the normal, large-text and high-contrast modes; the
// projects give the kiosk's and the phone's viewport. Each test walks a group
// of screens once and scans every state in all six combinations, switching
// language and mode with the top bar's buttons, so states that only exist in
// memory (a receipt, a form showing its errors) are scanned as they are.
// Each scan also checks that nothing scrolls sideways and that every control
// meets DESIGN's touch target (64 px kiosk, 48 px phone). For a quick local
// run, LINLI_A11Y_MODES=normal scans one mode (`none`: no scans, see display.ts).
import type { Page } from '@playwright/test';
import { test, expect, API, bookViaApi, findOpenSlot, todayInChina } from './fixtures';
import { fillContact, isKiosk } from './flow';
import { scanScreen } from './display';

const CENTER = 'dongshan-zhushan';
// Long scans must not meet the kiosk's idle reset (its own spec tests it).
const at = (path: string, center = CENTER) => (isKiosk() ? `${path}?mode=kiosk&center=${center}&idle=3600` : path);
// The last four digits (all a roster shows) differ between the projects.
const phoneFor = (n: number) => `1588000${isKiosk() ? 1 : 2}${String(n).padStart(3, '0')}`;
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

function expectNone(found: string[]) {
  expect(found, `axe found:\n${found.join('\n')}`).toEqual([]);
}

test('home, not found and my bookings (lookup, errors) pass axe', async ({ page }) => {
  test.setTimeout(240_000);
  const found: string[] = [];
  await page.goto(at('/'));
  await expect(h1(page)).toHaveText('您好，请选择要预约的服务');
  found.push(...(await scanScreen(page, 'home')));

  await page.goto(at('/no-such-page'));
  await expect(h1(page)).toHaveText(/找不到这个页面/);
  found.push(...(await scanScreen(page, 'not found')));

  await page.goto(at('/my'));
  await expect(h1(page)).toHaveText('我的预约');
  found.push(...(await scanScreen(page, 'my: lookup form')));
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.locator('#lookup-code-error')).toHaveText(/请填写预约码/);
  found.push(...(await scanScreen(page, 'my: lookup, field errors')));
  await page.getByLabel('预约码').fill('K7QM-2P9D');
  await page.getByLabel('预约时留的电话').fill('13999999999');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.locator('.error-panel')).toContainText('没有找到这个预约');
  found.push(...(await scanScreen(page, 'my: booking not found')));
  expectNone(found);
});

test('centres, dates and slots pass axe', async ({ page }) => {
  test.setTimeout(240_000);
  const found: string[] = [];
  if (!isKiosk()) {
    await page.goto('/book/meal');
    await expect(h1(page)).toHaveText('请选择您所在的社区服务中心');
    await expect(page.getByRole('link', { name: /竹山社区党群服务中心/ })).toBeVisible();
    found.push(...(await scanScreen(page, 'centres')));
  }
  await page.goto(at(`/book/meal/${CENTER}`));
  await expect(h1(page)).toHaveText('您想预约哪一天？');
  await expect(page.getByRole('link', { name: /明天/ })).toBeVisible();
  found.push(...(await scanScreen(page, 'dates')));

  // The first day with room, so the slots screen has slots to scan whatever the day
  // (tomorrow may be a closure).
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(h1(page)).toHaveText('请选择时间');
  await expect(page.locator('.slots')).toBeVisible();
  found.push(...(await scanScreen(page, 'slots')));
  expectNone(found);
});

// Each kind's own form, each at a centre where it is open on some day of any
// week: care as a home service, so its address shows (shuangtang's visits are
// on Wednesdays, its baths on Thursdays); legal at baijiahu (Tuesdays and
// Fridays; the demo centre's is on Thursdays only); the class for elders, so
// its age tick shows (and its slot list, with the age note and the teacher).
// @clock: the offerings no other spec books (see fixtures.ts).
const FORMS: Array<{ kind: string; center: string; offerings?: string[]; tag?: string }> = [
  { kind: 'meal', center: CENTER },
  { kind: 'care', center: 'guli-shuangtang', offerings: ['guli-shuangtang-visit', 'guli-shuangtang-homebath'], tag: '@clock' },
  { kind: 'legal', center: 'dongshan-baijiahu' },
  { kind: 'mediation', center: CENTER },
  { kind: 'class', center: CENTER, offerings: [`${CENTER}-smartphone`], tag: '@clock' },
];

for (const { kind, center, offerings, tag } of FORMS) {
  test(`the ${kind} details form passes axe, also showing its errors`, { tag: tag ? [tag] : [] }, async ({ page, api }) => {
    test.setTimeout(180_000);
    const slot = await findOpenSlot(api, center, kind, { offerings });
    const found: string[] = [];
    if (kind === 'class') {
      await page.goto(at(`/book/${kind}/${center}/${slot.date}`, center));
      await expect(page.getByText('适合 60 周岁及以上的居民').first()).toBeVisible();
      found.push(...(await scanScreen(page, 'slots: class')));
    }
    await page.goto(at(`/book/${kind}/${center}/${slot.date}/${slot.id}`, center));
    await expect(h1(page)).toHaveText('请填写预约信息');
    await expect(page.getByLabel('怎么称呼您')).toBeVisible();
    found.push(...(await scanScreen(page, `details: ${kind}`)));

    if (kind === 'mediation') {
      // A description without its consent adds the consent error.
      await page.getByLabel('简单说明').fill('楼上夜里很吵。');
    }
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.locator('.form-error')).toHaveText(/有信息需要修改/);
    if (kind === 'class') await expect(page.locator('#age-error')).toHaveText(/年龄要求/);
    found.push(...(await scanScreen(page, `details: ${kind}, with errors`)));
    expectNone(found);
  });
}

test('review, receipt and (phones) remembered bookings pass axe', async ({ page, api }) => {
  test.setTimeout(240_000);
  const slot = await findOpenSlot(api, CENTER, 'meal');
  await page.goto(at(`/book/meal/${CENTER}/${slot.date}/${slot.id}`));
  await fillContact(page, '张阿姨', phoneFor(1));
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(h1(page)).toHaveText('请核对您的预约');
  const found = await scanScreen(page, 'review');

  await page.getByRole('button', { name: '确认预约' }).click();
  await expect(h1(page)).toHaveText('预约成功');
  found.push(...(await scanScreen(page, 'receipt')));

  if (!isKiosk()) {
    await page.getByRole('button', { name: '完成，回到首页' }).click();
    await page.getByRole('link', { name: /我的预约/ }).click();
    await expect(page.locator('.remembered-item .status')).toBeVisible();
    found.push(...(await scanScreen(page, 'my: remembered bookings')));
  }
  expectNone(found);
});

test('a found booking and its cancel question pass axe', async ({ page, api }) => {
  test.setTimeout(240_000);
  const phone = phoneFor(2);
  const slot = await findOpenSlot(api, 'dongshan-baijiahu', 'meal');
  const booking = await bookViaApi(api, {
    slot_id: slot.id,
    name: '郑大爷',
    phone,
    party_size: 1,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'meal', dining: 'dine_in', diet: [] },
  });
  await page.goto(at('/my'));
  await page.getByLabel('预约码').fill(booking.code);
  await page.getByLabel('预约时留的电话').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
  await expect(page.locator('.detail-service')).toBeVisible();
  const found = await scanScreen(page, 'my: booking detail');

  await page.getByRole('button', { name: '取消预约' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  found.push(...(await scanScreen(page, 'my: cancel question')));
  expectNone(found);
});

test('the volunteer console passes axe: sign-in with an error, roster, cancel question, walk-in form', async ({
  page,
  api,
}) => {
  test.setTimeout(300_000);
  const slot = await findOpenSlot(api, CENTER, 'meal', { seats: 6 });
  const residents = [
    ['苗阿姨', 2, { kind: 'meal', dining: 'dine_in', diet: ['low_salt', 'soft'] }],
    ['邵大爷', 1, { kind: 'meal', dining: 'takeaway', diet: ['halal'] }],
    ['Wang Li', 1, { kind: 'meal', dining: 'dine_in', diet: [] }],
  ] as const;
  for (const [i, [name, party, details]] of residents.entries()) {
    await bookViaApi(api, {
      slot_id: slot.id,
      name,
      phone: phoneFor(11 + i),
      party_size: party,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: true },
      details,
    });
  }

  await page.goto(at('/volunteer'));
  await expect(h1(page)).toHaveText('志愿者登录');
  if (!isKiosk()) await page.getByLabel('服务中心').selectOption(CENTER);
  // The server's answer to a wrong PIN, without sending one: it counts wrong
  // PINs per client address too, and on the shared server, whose clock stands
  // still, they would never leave the one-minute window.
  const session = `**${API}/volunteer/session`;
  await page.route(session, (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_pin', message: 'wrong PIN', field: 'pin' } }),
    }),
  );
  await page.getByLabel('PIN 码').fill('970531');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('#vol-pin-error')).toHaveText(/PIN 码不对/);
  const found = await scanScreen(page, 'volunteer: sign-in, wrong PIN');
  await page.unroute(session);
  await page.getByLabel('PIN 码').fill('246810');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(h1(page)).toHaveText(/^预约名单/);

  await page.locator('input[type="date"]').fill(slot.date);
  const section = page.getByRole('region', { name: new RegExp(`^${slot.start}–`) });
  // By masked phone: the other project's run books the same names here.
  const row = (name: string) => {
    const phone = phoneFor(11 + residents.findIndex(([n]) => n === name));
    return section.getByRole('row').filter({ hasText: `*******${phone.slice(-4)}` });
  };
  await expect(row('苗阿姨')).toBeVisible();
  // Checked in on the slot's day; before it, the refusal shows in the row.
  await row('苗阿姨').getByRole('button', { name: '签到', exact: true }).click();
  await expect(row('苗阿姨')).toContainText(slot.date === todayInChina() ? '已签到' : '还没开始');
  await row('邵大爷').getByRole('button', { name: '取消', exact: true }).click();
  await row('邵大爷').getByRole('button', { name: '确认取消' }).click();
  await expect(row('邵大爷')).toContainText('已取消');
  await expect(section).toContainText('备餐');
  found.push(...(await scanScreen(page, 'volunteer: roster')));

  await row('Wang Li').getByRole('button', { name: '取消', exact: true }).click();
  await expect(row('Wang Li').getByRole('group', { name: '取消' })).toBeVisible();
  found.push(...(await scanScreen(page, 'volunteer: cancel question')));
  await row('Wang Li').getByRole('button', { name: '不取消' }).click();

  await section.getByRole('button', { name: '代为预约' }).click();
  await section.getByRole('button', { name: '确认代约' }).click();
  await expect(section.locator('.vol-walk-in .form-error')).toHaveText(/有信息需要修改/);
  found.push(...(await scanScreen(page, 'volunteer: walk-in form, with errors')));
  expectNone(found);
});
