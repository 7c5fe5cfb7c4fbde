// Shared fixtures for the e2e suite: import { test, expect } from './fixtures'.
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';

/** Base path of the JSON API (DESIGN.md "JSON API v1"). */
export const API = '/api/v1';

export type Json = Record<string, unknown>;

export const test = base.extend<{ api: APIRequestContext }>({
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

/** Today's date in the centres' civil time (UTC+8), as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The first not-yet-started slot with at least `seats` seats left at a centre for a kind,
 * searching `days` days from today (GET /api/v1/slots). Throws if none.
 */
export async function findOpenSlot(
  request: APIRequestContext,
  center: string,
  kind: string,
  { seats = 1, days = 7 }: { seats?: number; days?: number } = {},
): Promise<Json & { id: string; remaining: number }> {
  const res = await request.get(`${API}/slots`, {
    params: { center, kind, from: todayInChina(), days },
  });
  if (!res.ok()) throw new Error(`GET ${API}/slots answered ${res.status()}: ${await res.text()}`);
  const json = await res.json();
  const slots: Array<Json & { id: string; remaining: number }> = Array.isArray(json)
    ? json
    : json.slots;
  // Slots close when they start: skip those starting within the next 10 minutes.
  const soon = new Date(Date.now() + 8 * 3600_000 + 10 * 60_000).toISOString().slice(0, 16);
  const slot = slots.find((s) => s.remaining >= seats && `${s.date}T${s.start}` > soon);
  if (!slot) throw new Error(`no ${kind} slot with ${seats} seat(s) at ${center} in ${days} days`);
  return slot;
}
