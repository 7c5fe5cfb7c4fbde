// 大字, 高对比 and 朗读 (DESIGN.md "Kiosk and age-friendly rules"): one tap
// away on every screen, usable by keyboard, remembered as each device should,
// and reading the screen aloud in the resident's language.
import type { Page } from '@playwright/test';
import { test, expect, findOpenSlot } from './fixtures';
import { confirmAndReadCode, fillContact, isKiosk, openHome } from './flow';
import { contrastButton, largeTextButton, setLang } from './display';

const CENTER = 'dongshan-zhushan';
const readAloud = (page: Page) => page.getByRole('button', { name: /^(朗读|停止朗读|Read aloud|Stop reading)$/ });
const px = (page: Page, selector: string, property: string) =>
  page.locator(selector).first().evaluate((el, p) => parseFloat(getComputedStyle(el).getPropertyValue(p)), property);

test('large text and high contrast: one tap, told by aria-pressed, remembered per device', async ({ page }) => {
  await openHome(page);
  const html = page.locator('html');
  const target = isKiosk() ? 64 : 48;
  for (const button of [largeTextButton(page), contrastButton(page), readAloud(page)]) {
    expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(target);
  }
  // Normal mode already meets DESIGN: kiosk body ≥ 20 px (hints too), line height ≥ 1.3.
  const body = await px(page, '.tile-hint', 'font-size');
  if (isKiosk()) expect(body).toBeGreaterThanOrEqual(20);
  expect((await px(page, '.tile-hint', 'line-height')) / body).toBeGreaterThanOrEqual(1.3);

  // By keyboard: Enter on one toggle, Space on the other.
  await expect(largeTextButton(page)).toHaveAttribute('aria-pressed', 'false');
  await largeTextButton(page).focus();
  await page.keyboard.press('Enter');
  await expect(largeTextButton(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/\blarge-text\b/);
  await contrastButton(page).focus();
  await page.keyboard.press(' ');
  await expect(contrastButton(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/\bhigh-contrast\b/);
  expect(await px(page, '.tile-hint', 'font-size')).toBeGreaterThanOrEqual(isKiosk() ? 30 : 24);
  expect(await px(page, '.steps li, .brand-tagline, .tile-hint', 'font-size')).toBeGreaterThanOrEqual(isKiosk() ? 30 : 24);
  // White on black: the page and its text.
  expect(await page.locator('body').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
  expect(await html.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');

  // Kept for the session on a kiosk (its reset clears storage), on the phone itself otherwise.
  const stored = await page.evaluate(() => ({
    session: Object.keys(sessionStorage).filter((k) => k.startsWith('linli.')).sort(),
    local: Object.keys(localStorage).filter((k) => k.startsWith('linli.')).sort(),
  }));
  const keys = ['linli.high-contrast', 'linli.large-text'];
  expect(stored).toEqual(isKiosk() ? { session: keys, local: [] } : { session: [], local: keys });
  await page.reload();
  await expect(largeTextButton(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/\blarge-text\b.*\bhigh-contrast\b|\bhigh-contrast\b.*\blarge-text\b/);

  // On every screen, still pressed; pressing again turns it off and forgets it.
  await page.getByRole('link', { name: /我的预约/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的预约');
  await largeTextButton(page).click();
  await contrastButton(page).click();
  await expect(html).not.toHaveClass(/large-text|high-contrast/);
  await expect(contrastButton(page)).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => Object.keys({ ...localStorage, ...sessionStorage }).filter((k) => /contrast|large/.test(k)))).toEqual([]);
});

test('the keyboard reaches the top bar in order, with a visible focus ring', async ({ page }) => {
  await openHome(page);
  const names: string[] = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    const ring = await focused.evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style, 'a visible focus outline').not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    names.push(((await focused.getAttribute('aria-label')) ?? (await focused.innerText())).trim().split('\n')[0]);
  }
  expect(names).toEqual(['邻里', '首页', 'Switch to English', '大字', '高对比', '朗读']);
  // Then the page itself, starting with its first service.
  await page.keyboard.press('Tab');
  await expect(page.locator('main :focus')).toHaveAccessibleName(/^微餐桌/);
});

/** A stand-in for the browser's speech, recording what would be said. */
async function fakeSpeech(page: Page, voices: Array<{ lang: string; name: string }>) {
  await page.addInitScript((list) => {
    const w = window as unknown as Record<string, unknown>;
    const said: Array<Record<string, unknown>> = [];
    let queue: Array<{ onend?: () => void }> = [];
    w.__said = said;
    w.__cancels = 0;
    w.SpeechSynthesisUtterance = class {
      lang = '';
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      constructor(public text: string) {}
    };
    const synth = {
      speaking: false,
      pending: false,
      getVoices: () => list,
      speak(u: { text: string; lang: string; voice: { name: string } | null; rate: number }) {
        said.push({ text: u.text, lang: u.lang, voice: u.voice?.name, rate: u.rate });
        queue.push(u as never);
        this.speaking = true;
      },
      cancel() {
        w.__cancels = (w.__cancels as number) + 1;
        queue = [];
        this.speaking = false;
      },
      /** The test's way to let the speech run to its end. */
      finish() {
        const done = queue;
        queue = [];
        this.speaking = false;
        done.forEach((u) => u.onend?.());
      },
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  }, voices);
}

const said = (page: Page) => page.evaluate(() => (window as unknown as { __said: Array<Record<string, string>> }).__said.splice(0));

test('read aloud speaks the screen in the resident’s language and stops when pressed again', async ({ page, api }) => {
  await fakeSpeech(page, [
    { lang: 'en-GB', name: 'English' },
    { lang: 'zh-TW', name: 'Taiwanese' },
    { lang: 'zh_CN', name: 'Mandarin' },
  ]);
  const slot = await findOpenSlot(api, CENTER, 'meal');
  await page.goto(`/book/meal/${CENTER}/${slot.date}/${slot.id}${isKiosk() ? `?mode=kiosk&center=${CENTER}&idle=3600` : ''}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请填写预约信息');

  await readAloud(page).click();
  await expect(readAloud(page)).toHaveText('停止朗读');
  let spoken = await said(page);
  expect(spoken.map((s) => s.text).slice(0, 2)).toEqual([isKiosk() ? '第 3 步，共 4 步' : '第 4 步，共 5 步', '请填写预约信息']);
  expect(spoken[2].text).toContain('我们只收集称呼和电话');
  expect(new Set(spoken.map((s) => `${s.lang} ${s.voice}`))).toEqual(new Set(['zh-CN Mandarin']));
  // Pressed again: it stops, by keyboard too.
  await readAloud(page).focus();
  await page.keyboard.press('Enter');
  await expect(readAloud(page)).toHaveText('朗读');
  expect(await page.evaluate(() => (window as unknown as { __cancels: number }).__cancels)).toBeGreaterThan(0);

  // In English, with an English voice.
  await setLang(page, 'en');
  await readAloud(page).click();
  spoken = await said(page);
  expect(spoken.map((s) => s.text)).toContain('Your details');
  expect(new Set(spoken.map((s) => `${s.lang} ${s.voice}`))).toEqual(new Set(['en English']));
  // The end of the speech puts the button back.
  await page.evaluate(() => (window.speechSynthesis as unknown as { finish(): void }).finish());
  await expect(readAloud(page)).toHaveText('Read aloud');
  await setLang(page, 'zh');

  // The receipt: its code letter by letter, never the resident's name or phone.
  const phone = `15${isKiosk() ? 3 : 4}88000001`;
  await fillContact(page, '许阿姨', phone);
  await page.getByRole('button', { name: '下一步' }).click();
  const code = await confirmAndReadCode(page);
  await readAloud(page).click();
  spoken = await said(page);
  const texts = spoken.map((s) => s.text);
  expect(texts).toContain('预约成功');
  expect(texts).toContain(code.replace('-', '').split('').join('，'));
  expect(texts.join(' ')).not.toMatch(new RegExp(`许阿姨|${phone.slice(-4)}`));
});

test('where the device has no voice for the language, read aloud says so; with no speech at all, it is not shown', async ({ page }) => {
  await fakeSpeech(page, [{ lang: 'en-US', name: 'English' }]);
  await openHome(page);
  await readAloud(page).click();
  await expect(page.getByRole('status').filter({ hasText: '本设备不支持朗读。' })).toBeVisible();
  await expect(readAloud(page)).toHaveText('朗读');
  expect(await said(page)).toEqual([]);

  await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
  await page.reload();
  await expect(largeTextButton(page)).toBeVisible();
  await expect(readAloud(page)).toHaveCount(0);
});
