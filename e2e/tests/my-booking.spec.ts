// 我的预约: a resident finds a booking by code and phone, sees its status and
// cancels it; phones remember their own bookings (code, phone, slot only).
import { test, expect, API, bookViaApi, findOpenSlot, type Json } from './fixtures';
import { chooseFirstOpenSlot, confirmAndReadCode, fillContact, isKiosk, openHome } from './flow';

const phoneFor = (n: number) => `13${isKiosk() ? 3 : 4}1000${String(n).padStart(4, '0')}`;

async function bookLunch(api: Parameters<typeof findOpenSlot>[0], phone: string) {
  const slot = await findOpenSlot(api, 'dongshan-baijiahu', 'meal', { seats: 1, days: 7 });
  return bookViaApi(api, {
    slot_id: slot.id,
    name: '郑大爷',
    phone,
    party_size: 1,
    channel: 'web',
    consent: { notice: '2026-11', sensitive: false },
    details: { kind: 'meal', dining: 'dine_in', diet: [] },
  });
}

test('find a booking by code and phone, then cancel it with a confirmation', async ({ page, api }) => {
  const phone = phoneFor(1);
  const booking = await bookLunch(api, phone);
  const before = (await (await api.post(`${API}/bookings/lookup`, { data: { code: booking.code, phone } })).json()) as Json;
  const remaining = (before.slot as Json).remaining as number;

  await openHome(page);
  await page.getByRole('link', { name: /我的预约/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的预约');

  // A wrong phone and a malformed code are told apart from "not found" only where the app can know.
  await page.getByLabel('预约码').fill('ABC');
  await page.getByLabel('预约时留的电话').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.locator('#lookup-code-error')).toHaveText(/预约码是 8 位字母和数字/);
  await page.getByLabel('预约码').fill(booking.code.toLowerCase().replace('-', ' '));
  await page.getByLabel('预约时留的电话').fill('13999999999');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('alert')).toContainText('没有找到这个预约，请核对预约码和电话。');
  await expect(page.getByLabel('预约码')).not.toHaveValue('');

  await page.getByLabel('预约时留的电话').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
  await expect(page.getByText('已预约')).toBeVisible();
  await expect(page.getByText(phone)).toHaveCount(0); // never the full number

  await page.getByRole('button', { name: '取消预约' }).click();
  const dialog = page.getByRole('alertdialog', { name: '确定要取消吗？' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '不取消，返回' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: '取消预约' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确定取消' }).click();
  await expect(page.getByText('预约已取消。')).toBeVisible();
  await expect(page.getByText(/已取消$/)).toBeVisible();

  const after = (await (await api.post(`${API}/bookings/lookup`, { data: { code: booking.code, phone } })).json()) as Json;
  expect(after.status).toBe('cancelled');
  expect((after.slot as Json).remaining).toBe(remaining + 1);
});

// Every kind can be looked up and cancelled through the same screen. Each at
// a centre where it is open on some day of any week: legal consultations at
// baijiahu (Tuesdays and Fridays; the demo centre's are on Thursdays only).
const KINDS: Array<[string, string, Json]> = [
  ['care', 'dongshan-zhushan', { kind: 'care' }],
  ['legal', 'dongshan-baijiahu', { kind: 'legal', topic: 'housing', summary: '租房押金不退' }],
  ['mediation', 'dongshan-zhushan', { kind: 'mediation', category: 'property' }],
];
for (const [kind, center, details] of KINDS) {
  test(`a ${kind} booking is found and cancelled through 我的预约`, { tag: '@clock' }, async ({ page, api }) => {
    const slot = await findOpenSlot(api, center, kind, { seats: 1, days: 7 });
    const phone = phoneFor(10 + KINDS.findIndex(([k]) => k === kind));
    const booking = await bookViaApi(api, {
      slot_id: slot.id,
      name: '陈先生',
      phone,
      party_size: 1,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: false },
      details,
    });
    await page.goto(isKiosk() ? `/my?mode=kiosk&center=${center}` : '/my');
    await page.getByLabel('预约码').fill(booking.code);
    await page.getByLabel('预约时留的电话').fill(phone);
    await page.getByRole('button', { name: '查找' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '预约详情' })).toBeVisible();
    await expect(page.getByText(`${slot.start}–${slot.end}`)).toBeVisible();
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '确定取消' }).click();
    await expect(page.getByText('预约已取消。')).toBeVisible();
    const after = (await (await api.post(`${API}/bookings/lookup`, { data: { code: booking.code, phone } })).json()) as Json;
    expect(after.status).toBe('cancelled');
  });
}

test('phones remember their bookings; kiosks never do', async ({ page }) => {
  await openHome(page);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  const phone = phoneFor(2);
  await fillContact(page, '冯阿姨', phone);
  await page.getByRole('button', { name: '下一步' }).click();
  const code = await confirmAndReadCode(page);
  await expect(page.getByRole('img', { name: '预约码二维码' })).toBeVisible();
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible();

  const stored = await page.evaluate(() => localStorage.getItem('linli.bookings.v1'));
  if (isKiosk()) {
    expect(stored).toBeNull();
    await expect(page.getByRole('link', { name: '加入日历' })).toHaveCount(0);
    return;
  }
  const entries = JSON.parse(stored ?? '[]') as Array<Record<string, string>>;
  expect(entries).toEqual([expect.objectContaining({ code, phone })]);
  expect(Object.keys(entries[0]).sort()).toEqual(['code', 'phone', 'slot_id']);
  const calendar = page.getByRole('link', { name: '加入日历' });
  await expect(calendar).toHaveAttribute('download', `linli-${code.replace('-', '')}.ics`);
  expect(decodeURIComponent((await calendar.getAttribute('href')) ?? '')).toContain('BEGIN:VEVENT');

  await page.getByRole('button', { name: '完成，回到首页' }).click();
  await page.getByRole('link', { name: /我的预约/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: '本机记住的预约' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: code });
  await expect(item).toContainText('已预约');
  await item.getByRole('button', { name: '从本机移除' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: code })).toHaveCount(0);
  const left = await page.evaluate(() => localStorage.getItem('linli.bookings.v1'));
  expect(left ?? '[]').not.toContain(code);
});
