// The kiosk's own behaviour (DESIGN.md "Kiosk and age-friendly rules"): the
// idle prompt and reset, the receipt going home by itself, and the on-screen
// keypads. The kiosk's own times (the prompt after 60 s without a touch, its
// countdown of 20 s, the receipt's 30 s) on the browser's clock, which the
// tests move on with page.clock.runFor instead of waiting: a test takes a
// few seconds of real time, so only those jumps reach the idle time.
import type { Locator, Page } from '@playwright/test';
import { test, expect, API, bookViaApi, findOpenSlot, type Json } from './fixtures';
import { chooseFirstOpenSlot } from './flow';

const CENTER = 'dongshan-zhushan';
const KIOSK = `/?mode=kiosk&center=${CENTER}`;
const HOME = '您好，请选择要预约的服务';
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test.beforeEach(() => {
  test.skip(test.info().project.name !== 'kiosk', 'kiosk behaviour');
});

/** The number in "17 秒后回到首页". */
async function secondsIn(locator: Locator): Promise<number> {
  return Number(/\d+/.exec((await locator.textContent()) ?? '')?.[0] ?? NaN);
}

/** Taps each character on a keypad, never typing into the field itself. */
async function tap(keypad: Locator, text: string) {
  for (const key of text) await keypad.getByRole('button', { name: key, exact: true }).click();
}

/** Everything a resident could still find on the page: its HTML and the fields' values. */
async function pageText(page: Page): Promise<string> {
  const values = await page.locator('input, textarea').evaluateAll((els) =>
    els.map((e) => (e as HTMLInputElement).value),
  );
  return (await page.content()) + values.join('\n');
}

