// 候补: a full slot offers its waiting list with the booking form; the
// resident sees their place, finds it again by code and phone, and when
// another booking is cancelled, finds a confirmed booking instead.
import { test, expect, API, bookViaApi, type Json, type OpenSlot } from './fixtures';
import { fillContact, isKiosk } from './flow';

const CENTER = 'dongshan-zhushan';
const HAIRCUT = `${CENTER}-haircut`; // 2 seats per half hour, no other spec books it
const phoneFor = (n: number) => `13${isKiosk() ? 7 : 8}2000${String(n).padStart(4, '0')}`;

function careBooking(slotId: string, phone: string): Json {
  return {
    slot_id: slotId,
    name: '钱阿姨',
    phone,
    party_size: 1,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'care' },
  };
}

test('a full slot has a waiting list; a cancellation books its first resident', async ({ page, api }) => {
  // A haircut slot of its own per project: the kiosk's is the first with both
  // seats free, the phone's the second (whichever project lists first).
  const from = (await (await api.get(`${API}/slots?center=${CENTER}&kind=care&days=7`)).json()) as OpenSlot[];
  const free = from.filter((s) => s.offering_id === HAIRCUT && s.remaining === 2);
  const slot = free[isKiosk() ? 0 : 1];
  expect(slot, 'a haircut slot with both seats free').toBeTruthy();
  const first = await bookViaApi(api, careBooking(slot.id, phoneFor(1)));
  await bookViaApi(api, careBooking(slot.id, phoneFor(2)));

  const query = isKiosk() ? `?mode=kiosk&center=${CENTER}` : '';
  await page.goto(`/book/care/${CENTER}/${slot.date}${query}`);
  const card = page.getByRole('link', { name: new RegExp(`${slot.start}.*爱心理发.*已约满 · 0 人候补.*加入候补`) });
  await expect(card).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('waitlist-slots.png'), fullPage: true });
  await card.click();

  const phone = phoneFor(3);
  await fillContact(page, '孙奶奶', phone);
  // Texts are her own choice, never ticked for her.
  const texts = page.getByRole('checkbox', { name: /^给这个手机号发短信/ });
  await expect(texts).not.toBeChecked();
  await texts.check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');
  await expect(page.getByRole('definition').filter({ hasText: '发到这个手机号' })).toBeVisible();
  await page.getByRole('button', { name: '加入候补' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('已加入候补');
  await expect(page.getByText('候补第 1 位')).toBeVisible();
  const code = ((await page.locator('.code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await page.screenshot({ path: test.info().outputPath('waitlist-joined.png'), fullPage: true });
  await page.getByRole('button', { name: '完成' }).click();

  // Found again by code and phone: its place, and a way to leave.
  const lookUp = async () => {
    await page.goto(`/my${query}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的预约');
    await page.getByLabel('预约码').fill(code);
    await page.getByLabel('预约时留的电话').fill(phone);
    await page.getByRole('button', { name: '查找' }).click();
  };
  await lookUp();
  await expect(page.getByRole('heading', { level: 2, name: '已加入候补' })).toBeVisible();
  await expect(page.getByText('候补第 1 位')).toBeVisible();
  await expect(page.getByRole('button', { name: '退出候补' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('waitlist-lookup.png'), fullPage: true });

  // The volunteer console lists the slot's waiting list, masked.
  await page.goto(`/volunteer${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('志愿者登录');
  if (!isKiosk()) {
    await page.getByLabel('服务中心').selectOption(CENTER);
  }
  await page.getByLabel('PIN 码').fill('246810');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^预约名单/);
  await page.locator('input[type="date"]').fill(slot.date);
  await page.getByRole('button', { name: '助老服务' }).click();
  const section = page.getByRole('region', { name: new RegExp(`^${slot.start}–.*爱心理发`) });
  await expect(section.getByRole('heading', { name: '候补名单' })).toBeVisible();
  await expect(section.getByRole('listitem')).toHaveText(`1. ${code} 孙* · *******${phone.slice(-4)} · ×1`);
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('waitlist-roster.png') });

  // Another resident cancels: the seat goes to the first waiting, at once.
  const cancelled = await api.post(`${API}/bookings/${first.code}/cancel`, { data: { phone: phoneFor(1) } });
  expect(cancelled.status()).toBe(200);
  await lookUp();
  await expect(page.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
  await expect(page.getByText('已预约')).toBeVisible();
  await expect(page.getByText(code)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('waitlist-promoted.png'), fullPage: true });

  // The SMS gateway got the news, signed, for her phone, with her code.
  const promoted = `${code.replace('-', '')}.promoted`;
  await expect
    .poll(async () => {
      const got = (await (await fetch(`${process.env.LINLI_E2E_GATEWAY}/received`)).json()) as Sms[];
      return got
        .filter((m) => m.key === promoted)
        .map((m) => ({ signed: m.signed, to: m.body.to, kind: m.body.kind, hasCode: m.body.text.includes(code) }));
    })
    .toEqual([{ signed: true, to: phone, kind: 'promoted', hasCode: true }]);
});

type Sms = { key: string; signed: boolean; body: { to: string; kind: string; text: string } };
