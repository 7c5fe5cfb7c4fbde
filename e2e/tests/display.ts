// Helpers for the accessibility specs: the language and the display modes
// (大字 / 高对比), switched the way a resident does, with the top bar's
// buttons, so a page and its state (a receipt, a form with errors) stay.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const MODES = ['normal', 'large-text', 'high-contrast'] as const;
export type DisplayMode = (typeof MODES)[number];

/** The two display toggles, by their accessible names in either language. */
export const largeTextButton = (page: Page) => page.getByRole('button', { name: /^(大字|Large text)$/ });
export const contrastButton = (page: Page) => page.getByRole('button', { name: /^(高对比|High contrast)$/ });

export async function setLang(page: Page, lang: Lang) {
  const html = page.locator('html');
  const want = lang === 'zh' ? 'zh-CN' : 'en';
  if ((await html.getAttribute('lang')) !== want) {
    // The language switch is the only top-bar button with its own `lang`.
    await page.locator('.top-bar button[lang]').click();
  }
  await expect(html).toHaveAttribute('lang', want);
}

async function setToggle(page: Page, button: ReturnType<typeof largeTextButton>, cls: string, on: boolean) {
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  await expect(button).toHaveAttribute('aria-pressed', String(on));
  const html = page.locator('html');
  await (on ? expect(html).toHaveClass(new RegExp(`\\b${cls}\\b`)) : expect(html).not.toHaveClass(new RegExp(`\\b${cls}\\b`)));
}

export async function setDisplay(page: Page, mode: DisplayMode) {
  await setToggle(page, largeTextButton(page), 'large-text', mode === 'large-text');
  await setToggle(page, contrastButton(page), 'high-contrast', mode === 'high-contrast');
}

/**
 * DESIGN: touch targets at least 64 px on the kiosk, 48 px on phones. Radio
 * buttons and checkboxes count by their label, which is what is tapped.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const min = document.documentElement.classList.contains('kiosk') ? 64 : 48;
    const controls = 'a[href], button, summary, .option, input:not([type=radio]):not([type=checkbox]), textarea, select';
    return [...document.querySelectorAll<HTMLElement>(controls)]
      .filter((el) => el.getClientRects().length > 0 && !el.closest('dialog:not([open])'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return Math.round(r.height) < min || Math.round(r.width) < min;
      })
      .map((el) => `${min}px: ${el.tagName.toLowerCase()}.${el.className} "${el.innerText.trim().slice(0, 20)}"`);
  });
}

/**
 * Modes to scan; LINLI_A11Y_MODES=normal narrows a quick local run, and
 * `none` walks the screens without scanning them (scripts/test.sh's clock
 * stage, which is after the slots and days, not the looks).
 */
const modes = (): readonly DisplayMode[] => {
  const asked = process.env.LINLI_A11Y_MODES;
  if (asked === 'none') return [];
  return asked ? (asked.split(',') as DisplayMode[]) : MODES;
};

/**
 * Runs axe (all default rules, colour contrast included) on the page as it
 * is, in each language and display mode, and checks nothing scrolls
 * sideways. Returns the problems found, one line each; leaves the page in
 * Chinese, normal display.
 */
export async function scanScreen(page: Page, screen: string): Promise<string[]> {
  const found: string[] = [];
  if (modes().length === 0) return found;
  let current: DisplayMode = 'normal';
  for (const lang of LANGS) {
    await setLang(page, lang);
    for (const mode of modes()) {
      if (mode !== current) await setDisplay(page, mode);
      current = mode;
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) {
        const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
        found.push(`${screen} [${lang}, ${mode}] ${v.id} (${v.impact}, ${v.nodes.length}×): ${targets}`);
      }
      // Against the html element's width: a phone's window widens with overflowing content.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (wide > 0) found.push(`${screen} [${lang}, ${mode}] scrolls sideways by ${wide}px`);
      for (const small of await smallTargets(page)) found.push(`${screen} [${lang}, ${mode}] target under ${small}`);
    }
  }
  await setLang(page, 'zh');
  if (current !== 'normal') await setDisplay(page, 'normal');
  console.log(`axe: ${screen}: ${found.length} problem(s)`);
  return found;
}