test('an idle kiosk asks first, then forgets the resident and leaves no way back', async ({ page }) => {
  const name = '林奶奶';
  const phone = '13888000001';
  await page.goto(KIOSK);
  await expect(h1(page)).toHaveText(HOME);
  const entries = await page.evaluate(() => history.length);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await page.getByLabel('怎么称呼您').fill(name);
  await page.getByLabel('联系电话（手机或座机）').fill(phone);
  // Every screen replaced the last: nothing of this resident's is in the history.
  expect(await page.evaluate(() => history.length)).toBe(entries);

  // Not before a minute without a touch, then at once.
  const prompt = page.getByRole('alertdialog', { name: '还在使用吗？' });
  await page.clock.runFor(55_000);
  await expect(prompt).toBeHidden();
  await page.clock.runFor(6_000);
  await expect(prompt).toBeVisible();
  const countdown = prompt.locator('[aria-live]');
  await expect(countdown).toHaveText(/^\d+ 秒后回到首页$/);
  const first = await secondsIn(countdown);
  expect(first).toBeGreaterThanOrEqual(18);
  await page.clock.runFor(3_000);
  await expect.poll(() => secondsIn(countdown)).toBeLessThanOrEqual(first - 3);
  const resume = prompt.getByRole('button', { name: '继续' });
  await expect(resume).toBeFocused();
  expect((await resume.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(64);
  await resume.click();
  await expect(prompt).toBeHidden();
  await expect(page.getByLabel('怎么称呼您')).toHaveValue(name);
  await expect(page.getByLabel('联系电话（手机或座机）')).toHaveValue(phone);

  // Nobody answers this time: a minute to the prompt, 20 s to the reset.
  await page.clock.runFor(61_000);
  await expect(prompt).toBeVisible();
  await page.clock.runFor(21_000);
  await expect(h1(page)).toHaveText(HOME);
  expect(new URL(page.url()).search).toBe(`?mode=kiosk&center=${CENTER}`);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  let seen = await pageText(page);
  expect(seen).not.toContain(name);
  expect(seen).not.toContain(phone);

  // An untouched home screen has nothing to protect: no prompt, it just stays.
  await page.clock.runFor(61_000);
  await expect(prompt).toBeHidden();
  await expect(h1(page)).toHaveText(HOME);

  // Back leads to whatever was before the kiosk started, never the form.
  await page.goBack();
  seen = await pageText(page);
  expect(seen).not.toContain(name);
  expect(seen).not.toContain(phone);
  expect(page.url()).not.toContain('/book/');
  await expect(page.getByLabel('怎么称呼您')).toHaveCount(0);
});

test('a booking with the phone typed on the keypad; the receipt goes home by itself', async ({ page, api }) => {
  const phone = '13888000002';
  await page.goto(KIOSK);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await page.getByLabel('怎么称呼您').fill('林爷爷'); // a handwriting pad or IME on a real kiosk

  const field = page.getByLabel('联系电话（手机或座机）');
  await expect(field).toHaveAttribute('inputmode', 'none'); // no system keyboard
  const keypad = page.getByRole('group', { name: '数字键盘', exact: true });
  await expect(keypad.getByRole('button')).toHaveCount(12);
  for (const key of await keypad.getByRole('button').all()) {
    expect((await key.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(64);
  }
  await tap(keypad, '139');
  await keypad.getByRole('button', { name: '清空' }).click();
  await expect(field).toHaveValue('');
  await tap(keypad, phone.slice(0, -1) + '7');
  await keypad.getByRole('button', { name: '删除' }).click();
  await tap(keypad, phone.slice(-1));
  await expect(field).toHaveValue(phone);

  await page.getByRole('button', { name: '下一步' }).click();
  await expect(h1(page)).toHaveText('请核对您的预约');
  await page.getByRole('button', { name: '确认预约' }).click();
  await expect(h1(page)).toHaveText('预约成功');
  const code = ((await page.locator('.code').textContent()) ?? '').trim();
  await expect(page.getByText(/^\d+ 秒后自动回到首页$/)).toBeVisible();

  const res = await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } });
  expect(res.status()).toBe(200);
  expect(((await res.json()) as Json).channel).toBe('kiosk');

  // Home after its 30 s, untouched.
  await page.clock.runFor(31_000);
  await expect(h1(page)).toHaveText(HOME);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const seen = await pageText(page);
  expect(seen).not.toContain(phone);
  expect(seen).not.toContain(code);
});

test('a booking found on the kiosk with the code keyboard', async ({ page, api }) => {
  const phone = '13888000003';
  const slot = await findOpenSlot(api, 'dongshan-baijiahu', 'meal');
  const booking = await bookViaApi(api, {
    slot_id: slot.id,
    name: '林阿姨',
    phone,
    party_size: 1,
    channel: 'kiosk',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'meal', dining: 'dine_in', diet: [] },
  });
  await page.goto(KIOSK);
  await page.getByRole('link', { name: /我的预约/ }).click();
  await expect(h1(page)).toHaveText('我的预约');

  const codeField = page.getByLabel('预约码');
  await expect(codeField).toHaveAttribute('inputmode', 'none');
  const letters = page.getByRole('group', { name: '字母和数字键盘' });
  await expect(letters.getByRole('button')).toHaveCount(10 + 22 + 2);
  const typed = booking.code.replace('-', '');
  await tap(letters, typed.slice(0, 7));
  // A physical keyboard still types into the field, for those who use one.
  await codeField.press('End');
  await page.keyboard.type('X');
  await expect(codeField).toHaveValue(`${typed.slice(0, 7)}X`);
  await letters.getByRole('button', { name: '删除' }).click();
  await tap(letters, typed.slice(7));
  await expect(codeField).toHaveValue(typed);

  await tap(page.getByRole('group', { name: '数字键盘', exact: true }), phone);
  await expect(page.getByLabel('预约时留的电话')).toHaveValue(phone);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
  await expect(page.getByText(booking.code)).toBeVisible();
  await expect(page.getByText('已预约')).toBeVisible();
});

test('the idle reset signs a volunteer out on the server, not only on the kiosk', async ({ page, api }) => {
  await page.goto(`/volunteer?mode=kiosk&center=${CENTER}`);
  await expect(h1(page)).toHaveText('志愿者登录');
  await page.getByLabel('PIN 码').fill('246810');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(h1(page)).toHaveText(/^预约名单/);
  const stored = await page.evaluate(() => sessionStorage.getItem('linli.volunteer.v1') ?? '');
  const token = stored.split('\n')[1];
  const roster = async () =>
    (await api.get(`${API}/volunteer/roster`, { headers: { Authorization: `Bearer ${token}` } })).status();
  expect(await roster()).toBe(200);

  // Walked away from: the prompt after 60 s, the reset 20 s later. The clock
  // stops right at the reset: the sign-out gives up after 2 s on this same
  // clock, and running past them would abort it before the server answers.
  await page.clock.runFor(61_000);
  await expect(page.getByRole('alertdialog', { name: '还在使用吗？' })).toBeVisible();
  await page.clock.runFor(19_000);
  await expect(h1(page)).toHaveText(HOME);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // A copy of the token taken from this kiosk no longer opens the roster.
  expect(await roster()).toBe(401);
});
