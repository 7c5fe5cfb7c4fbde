// Playwright drives Debian's Chromium (/usr/bin/chromium; Playwright never
// downloads a browser here) against the REAL linli-server, built by
// scripts/build.sh, on a fresh database per run.
//
//   npx playwright test --project kiosk --project phone   the e2e suite (*.spec.ts)
//   npx playwright test --project desktop --project tablet  the console (*.console.ts)
//   npx playwright test --project static-kiosk --project static-phone
//                                                         the static backend (*.static.ts)
//   npx playwright test --project audit                   first-load audit (*.audit.ts)
//
// Environment: LINLI_E2E_NOW (default 2026-12-02T11:40, Nanjing time: the
// moment the server's clock stands at and every browser's clock starts from,
// see tests/clock.ts), LINLI_E2E_PORT (default: a random port from 18080),
// LINLI_E2E_SERVER_LOG=1 to show the server's output, LINLI_E2E_KEEP_DB=1 to
// keep the database after the run.
import { defineConfig } from '@playwright/test';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eNow, nanjingTime } from './tests/clock';

const root = path.resolve(__dirname, '..');
// A port of its own per run, so two runs on one machine (a developer's and
// CI's) never meet; workers inherit the runner's choice through the environment.
if (!process.env.LINLI_E2E_PORT) {
  process.env.LINLI_E2E_PORT = String(18080 + Math.floor(Math.random() * 2000));
}
const port = Number(process.env.LINLI_E2E_PORT);
// Checked once here, so a malformed LINLI_E2E_NOW stops the run before any server starts.
const now = e2eNow();
const baseURL = `http://127.0.0.1:${port}`;
const serverBin = path.join(root, 'target', 'server', 'linli-server');
const distDir = path.join(root, 'dist');
const dataDir = path.join(root, 'public', 'data');

// One fresh temp dir per run. This file is loaded again in each worker: they
// inherit the runner's directory through the environment instead of making one.
let tmpDir = process.env.LINLI_E2E_TMP;
if (!tmpDir) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-'));
  process.env.LINLI_E2E_TMP = tmpDir;
  const dir = tmpDir;
  process.on('exit', () => {
    if (!process.env.LINLI_E2E_KEEP_DB) fs.rmSync(dir, { recursive: true, force: true });
  });
}
const dbPath = path.join(tmpDir, 'e2e.sqlite3');
// The whole suite runs from 127.0.0.1: the per-client limits (look-ups,
// bookings per hour) are off for the shared server; abuse.spec-style checks
// live in the server's integration tests, which start servers with them on.
for (const limit of ['LINLI_LOOKUPS_PER_MINUTE', 'LINLI_TRIES_PER_CODE', 'LINLI_BOOKINGS_PER_HOUR']) {
  process.env[limit] ??= '0';
}

