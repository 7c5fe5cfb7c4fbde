// 点选姓氏 (issue 14, "no keyboard needed"): on a kiosk without a Chinese
// input method a resident says how to be addressed with taps only, a surname
// and then a form of address ("张" + "阿姨" = "张阿姨"). The name field stays
// an ordinary input: typing still works, and a phone keeps it as it was,
// with the picker behind a button.
import type { Page } from '@playwright/test';
import { test, expect, API, type Json } from './fixtures';
import { chooseFirstOpenSlot, confirmAndReadCode, isKiosk, openHome } from './flow';
import { scanScreen, setDisplay, setLang } from './display';

const nameField = (page: Page) => page.getByLabel('怎么称呼您');
const toggle = (page: Page) => page.getByRole('button', { name: /^(点选姓氏和称呼|Choose surname and form of address)$/ });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const grid = (page: Page) => page.locator('.picker-grid').getByRole('button');
const FORMS = ['阿姨', '叔叔', '奶奶', '爷爷', '女士', '先生'];

/** Home to the meal details form, as this project's device. */
async function toDetails(page: Page) {
  await openHome(page);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await expect(nameField(page)).toBeVisible();
}

/** Taps a phone number on the kiosk's keypad (types it on a phone). */
async function enterPhone(page: Page, phone: string) {
  if (!isKiosk()) {
    await page.getByLabel('联系电话（手机或座机）').fill(phone);
    return;
  }
  const keypad = page.getByRole('group', { name: '数字键盘' });
  for (const key of phone) await keypad.getByRole('button', { name: key, exact: true }).click();
}

test('a meal booked with taps only: 张, then 阿姨, and the receipt says 张阿姨', async ({ page, api }) => {
  const phone = isKiosk() ? '13677000001' : '13677000002';
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/surnames.json')) fetched.push(r.url());
  });
  await toDetails(page);
  if (isKiosk()) {
    // Offered at once while the name is empty: the hundred commonest, most frequent first.
    await expect(toggle(page)).toHaveAttribute('aria-expanded', 'true');
  } else {
    // A phone has its own input method: the picker waits behind its button.
    await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('.picker')).toHaveCount(0);
    // Nothing of the table is fetched until then.
    expect(fetched).toEqual([]);
    await toggle(page).click();
  }
  await expect(page.getByRole('group', { name: '请点您的姓：' })).toBeVisible();
  await expect(grid(page)).toHaveCount(100);
  await expect(grid(page).first()).toHaveText('王');
  await button(page, '张').click();

  await expect(page.getByRole('group', { name: '请点选称呼：' })).toBeVisible();
  await expect(grid(page)).toHaveText(FORMS.map((f) => `张${f}`));
  await button(page, '张阿姨').click();
  await expect(nameField(page)).toHaveValue('张阿姨');
  await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle(page)).toBeFocused();
  await expect(page.locator('.picker')).toHaveCount(0);

  await enterPhone(page, phone);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');
  await expect(page.getByText('张阿姨')).toBeVisible();
  const code = await confirmAndReadCode(page);
  // The receipt shows the name as chosen (and the phone masked).
  await expect(page.locator('.receipt-who')).toHaveText(new RegExp(`^张阿姨 · \\*+${phone.slice(-4)}$`));
  const booking = (await (await api.post(`${API}/bookings/lookup`, { data: { code, phone } })).json()) as Json;
  expect(booking.name).toBe('张阿姨');
  expect(fetched).toHaveLength(1);
});

test('without the surname table the picker says so and typing still works; opening it again tries again', async ({ page }) => {
  let down = true;
  await page.route('**/surnames.json', (route) => (down ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()));
  await toDetails(page);
  if (!isKiosk()) await toggle(page).click();
  await expect(page.locator('.picker-prompt')).toHaveText('姓氏表没能打开。请直接输入称呼，或点上面的按钮再试一次。');
  await expect(grid(page)).toHaveCount(0);
  await nameField(page).fill('赵叔叔');
  await expect(nameField(page)).toHaveValue('赵叔叔');
  down = false;
  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false');
  await toggle(page).click();
  await expect(grid(page)).toHaveCount(100);
  await expect(nameField(page)).toHaveValue('赵叔叔');
});

