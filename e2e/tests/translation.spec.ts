// In English, no Chinese on screen: every visible string comes from the
// strings table in both languages, and catalog names come in both. Allowed:
// the language button's "中文", what the resident typed, and the surnames
// and names the name picker offers (a name stays Chinese: "Auntie (张阿姨)").
import type { Page } from '@playwright/test';
import { test, expect, bookViaApi, findOpenSlot } from './fixtures';
import { isKiosk } from './flow';
import { setLang } from './display';

const CENTER = 'dongshan-zhushan';
const NAME = '许奶奶';
const at = (path: string) => (isKiosk() ? `${path}?mode=kiosk&center=${CENTER}&idle=3600` : path);
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** Fails with each Chinese run and its surroundings, on the named screen. */
async function expectEnglishOnly(page: Page, screen: string) {
  let text = await page.evaluate(() => {
    const names = [...document.querySelectorAll<HTMLElement>('.picker-grid')];
    names.forEach((el) => (el.style.display = 'none'));
    const shown = document.body.innerText;
    names.forEach((el) => (el.style.display = ''));
    return shown;
  });
  for (const allowed of ['中文', NAME]) text = text.split(allowed).join('');
  const han = [...text.matchAll(/.{0,20}\p{Script=Han}+.{0,20}/gu)].map((m) => m[0].replace(/\s+/g, ' '));
  expect(han, `Chinese on the ${screen} screen in English`).toEqual([]);
}

test('in English, every screen of a booking is in English', async ({ page, api }) => {
  test.setTimeout(90_000);
  const slot = await findOpenSlot(api, CENTER, 'meal');
  await page.goto(at('/'));
  await setLang(page, 'en');
  await expect(h1(page)).toHaveText('Hello! Which service would you like to book?');
  await expectEnglishOnly(page, 'home');

  await page.getByRole('link', { name: /Community canteen/ }).click();
  if (!isKiosk()) {
    await expect(h1(page)).toHaveText('Choose your community centre');
    await expectEnglishOnly(page, 'centres');
    await page.getByRole('link', { name: /Zhushan/ }).click();
  }
  await expect(h1(page)).toHaveText('Which day would you like?');
  await expect(page.locator('.date-choice').first()).toBeVisible();
  await expectEnglishOnly(page, 'dates');

  // The day of the first open sitting, then that sitting.
  await page.locator(`a[href$="/${slot.date}"]`).click();
  await expect(h1(page)).toHaveText('Choose a time');
  await expect(page.locator('.slots')).toBeVisible();
  await expectEnglishOnly(page, 'slots');
  await page.locator(`a[href$="/${slot.id}"]`).click();

  await expect(h1(page)).toHaveText('Your details');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.form-error')).not.toBeEmpty();
  await expectEnglishOnly(page, 'details, with errors');

  await page.getByLabel('What should we call you?').fill(NAME);
  await page.getByLabel('Phone number (mobile or landline)').fill(`15${isKiosk() ? 5 : 6}88000001`);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(h1(page)).toHaveText('Please check your booking');
  await expectEnglishOnly(page, 'review');

  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(h1(page)).toHaveText("You're booked");
  await expectEnglishOnly(page, 'receipt');
});

test('in English, my bookings, a found booking, its cancel question and not found are in English', async ({ page, api }) => {
  const phone = `15${isKiosk() ? 5 : 6}88000002`;
  const slot = await findOpenSlot(api, 'dongshan-baijiahu', 'meal');
  const booking = await bookViaApi(api, {
    slot_id: slot.id,
    name: NAME,
    phone,
    party_size: 1,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'meal', dining: 'dine_in', diet: [] },
  });
  await page.goto(at('/no-such-page'));
  await setLang(page, 'en');
  await expect(h1(page)).toHaveText(/This page doesn't exist/);
  await expectEnglishOnly(page, 'not found');

  await page.getByRole('link', { name: 'Home' }).first().click();
  await page.getByRole('link', { name: /My bookings/ }).click();
  await expect(h1(page)).toHaveText('My bookings');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.locator('#lookup-code-error')).not.toBeEmpty();
  await expectEnglishOnly(page, 'lookup, with errors');

  await page.getByLabel('Booking code').fill(booking.code);
  await page.getByLabel('Phone number used to book').fill('13999999999');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.locator('.error-panel')).toBeVisible();
  await expectEnglishOnly(page, 'booking not found');

  await page.getByLabel('Phone number used to book').fill(phone);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Booking details' })).toBeVisible();
  await expect(page.locator('.detail-service')).toBeVisible();
  await expectEnglishOnly(page, 'booking detail');
  await page.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectEnglishOnly(page, 'cancel question');
});
