// A resident books a seat at a 微餐桌 sitting, on a kiosk and on a phone.
import { test, expect, API, bookViaApi, findOpenSlot, type Json } from './fixtures';
import type { Page } from '@playwright/test';

const CENTER = 'dongshan-zhushan';
const isKiosk = () => test.info().project.name === 'kiosk';

/** Opens the app the way this project's device would: a kiosk bound to its centre, or a phone. */
async function openHome(page: Page) {
  await page.goto(isKiosk() ? `/?mode=kiosk&center=${CENTER}` : '/');
  await expect(page.getByRole('heading', { level: 1, name: '您好，请选择要预约的服务' })).toBeVisible();
}

/** From home to the details form of the first open sitting on the first day with room. */
async function chooseFirstSitting(page: Page) {
  await page.getByRole('link', { name: /微餐桌/ }).click();
  if (!isKiosk()) {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('请选择您所在的社区服务中心');
    await page.getByRole('link', { name: /竹山社区党群服务中心/ }).click();
  }
  await expect(page.getByText(/第 \d 步，共 \d 步/)).toBeVisible();
  // Not "明天": tomorrow may be a closure.
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请选择时间');
  await page.getByRole('link', { name: /剩余 \d+ 个名额/ }).first().click();
  await expect(page.getByLabel('怎么称呼您')).toBeVisible();
}

test('a resident books a meal seat and gets a code the API knows', { tag: '@clock' }, async ({ page, api }) => {
  const phone = isKiosk() ? '13800000001' : '13900000002';
  await openHome(page);
  await chooseFirstSitting(page);

  await page.getByLabel('怎么称呼您').fill('张阿姨');
  await page.getByLabel('联系电话（手机或座机）').fill(phone);
  await page.getByRole('button', { name: '增加一位' }).click();
  await page.getByRole('radio', { name: '打包带走' }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');
  await expect(page.getByText('张阿姨')).toBeVisible();
  // Back keeps everything typed.
  await page.getByRole('link', { name: '修改信息' }).click();
  await expect(page.getByLabel('怎么称呼您')).toHaveValue('张阿姨');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '确认预约' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('预约成功');
  const code = (await page.locator('.code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

  const res = await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } });
  expect(res.status()).toBe(200);
  const booking = (await res.json()) as Json;
  expect(booking.status).toBe('confirmed');
  expect(booking.party_size).toBe(2);
  expect(booking.channel).toBe(isKiosk() ? 'kiosk' : 'web');
  expect(booking.details).toMatchObject({ kind: 'meal', dining: 'takeaway' });

  // Done clears the resident's details: the next person starts empty.
  await page.getByRole('button', { name: '完成，回到首页' }).click();
  await chooseFirstSitting(page);
  await expect(page.getByLabel('怎么称呼您')).toHaveValue('');
});

test('a bad phone number is shown next to the field and nothing typed is lost', async ({ page }) => {
  await openHome(page);
  await chooseFirstSitting(page);
  await page.getByLabel('怎么称呼您').fill('王师傅');
  const phone = page.getByLabel('联系电话（手机或座机）');
  await phone.fill('12345');
  await page.getByRole('button', { name: '下一步' }).click();

  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toBeFocused();
  const describedBy = (await phone.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error')) ?? '';
  await expect(page.locator(`#${errorId}`)).toHaveText(/电话号码不正确/);
  await expect(page.getByLabel('怎么称呼您')).toHaveValue('王师傅');
  await expect(phone).toHaveValue('12345');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator(`#${errorId}`)).toHaveText(/phone number isn't valid/);
  await expect(page.getByLabel('Phone number (mobile or landline)')).toHaveValue('12345');
  await expect(page.getByLabel('What should we call you?')).toHaveValue('王师傅');
});

test('a full sitting is shown as full and offers only its waiting list', async ({ page, api }) => {
  // Fill the next open dinner at another centre through the API.
  const center = isKiosk() ? 'dongshan-baijiahu' : 'dongshan-shangfang';
  const slot = await findOpenSlot(api, center, 'meal', { seats: 1, days: 7 });
  let left = slot.remaining as number;
  for (let i = 0; left > 0; i++) {
    const party = Math.min(4, left);
    await bookViaApi(api, {
      slot_id: slot.id,
      name: `居民${i}`,
      phone: `1370000${String(i).padStart(4, '0')}`,
      party_size: party,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: false },
      details: { kind: 'meal', dining: 'dine_in', diet: [] },
    });
    left -= party;
  }
  const after = await api.get(`${API}/slots`, { params: { center, kind: 'meal', from: slot.date as string, days: 1 } });
  const full = ((await after.json()) as Json[]).find((s) => s.id === slot.id);
  expect(full?.remaining).toBe(0);

  await page.goto(`/book/meal/${center}/${slot.date}${isKiosk() ? `?mode=kiosk&center=${center}` : ''}`);
  const card = page.locator('.slots > li').filter({ hasText: `${slot.start}–${slot.end}` });
  await expect(card).toContainText('已约满');
  // Its one link joins the waiting list (waitlist.spec.ts), never a booking.
  await expect(card.getByRole('link')).toHaveCount(1);
  await expect(card.getByRole('link')).toContainText('加入候补');

  // The API refuses it too: 409 slot_full with the error shape.
  const res = await api.post(`${API}/bookings`, {
    headers: { 'Idempotency-Key': `full-${slot.id}` },
    data: {
      slot_id: slot.id,
      name: '李奶奶',
      phone: '13600000009',
      party_size: 1,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: false },
      details: { kind: 'meal', dining: 'dine_in', diet: [] },
    },
  });
  expect(res.status()).toBe(409);
  expect(((await res.json()) as { error: Json }).error).toMatchObject({ code: 'slot_full' });
});