// The fake SMS gateway (fake-sms-gateway.mjs) two ports on: the shared
// server sends its text messages there, signed with a secret made per run;
// tests read what came from LINLI_E2E_GATEWAY/received.
const gatewayPort = port + 2;
const gatewayURL = `http://127.0.0.1:${gatewayPort}`;
process.env.LINLI_E2E_GATEWAY = gatewayURL;
const smsSecret = path.join(tmpDir, 'sms-secret');
if (!fs.existsSync(smsSecret)) fs.writeFileSync(smsSecret, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const serverCommand = [
  `if [ ! -x ${sh(serverBin)} ] || [ ! -f ${sh(path.join(distDir, 'index.html'))} ]; then`,
  `echo 'linli e2e: no build found (target/server/linli-server, dist/); run scripts/build.sh' >&2; exit 1; fi;`,
  // The README's demo PIN for the demo centre, before serving.
  `${sh(serverBin)} pin set --center dongshan-zhushan --pin 246810 --db ${sh(dbPath)} --data ${sh(dataDir)} >/dev/null &&`,
  // Its clock stands still at `now` for the whole run (the README: for tests only).
  `exec ${sh(serverBin)} --listen 127.0.0.1:${port} --db ${sh(dbPath)}`,
  `--data ${sh(dataDir)} --static-dir ${sh(distDir)} --fake-now ${now}`,
  `--sms webhook --sms-webhook-url ${gatewayURL}/send --sms-webhook-secret-file ${sh(smsSecret)} --sms-poll-secs 1`,
].join(' ');

// The static backend: dist-static/ (built for /linli/) under a plain static
// server on the next port, with a config.json that selects the static backend
// and holds the demo centre's volunteer PIN as the PBKDF2 hash
// `linli-server pin hash` makes. Set up once per run, by the runner.
const staticPort = port + 1;
const staticURL = `http://127.0.0.1:${staticPort}/linli/`;
const staticSite = path.join(tmpDir, 'site');
const staticDist = path.join(root, 'dist-static');
if (!fs.existsSync(staticSite) && fs.existsSync(path.join(staticDist, 'index.html'))) {
  fs.cpSync(staticDist, path.join(staticSite, 'linli'), { recursive: true });
  const salt = crypto.randomBytes(16);
  const rounds = 100_000; // the format's floor: quick tests, same code path
  const key = crypto.pbkdf2Sync('246810', salt, rounds, 32, 'sha256');
  const config = {
    backend: 'static',
    mode: 'web',
    idle_seconds: 60,
    languages: ['zh', 'en'],
    volunteer_pins: { 'dongshan-zhushan': `pbkdf2-sha256$${rounds}$${salt.toString('hex')}$${key.toString('hex')}` },
  };
  fs.writeFileSync(path.join(staticSite, 'linli', 'config.json'), JSON.stringify(config, null, 2));
  // The demo centre's canteen closed three days after `now`, so the static
  // projects see a day that says why it has no meals. Three, not one: the
  // browser's clock runs on from `now`, and at 23:59 "tomorrow" moves one
  // day on within the minute. Only the canteen: its care services must stay open.
  const inThreeDays = new Date(nanjingTime(now).getTime() + (8 + 72) * 3600_000).toISOString().slice(0, 10);
  const reason = { zh: '社区活动日', en: 'Community day' };
  const closures = {
    closures: ['dongshan-zhushan-lunch', 'dongshan-zhushan-dinner'].map((offering_id) => ({
      date: inThreeDays,
      center_id: 'dongshan-zhushan',
      offering_id,
      reason,
    })),
  };
  fs.writeFileSync(path.join(staticSite, 'linli', 'data', 'closures.json'), JSON.stringify(closures, null, 2));
}

const chromiumLaunch = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const kioskViewport = { width: 1080, height: 1920 };

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1, // 2 cores, and one shared server
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    // The service worker (public/sw.js) answers for the page once it is
    // installed, and page.route never sees what it answers: the specs that
    // test it allow it (offline.spec.ts), the rest run without one.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // The residents' civil time and language (UTC+8, no DST), whatever the machine's.
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    {
      name: 'kiosk',
      testMatch: /.*\.spec\.ts$/,
      use: { viewport: kioskViewport },
    },
    {
      name: 'phone',
      testMatch: /.*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      // The management console (*.console.ts): staff at a desk and on a tablet.
      name: 'desktop',
      testMatch: /.*\.console\.ts$/,
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'tablet',
      testMatch: /.*\.console\.ts$/,
      use: { viewport: { width: 1024, height: 768 }, hasTouch: true },
    },
    {
      // The same app against the static backend: no server, bookings on the kiosk.
      name: 'static-kiosk',
      testMatch: /.*\.static\.ts$/,
      use: { baseURL: staticURL, viewport: kioskViewport },
    },
    {
      name: 'static-phone',
      testMatch: /.*\.static\.ts$/,
      use: {
        baseURL: staticURL,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      // Not part of the e2e suite: run with `--project audit`.
      name: 'audit',
      testMatch: /.*\.audit\.ts$/,
      use: { viewport: kioskViewport },
    },
  ],
  webServer: [
    {
      command: `exec node fake-sms-gateway.mjs ${gatewayPort} ${sh(smsSecret)}`,
      cwd: __dirname,
      url: `${gatewayURL}/received`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: serverCommand,
      cwd: root,
      url: `${baseURL}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: process.env.LINLI_E2E_SERVER_LOG ? 'pipe' : 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `test -f ${sh(path.join(staticSite, 'linli', 'index.html'))} || { echo 'linli e2e: no static build (dist-static/); run scripts/build.sh static' >&2; exit 1; }; exec node static-server.mjs ${sh(staticSite)} ${staticPort}`,
      cwd: __dirname,
      url: `${staticURL}config.json`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
  ],
});
