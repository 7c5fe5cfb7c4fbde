// Shared fixtures for the e2e suite: import { test, expect } from './fixtures'.
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { e2eNow, nanjingLocal, nanjingTime } from './clock';

/** Base path of the JSON API (DESIGN.md "JSON API v1"). */
export const API = '/api/v1';

export type Json = Record<string, unknown>;

/** The shared server's fixed moment (clock.ts), Nanjing civil time. */
export const NOW = e2eNow();

/*
 * Tests tagged @clock (`test(title, { tag: '@clock' }, …)`) run again at a
 * few other moments (scripts/test.sh's clock stage): one test for each
 * choice that depends on the moment, such as a service held on some weekdays
 * only, "明天" (it may be a closure), or today's roster or another day's.
 */
export const test = base.extend<{ api: APIRequestContext; now: string }>({
  /**
   * Where the browser's clock starts, Nanjing civil time: the shared server's
   * moment, or `test.use({ now })` for a spec with a server of its own.
   */
  now: [NOW, { option: true }],
  // Every page of every context (also those a test opens itself) reads the
  // same clock: started at `now`, then running; page.clock moves it on.
  context: async ({ context, now }, use) => {
    await context.clock.install({ time: nanjingTime(now) });
    await use(context);
  },
  /** A request context on the server's root (baseURL): `api.get(`${API}/catalog`)`. */
  api: async ({ playwright, baseURL }, use) => {
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Accept: 'application/json' },
    });
    await use(api);
    await api.dispose();
  },
});

export { expect };

/**
 * POST /api/v1/bookings with a fresh Idempotency-Key (or the one given) and
 * return the created booking (with its `code`). Throws unless the answer is 201.
 */
export async function bookViaApi(
  request: APIRequestContext,
  body: Json,
  idempotencyKey: string = randomUUID(),
): Promise<Json & { code: string }> {
  const res = await request.post(`${API}/bookings`, {
    data: body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  if (res.status() !== 201) {
    throw new Error(`POST ${API}/bookings answered ${res.status()}: ${await res.text()}`);
  }
  return (await res.json()) as Json & { code: string };
}

/** The shared server's date, as YYYY-MM-DD. */
export function todayInChina(): string {
  return NOW.slice(0, 10);
}

export type OpenSlot = Json & { id: string; offering_id: string; date: string; start: string; end: string; remaining: number };

/**
 * The first not-yet-started slot with at least `seats` seats left at a centre
 * for a kind (of one of `offerings`, if given), searching `days` days from the
 * server's today (GET /api/v1/slots): 7, the week residents can book. Throws if none.
 */
export async function findOpenSlot(
  request: APIRequestContext,
  center: string,
  kind: string,
  { seats = 1, days = 7, offerings }: { seats?: number; days?: number; offerings?: string[] } = {},
): Promise<OpenSlot> {
  const res = await request.get(`${API}/slots`, {
    params: { center, kind, from: todayInChina(), days },
  });
  if (!res.ok()) throw new Error(`GET ${API}/slots answered ${res.status()}: ${await res.text()}`);
  const json = await res.json();
  const slots: OpenSlot[] = Array.isArray(json) ? json : json.slots;
  // Slots close when they start. The server's clock stands still but the
  // browser's runs on from the same moment: keep 10 minutes in hand.
  const soon = nanjingLocal(new Date(nanjingTime(NOW).getTime() + 10 * 60_000));
  const slot = slots.find(
    (s) => s.remaining >= seats && `${s.date}T${s.start}` > soon && (!offerings || offerings.includes(s.offering_id)),
  );
  const what = offerings ? offerings.join(' or ') : kind;
  if (!slot) throw new Error(`no ${what} slot with ${seats} seat(s) at ${center} in ${days} days from ${NOW}`);
  return slot;
}
