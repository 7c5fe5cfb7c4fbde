// 服务评价 (issue 13): a resident whose booking was checked in finds it by code
// and phone, taps one of three large faces, adds a few words and sends it;
// the booking then shows the face given, and the API refuses a second rating.
import { randomUUID } from 'node:crypto';
import { test, expect, API, todayInChina } from './fixtures';
import { isKiosk } from './flow';

const CENTER = 'dongshan-zhushan';
const phone = () => `13${isKiosk() ? 7 : 8}31000001`;

test('a resident rates an attended service with a face and a few words', async ({ page, api }) => {
  // Today's day care, started: the volunteer books her in at the desk
  // (walk-ins run until the end) and checks her in.
  const session = await api.post(`${API}/volunteer/session`, { data: { center_id: CENTER, pin: '246810' } });
  expect(session.status()).toBe(200);
  const { token } = (await session.json()) as { token: string };
  const staff = { Authorization: `Bearer ${token}` };
  const mobile = phone();
  const walkIn = await api.post(`${API}/volunteer/bookings`, {
    headers: { ...staff, 'Idempotency-Key': randomUUID() },
    data: {
      slot_id: `${CENTER}-daycare@${todayInChina()}T08:30`,
      name: '周阿姨',
      phone: mobile,
      party_size: 1,
      channel: 'staff',
      consent: { notice: '2026-12', sensitive: false },
      details: { kind: 'care' },
    },
  });
  expect(walkIn.status(), await walkIn.text()).toBe(201);
  const booking = (await walkIn.json()) as { code: string };
  const checkedIn = await api.post(`${API}/volunteer/bookings/${booking.code}/check-in`, { headers: staff });
  expect(checkedIn.status()).toBe(200);

  const query = isKiosk() ? `?mode=kiosk&center=${CENTER}` : '';
  await page.goto(`/my${query}`);
  await page.getByLabel('预约码').fill(booking.code);
  await page.getByLabel('预约时留的电话').fill(mobile);
  await page.getByRole('button', { name: '查找' }).click();
  const rating = page.getByRole('region', { name: '这次服务您满意吗？' });
  await expect(rating).toBeVisible();
  const send = rating.getByRole('button', { name: '提交评价' });
  await expect(send).toBeDisabled();
  await rating.getByRole('button', { name: '满意', exact: true }).click();
  await expect(rating.getByRole('button', { name: '满意', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await rating.getByLabel(/还想说点什么/).fill('照顾得很周到');
  await page.screenshot({ path: test.info().outputPath('rating-faces.png'), fullPage: true });
  await send.click();
  await expect(page.getByRole('status').filter({ hasText: '谢谢您的评价！您的评价：满意' })).toBeVisible();
  await expect(rating).toBeHidden();
  await page.screenshot({ path: test.info().outputPath('rating-given.png'), fullPage: true });

  // Once per booking.
  const again = await api.post(`${API}/bookings/${booking.code}/rating`, {
    data: { phone: mobile, satisfaction: 'dissatisfied' },
  });
  expect(again.status()).toBe(409);
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_rated');
});
