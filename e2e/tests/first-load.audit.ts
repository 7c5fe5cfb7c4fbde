// First-load audit (DESIGN.md "Bars the project must reach", speed): everything a
// kiosk downloads to show its home page — HTML, JS, WASM, CSS, config.json,
// catalog.json, the centre file and whatever else it fetches before the network
// goes idle — should transfer under 150 KiB with brotli (TARGET_BYTES).
//
// The app does not reach that target yet (see e2e/audit/first-load.txt): until
// it does, the test fails on any growth past CEILING_BYTES, just above today's
// figure, and the report says how far the target is. Lower the ceiling with
// every reduction; when the total is under the target, assert the target.
//
// Run with `npx playwright test --project audit`. Bytes are Chromium's own
// count of what crossed the wire (CDP Network.loadingFinished.encodedDataLength:
// compressed bodies plus response headers), on an empty cache.
// Writes the table to e2e/audit/first-load.txt.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const KIOSK_URL = '/?mode=kiosk&center=dongshan-zhushan';
const TARGET_BYTES = 150 * 1024;
// 2026-11-27: 229.5 KiB with the meal flow; 272.1 KiB with all four services,
// "my bookings", QR code and calendar files (+42.6 KiB). The growth is Leptos
// view and async code per screen; see the README's size notes. 319.0 KiB
// with the kiosk idle reset, keypads, display modes, read-aloud and the
// volunteer console (+46.9 KiB). 353.5 KiB with the static backend (+34.5
// KiB: IndexedDB, the ledger's rules, rosters, CSV and the export built on the
// device, and serde for the stored bookings), which every build carries since
// the backend is chosen at run time. The bundle must be split before it grows more.
// 362.6 KiB with the name picker (点选姓氏, +3.3 KiB: its code and texts; its
// table of surnames is fetched only when it opens, never on the first load).
// 367.6 KiB (2026-12-07) with the offline kiosk (network status, banner,
// paused booking, ~3 KiB) and the volunteer console's offline queue and sync
// (~5 KiB), less four size cuts (~3 KiB); index.html now carries the home
// screen (~1 KiB). Split the volunteer console and the static backend out of
// the kiosk's first load next (issue 14, part 2).
// 2026-12-07, later: 360.2 KiB with the size pass merged (-7.4 KiB here:
// serde, sort and hash map copies, error texts nobody reads, wasm-opt -O2,
// LLVM inline threshold 0; the README's "Where the bytes go", scripts/size.sh).
// Splitting the volunteer console and the static backend out of the first
// load needs wasm-split, which Trunk cannot run yet (trunk-rs/trunk#1022).
// 371.6 KiB (2026-12-07, last) with the waiting list's screens (join, 候补第
// N 位, look-up, leave, confirm a hold, the volunteers' list: ~9 KiB) and the
// management API's error texts (~1 KiB). Next: the volunteer console (and
// the coming staff console) as a second binary of the app crate with its own
// page, so residents' devices stop loading staff screens (over 60 KB raw).
// 328.2 KiB (2026-12-08) with that split (-43.4 KiB): the console, its
// offline queue, the static backend's rosters and exports and their serde
// are the staff page's bundle (app/staff.html, dist/volunteer/); the WASM
// went from 1,305,250 to 1,135,804 bytes raw (scripts/build.sh app).
// 335.4 KiB (2026-12-08) with the rating faces on a found booking (issue
// 13) and the residents' text-message choice (issue 15): +7.2 KiB.
const CEILING_BYTES = 336 * 1024;
const REPORT = path.resolve(__dirname, '..', 'audit', 'first-load.txt');

// The bar is for brotli: ask for exactly that (Chromium would also offer gzip
// and zstd), so the number measures what the bar names.
test.use({
  viewport: { width: 1080, height: 1920 },
  extraHTTPHeaders: { 'Accept-Encoding': 'br' },
  serviceWorkers: 'block',
});

