// The moment the e2e suite runs at. The shared server's clock stands still
// there (linli-server --fake-now, playwright.config.ts) and every browser
// context starts its clock there (fixtures.ts), so which slots are open, what
// "today" and "明天" are, never depend on when the suite runs.
// LINLI_E2E_NOW moves it; scripts/test.sh's clock stage runs the
// time-sensitive specs at a few such moments.

/** A Wednesday late morning: today's lunch has started, its dinner is still open. */
export const DEFAULT_E2E_NOW = '2026-12-02T11:40';

/** LINLI_E2E_NOW (`YYYY-MM-DDTHH:MM`, Nanjing civil time, as the server's --fake-now takes it), or the default. */
export function e2eNow(): string {
  const value = process.env.LINLI_E2E_NOW || DEFAULT_E2E_NOW;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) || nanjingLocal(nanjingTime(value)) !== value) {
    throw new Error(`LINLI_E2E_NOW is '${value}': it must be a Nanjing civil time like ${DEFAULT_E2E_NOW}`);
  }
  return value;
}

/** `2026-12-02T11:40` in Nanjing (UTC+8, no DST) as an instant. */
export function nanjingTime(local: string): Date {
  return new Date(`${local}:00+08:00`);
}

/** An instant as Nanjing civil time, `YYYY-MM-DDTHH:MM`. */
export function nanjingLocal(at: Date): string {
  const t = at.getTime();
  return Number.isNaN(t) ? '' : new Date(t + 8 * 3600_000).toISOString().slice(0, 16);
}
