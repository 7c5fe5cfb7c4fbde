// A linli-server of a test's own, for what the shared one can't do: its
// clock fixed with LINLI_FAKE_NOW (the README: for tests only), on a
// database in a temp folder that outlives a restart.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'target', 'server', 'linli-server');
const data = path.join(root, 'public', 'data');
const dist = path.join(root, 'dist');

export class OwnServer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-own-'));
  readonly db = path.join(this.dir, 'own.sqlite3');
  private child?: ChildProcess;
  /** `http://127.0.0.1:PORT` while running. */
  url = '';

  /** Sets a centre's PIN (before start: `pin set` opens the database itself). */
  pin(center: string, pin: string) {
    execFileSync(bin, ['pin', 'set', '--center', center, '--pin', pin, '--db', this.db, '--data', data]);
  }

  /**
   * Makes a staff account as an operator does (`admin create`, the
   * password on stdin): `account('zhushan.manager', 'center_manager', 'dongshan-zhushan', pw)`.
   */
  account(user: string, role: 'district_admin' | 'street_office' | 'center_manager', scope: string | null, password: string) {
    const args = ['admin', 'create', '--user', user, '--role', role, '--db', this.db, '--data', data];
    if (role === 'street_office' && scope) args.push('--street', scope);
    if (role === 'center_manager' && scope) args.push('--center', scope);
    execFileSync(bin, args, { input: `${password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  }

  /**
   * Starts with the clock at `fakeNow` (`2026-12-02T11:40`, Nanjing time) on a
   * free port, or on `port` (a restart on the same origin, which a service
   * worker's cache belongs to), serving the app from `appDir` (default dist/).
   */
  async start(fakeNow: string, { port = 0, appDir = dist }: { port?: number; appDir?: string } = {}) {
    const args = ['--listen', `127.0.0.1:${port}`, '--db', this.db, '--data', data, '--static-dir', appDir, '--no-precompress'];
    const child = spawn(bin, args, {
      env: { ...process.env, LINLI_FAKE_NOW: fakeNow, RUST_LOG: 'warn' },
      // Its log only on request, as for the shared server (playwright.config.ts).
      stdio: ['ignore', 'pipe', process.env.LINLI_E2E_SERVER_LOG ? 'inherit' : 'ignore'],
    });
    this.child = child;
    // The server prints "Linli listening on http://ADDR/" once it listens.
    const lines = readline.createInterface({ input: child.stdout! });
    this.url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`linli-server exited (${code}) before listening`)));
      lines.on('line', (line) => {
        const m = /listening on (http:\/\/\S+?)\/?$/.exec(line);
        if (m) resolve(m[1]);
      });
    });
  }

  /** The port it listens on (after `start`). */
  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** SIGTERM, and waits until it has closed the database. */
  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