type Row = {
  url: string;
  status: number;
  type: string;
  encoding: string;
  bytes: number;
  failed?: string;
};

test('kiosk first load stays under its ceiling and reports the 150 KiB target (brotli)', async ({ page, baseURL }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

  const rows = new Map<string, Row>();
  const pending = new Set<string>();
  const row = (id: string): Row => {
    let r = rows.get(id);
    if (!r) {
      r = { url: '', status: 0, type: '', encoding: '', bytes: 0 };
      rows.set(id, r);
    }
    return r;
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!/^https?:/.test(e.request.url)) return;
    pending.add(e.requestId);
    row(e.requestId).url = e.request.url;
  });
  cdp.on('Network.responseReceived', (e) => {
    if (!rows.has(e.requestId)) return;
    const r = row(e.requestId);
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    r.status = e.response.status;
    r.type = e.type ?? e.response.mimeType;
    r.encoding = headers['content-encoding'] ?? '';
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!rows.has(e.requestId)) return;
    row(e.requestId).bytes = e.encodedDataLength;
    pending.delete(e.requestId);
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (!rows.has(e.requestId)) return;
    row(e.requestId).failed = e.errorText;
    pending.delete(e.requestId);
  });

  await page.goto(KIOSK_URL, { waitUntil: 'networkidle' });
  // The app rendered (a 404 page or a crashed app would be "small" too).
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Idle again after rendering, and nothing left in flight.
  await page.waitForLoadState('networkidle');
  await expect.poll(() => pending.size, { message: 'requests still in flight' }).toBe(0);

  const all = [...rows.values()];
  const total = all.reduce((sum, r) => sum + r.bytes, 0);
  const origin = baseURL ?? '';
  const short = (u: string) => (u.startsWith(origin) ? u.slice(origin.length) || '/' : u);
  const urlWidth = Math.max(3, ...all.map((r) => short(r.url).length));
  const line = (url: string, status: string, type: string, enc: string, bytes: string) =>
    `${url.padEnd(urlWidth)}  ${status.padStart(6)}  ${type.padEnd(10)}  ${enc.padEnd(8)}  ${bytes.padStart(9)}`;
  const lines = [
    `Linli first load: ${KIOSK_URL} at 1080×1920, Accept-Encoding: br, empty cache`,
    `bytes = CDP Network.loadingFinished.encodedDataLength (compressed body + headers)`,
    '',
    line('url', 'status', 'type', 'encoding', 'bytes'),
    line('-'.repeat(urlWidth), '------', '----------', '--------', '---------'),
    ...all.map((r) =>
      line(
        short(r.url),
        r.failed ? 'failed' : String(r.status),
        r.type,
        r.encoding || '(none)',
        String(r.bytes),
      ),
    ),
    '',
    `total: ${total} bytes (${(total / 1024).toFixed(1)} KiB); target ${TARGET_BYTES / 1024} KiB: ${
      total < TARGET_BYTES ? 'met' : `NOT MET, ${((total - TARGET_BYTES) / 1024).toFixed(1)} KiB over`
    }; regression ceiling ${CEILING_BYTES / 1024} KiB`,
  ];
  const uncompressed = all.filter((r) => !r.encoding && r.bytes > 1024 && !r.failed);
  if (uncompressed.length) {
    lines.push(
      `note: sent without compression: ${uncompressed.map((r) => short(r.url)).join(', ')}`,
    );
  }
  const report = lines.join('\n') + '\n';
  console.log('\n' + report);
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, report);
  await test.info().attach('first-load.txt', { body: report, contentType: 'text/plain' });

  // The audit saw the real app: its WASM arrived.
  expect(
    all.some((r) => /\.wasm(\?|$)/.test(r.url) && r.status === 200),
    'a .wasm file was loaded with status 200',
  ).toBe(true);
  expect(total, `first load is ${total} bytes`).toBeLessThan(CEILING_BYTES);
});