test('more surnames by the first letter of their pinyin reach 欧阳; another surname replaces the name; typing still works', async ({ page }) => {
  await toDetails(page);
  if (!isKiosk()) await toggle(page).click();
  await button(page, '更多姓氏（按拼音查找）').click();
  const index = page.getByRole('group', { name: '先点姓的拼音首字母，再点您的姓：' });
  await expect(index).toBeVisible();
  await expect(page.locator('.picker-prompt')).toBeFocused();
  const letters = page.getByRole('group', { name: '拼音首字母', exact: true }).getByRole('button');
  // Pinyin has no surname starting with I, U or V.
  await expect(letters).toHaveText('ABCDEFGHJKLMNOPQRSTWXYZ'.split(''));
  await expect(grid(page)).toHaveCount(0);

  await button(page, 'O').click();
  await expect(button(page, 'O')).toHaveAttribute('aria-pressed', 'true');
  await expect(button(page, 'O')).toBeFocused();
  await expect(grid(page)).toHaveText(['区', '欧', '欧阳']);
  // A surname read differently from its everyday reading sits under its surname initial: 单 Shàn.
  await button(page, 'S').click();
  await expect(button(page, 'O')).toHaveAttribute('aria-pressed', 'false');
  await expect(grid(page).filter({ hasText: /^单$/ })).toHaveCount(1);
  // The common ones come first under their letter.
  await button(page, 'Z').click();
  await expect(grid(page).first()).toHaveText('张');
  await button(page, 'O').click();
  await button(page, '欧阳').click();
  await button(page, '欧阳先生').click();
  await expect(nameField(page)).toHaveValue('欧阳先生');

  // Another surname: the picker opens again and the new name replaces the old.
  await toggle(page).click();
  await button(page, '李').click();
  await button(page, '换一个姓').click();
  await button(page, '刘').click();
  await button(page, '刘奶奶').click();
  await expect(nameField(page)).toHaveValue('刘奶奶');

  // Typing, where there is a keyboard or an input method, works as before.
  await nameField(page).fill('王师傅');
  await expect(nameField(page)).toHaveValue('王师傅');
  await toggle(page).click();
  await nameField(page).press('End');
  await nameField(page).pressSequentially('傅');
  await expect(nameField(page)).toHaveValue('王师傅傅');
  await expect(grid(page)).toHaveCount(100);
});

test('in English the forms of address are explained, the name stays Chinese; large text fits', async ({ page }) => {
  await toDetails(page);
  if (!isKiosk()) await toggle(page).click();
  await setDisplay(page, 'large-text');
  await setLang(page, 'en');
  await expect(page.getByRole('group', { name: 'Tap your surname:' })).toBeVisible();
  // No button too small, no surname cut off, nothing wider than the screen.
  const min = isKiosk() ? 64 : 48;
  const check = () =>
    page.locator('.picker button').evaluateAll(
      (els, min) =>
        els
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(
            ({ el, r }) =>
              r.width < min ||
              r.height < min ||
              el.scrollWidth > el.clientWidth ||
              r.right > innerWidth ||
              // A surname or a letter on one line, never 欧 above 阳.
              (!!el.closest('.picker-grid:not(.forms), .picker-letters') &&
                (el.querySelector('.spoken')?.getClientRects().length ?? 0) > 1),
          )
          .map(({ el }) => el.textContent),
      min,
    );
  expect(await check()).toEqual([]);
  await button(page, 'More surnames (by pinyin)').click();
  await button(page, 'S').click();
  await expect(grid(page).filter({ hasText: '司马' })).toHaveCount(1);
  expect(await check()).toEqual([]);
  await button(page, '司马').click();
  await expect(grid(page)).toHaveText(['Auntie', 'Uncle', 'Grandma', 'Grandpa', 'Ms', 'Mr'].map((w, i) => `${w} (司马${FORMS[i]})`));
  expect(await check()).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await button(page, 'Auntie (司马阿姨)').click();
  await expect(page.getByLabel('What should we call you?')).toHaveValue('司马阿姨');
  await setLang(page, 'zh');
  await setDisplay(page, 'normal');
});

test('read aloud reads the question and the choices, a form of address without the surname', async ({ page }) => {
  // The browser's speech, faked: what would be said is collected.
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    const voice = { lang: 'zh-CN', name: 'Mandarin' };
    (window as unknown as Record<string, unknown>).SpeechSynthesisUtterance = class {
      lang = '';
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      constructor(public text: string) {}
    };
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        speaking: false,
        pending: false,
        getVoices: () => [voice],
        speak: (u: { text: string }) => said.push(u.text),
        cancel: () => {},
      },
    });
  });
  await toDetails(page);
  if (!isKiosk()) await toggle(page).click();
  const readAloud = page.getByRole('button', { name: /^(朗读|停止朗读)$/ });
  const said = async () => {
    await readAloud.click();
    const texts = await page.evaluate(() => (window as unknown as { __said: string[] }).__said.splice(0));
    await readAloud.click();
    return texts;
  };
  await expect(grid(page)).toHaveCount(100);
  let texts = await said();
  const at = texts.indexOf('请点您的姓：');
  expect(at).toBeGreaterThan(0);
  expect(texts.slice(at + 1, at + 4)).toEqual(['王', '李', '张']);
  expect(texts).toContain('更多姓氏（按拼音查找）');

  await button(page, '张').click();
  texts = await said();
  expect(texts).toContain('请点选称呼：');
  expect(texts).toEqual(expect.arrayContaining(FORMS));
  // A kiosk stands in a public room: the name itself is not read out.
  expect(texts.join(' ')).not.toContain('张阿姨');
});

test('the picker passes axe at every stage, in both languages and every display mode', async ({ page }) => {
  test.setTimeout(180_000);
  await toDetails(page);
  if (!isKiosk()) await toggle(page).click();
  const found: string[] = [];
  await expect(grid(page)).toHaveCount(100);
  if (!isKiosk()) found.push(...(await scanScreen(page, 'picker: common surnames')));
  await button(page, '更多姓氏（按拼音查找）').click();
  await button(page, 'Y').click();
  found.push(...(await scanScreen(page, 'picker: surnames under Y')));
  await button(page, '尉迟').click();
  found.push(...(await scanScreen(page, 'picker: forms of address')));
  expect(found, found.join('\n')).toEqual([]);
});
