// 助老服务, 法律咨询 and 矛盾调解: each bookable through the UI, with its own
// fields and errors, and found again through the API.
import { test, expect, API, findOpenSlot, type Json } from './fixtures';
import { chooseFirstOpenSlot, confirmAndReadCode, errorOf, fillContact, isKiosk, openHome } from './flow';

const phoneFor = (n: number) => `13${isKiosk() ? 5 : 6}0000${String(n).padStart(4, '0')}`;

// Legal consultations at centres that hold them on two weekdays, so there are
// some in any week (the demo centre's are on Thursdays only); one per project,
// as each half hour has one seat and each project takes three.
const legal = () =>
  isKiosk()
    ? { id: 'dongshan-baijiahu', name: /百家湖社区党群服务中心/ }
    : { id: 'qilin-qilinmen', name: /麒麟门社区党群服务中心/ };

test('a home service needs an address, and keeps it', { tag: '@clock' }, async ({ page, api }) => {
  const center = 'chunhua-jiexi';
  // Its two home services, on two weekdays: one of them is in any week.
  const names: Record<string, string> = { [`${center}-visit`]: '上门探访', [`${center}-homebath`]: '上门助浴' };
  const slot = await findOpenSlot(api, center, 'care', { offerings: Object.keys(names) });
  await page.goto(`/book/care/${center}/${slot.date}${isKiosk() ? `?mode=kiosk&center=${center}` : ''}`);
  await page.getByRole('link', { name: new RegExp(`^${slot.start}–.*${names[slot.offering_id]}`) }).click();

  const phone = phoneFor(1);
  await fillContact(page, '赵爷爷', phone);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(await errorOf(page, '上门服务地址')).toHaveText(/上门服务需要地址/);

  await page.getByLabel('上门服务地址').fill('解溪路21号2栋301');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');
  await expect(page.getByText('解溪路21号2栋301')).toBeVisible();
  const code = await confirmAndReadCode(page);

  const booking = (await (await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } })).json()) as Json;
  expect(booking.details).toMatchObject({ kind: 'care', address: '解溪路21号2栋301' });
});

test('a legal consultation asks for a topic and limits the description', { tag: '@clock' }, async ({ page, api }) => {
  await openHome(page, legal().id);
  await chooseFirstOpenSlot(page, /法律咨询/, legal().name);
  await expect(page.getByText('值班律师')).toHaveCount(0); // shown on the slot list, not the form
  const phone = phoneFor(2);
  await fillContact(page, '钱女士', phone);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('group', { name: '想咨询哪方面的问题？' })).toContainText('请选择咨询类别');

  await page.getByRole('radio', { name: '劳动工资' }).check();
  const summary = page.getByLabel('简单说说您的问题（可不填）');
  await summary.fill('欠薪'.repeat(251));
  await expect(page.getByText('已写 502 字，最多 500 字')).toBeVisible();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(await errorOf(page, '简单说说您的问题（可不填）')).toHaveText(/最多 500 个字/);

  await summary.fill('公司拖欠三个月工资，想了解怎么维权。');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('劳动工资')).toBeVisible();
  const code = await confirmAndReadCode(page);

  const booking = (await (await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } })).json()) as Json;
  expect(booking.details).toMatchObject({ kind: 'legal', topic: 'labor' });
});

test('a mediation description needs consent and is never shown again', async ({ page, api }) => {
  await openHome(page);
  await chooseFirstOpenSlot(page, /矛盾调解/, /竹山社区党群服务中心/);
  const phone = phoneFor(3);
  await fillContact(page, '孙先生', phone);
  await page.getByRole('radio', { name: '邻里纠纷' }).check();
  await page.getByLabel('对方是谁（可不填）').fill('楼上住户');
  const secret = '楼上夜里经常很吵，沟通过两次没有用。';
  await page.getByLabel('简单说明').fill(secret);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('要记录这些信息，请先勾选上面的同意')).toBeVisible();

  await page.getByRole('checkbox', { name: /我同意记录事情经过/ }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText(secret)).toBeVisible(); // the review shows it once
  const code = await confirmAndReadCode(page);
  await expect(page.getByText(secret)).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  const res = await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } });
  const booking = (await res.json()) as Json;
  expect(booking.details).toMatchObject({ kind: 'mediation', category: 'neighbor', other_party: '楼上住户' });
  expect(JSON.stringify(booking)).not.toContain(secret);
});

test('meal price bands change the price before confirming', async ({ page, api }) => {
  const file = (await (await api.get(`${API}/centers/dongshan-zhushan`)).json()) as {
    offerings: Array<{ name: { zh: string }; price_bands?: Array<{ id: string; price_cents: number }> }>;
  };
  await openHome(page);
  await chooseFirstOpenSlot(page, /微餐桌/, /竹山社区党群服务中心/);
  await fillContact(page, '周阿姨', phoneFor(4));
  await page.getByRole('radio', { name: /80岁及以上/ }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  const service = (await page.locator('.summary dd').first().textContent())?.trim();
  const offering = file.offerings.find((o) => o.name.zh === service);
  const cents = offering?.price_bands?.find((b) => b.id === 'age80')?.price_cents ?? -1;
  expect(cents).toBeGreaterThanOrEqual(0);
  const yuan = cents === 0 ? '免费' : `${cents % 100 === 0 ? cents / 100 : (cents / 100).toFixed(2)}元`;
  await expect(page.locator('.summary .price')).toHaveText(yuan);
});

test('a slot that fills while the resident types offers the nearest free times', { tag: '@clock' }, async ({ page, api }) => {
  await openHome(page, legal().id);
  await chooseFirstOpenSlot(page, /法律咨询/, legal().name);
  const slotId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const phone = phoneFor(5);
  await fillContact(page, '吴阿姨', phone);
  await page.getByRole('radio', { name: '婚姻家庭' }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');

  // Someone else takes the last place meanwhile.
  const taken = await api.post(`${API}/bookings`, {
    headers: { 'Idempotency-Key': `race-${slotId}` },
    data: {
      slot_id: slotId,
      name: '别人',
      phone: phoneFor(6),
      party_size: 1,
      channel: 'web',
      consent: { notice: '2026-11', sensitive: false },
      details: { kind: 'legal', topic: 'other' },
    },
  });
  expect(taken.status()).toBe(201);

  await page.getByRole('button', { name: '确认预约' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('这个时间刚刚约满了');
  const offers = alert.getByRole('link', { name: /剩余 \d+ 个名额/ });
  await expect(offers.first()).toBeVisible();
  await offers.first().click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的预约');
  await expect(page.getByText('吴阿姨')).toBeVisible();
  await expect(page.getByText('婚姻家庭')).toBeVisible();
  const code = await confirmAndReadCode(page);
  const booking = (await (await api.post(`${API}/bookings/lookup`, { data: { code: code, phone } })).json()) as Json;
  expect(booking.slot_id).not.toBe(slotId);
  expect(booking.details).toMatchObject({ kind: 'legal', topic: 'family' });
});
