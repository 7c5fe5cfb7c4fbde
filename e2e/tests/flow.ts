// Steps of the booking flow shared by the specs, driven the way a resident
// would: by roles and visible labels.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

export const isKiosk = () => test.info().project.name === 'kiosk';

/** Opens the app as this project's device: a kiosk bound to `center`, or a phone. */
export async function openHome(page: Page, center = 'dongshan-zhushan') {
  await page.goto(isKiosk() ? `/?mode=kiosk&center=${center}` : '/');
  await expect(page.getByRole('heading', { level: 1, name: '您好，请选择要预约的服务' })).toBeVisible();
}

/** From home: the service tile, the centre (phones), the first day with room, its first open slot. */
export async function chooseFirstOpenSlot(page: Page, tile: RegExp, centerName: RegExp) {
  await page.getByRole('link', { name: tile }).click();
  if (!isKiosk()) {
    await page.getByRole('link', { name: centerName }).click();
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您想预约哪一天？');
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请选择时间');
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请填写预约信息');
}

/** Fills the two fields every booking has. */
export async function fillContact(page: Page, name: string, phone: string) {
  await page.getByLabel('怎么称呼您').fill(name);
  await page.getByLabel('联系电话（手机或座机）').fill(phone);
}

/** Confirms on the review page and returns the booking code from the receipt. */
export async function confirmAndReadCode(page: Page): Promise<string> {
  await page.getByRole('button', { name: '确认预约' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('预约成功');
  const code = ((await page.locator('.code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  return code;
}

/** The error message tied to a form control through aria-describedby. */
export async function errorOf(page: Page, label: string | RegExp) {
  const control = page.getByLabel(label);
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ');
  const errorId = ids.find((id) => id.endsWith('-error')) ?? '';
  return page.locator(`[id="${errorId}"]`);
}
