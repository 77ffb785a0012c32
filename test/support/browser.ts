/**
 * Browser tests of the complaint window (issue #14): the BUILT service (dist/src and dist/window) as its own
 * process on a database of its own, two tiny HTTP servers acting as a partner's site (an origin its site key
 * allows) and a stranger's (one it does not), and Debian's Chromium driven by playwright-core.
 *
 * Without Chromium the tests are skipped with a loud message; with CI=true that is a failure instead.
 * Screenshots go to docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (they change with every run's dates and codes).
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import request from 'supertest';
import type pg from 'pg';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './app.js';
import { login } from './auth.js';
import { createTestDatabase, sqlClient } from './database.js';
import { ROOT, startService, type RunningService } from './processes.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const bar = '!'.repeat(78);
  const message = [
    bar,
    `!! BROWSER TESTS NOT RUN: no Chromium at ${CHROMIUM}.`,
    '!! Install it (as root): apt-get update && apt-get install -y chromium fonts-noto-cjk',
    '!! (.ci/run does this; CHROMIUM_PATH points elsewhere). Under CI=true this is a failure.',
    bar,
  ].join('\n');
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`\n${message}\n\n`);
  return false;
}

/** `describe` when Chromium is here; `describe.skip` (after a loud message) when not; a failure under CI=true. */
export const describeInBrowser: jest.Describe = chromiumAvailable() ? describe : describe.skip;

/** A site on its own origin (127.0.0.1 and a port of its own) serving the pages a test gives it. */
export interface Site {
  origin: string;
  serve: (pathname: string, html: string) => string;
  close: () => Promise<void>;
}

async function startSite(): Promise<Site> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/favicon.ico') return void res.writeHead(204).end();
    const html = pages.get(pathname);
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    serve: (pathname, html) => {
      pages.set(pathname, html);
      return `${origin}${pathname}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The newest modification time under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The tests drive what `npm start` serves, so it must be built and current (`npm test` builds first). */
function assertBuilt(): void {
  const page = path.join(ROOT, 'dist/window/index.html');
  const service = path.join(ROOT, 'dist/src/main.js');
  if (!existsSync(service) || !existsSync(page)) throw new Error('The service or the complaint window is not built: run `npm run build` first.');
  if (statSync(page).mtimeMs < newest(path.join(ROOT, 'window'))) {
    throw new Error('dist/window is older than window/: run `npm run build:window` (or `npm run build`) first.');
  }
}

export interface WindowHarness {
  /** The service's origin, e.g. http://127.0.0.1:41234. */
  base: string;
  /** supertest against the service and SQL on its database, for the test helpers of test/support. */
  t: TestApp;
  /** A partner's site: its origin is the one the test's site keys allow. */
  partner: Site;
  /** Another site, allowed nowhere. */
  stranger: Site;
  browser: Browser;
  adminToken: () => Promise<string>;
  /** A browser context (zh-CN, China time, 1024 × 900 unless told otherwise); closed with the harness. */
  context: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts everything one browser-test file needs: a database, the built service on it (generous rate limits, a
 * cheap proof-of-work so the widget solves it in a blink), the two sites and one Chromium.
 */
export async function startWindowHarness(env: Record<string, string> = {}): Promise<WindowHarness> {
  assertBuilt();
  const db = await createTestDatabase();
  const sql: pg.Pool = sqlClient(db.url);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selfreg-browser-'));
  const [partner, stranger] = await Promise.all([startSite(), startSite()]);
  const launching = chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--lang=zh-CN'] });
  let service: RunningService;
  let browser: Browser;
  try {
    service = await startService({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      JOBS_ENABLED: 'false',
      PUBLIC_INTAKE_PER_IP_PER_HOUR: '100000',
      RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '100000',
      PUBLIC_LOOKUPS_PER_IP_PER_MINUTE: '100000',
      ALTCHA_COST: '100',
      ALTCHA_MAX_COUNTER: '50',
      ...env,
    });
  } catch (e) {
    await (await launching.catch(() => undefined))?.close();
    await Promise.all([partner.close(), stranger.close()]);
    await sql.end();
    await db.drop();
    throw e;
  }
  try {
    browser = await launching;
  } catch (e) {
    await service.stop();
    await Promise.all([partner.close(), stranger.close()]);
    await sql.end();
    await db.drop();
    throw e;
  }
  const running = service;
  const chromiumInstance = browser;
  const contexts: BrowserContext[] = [];
  const t = { http: () => request(running.base), sql } as unknown as TestApp;
  return {
    base: running.base,
    t,
    partner,
    stranger,
    browser: chromiumInstance,
    adminToken: () => login(t, ADMIN_EMAIL, ADMIN_PASSWORD),
    context: async (options = {}) => {
      const ctx = await chromiumInstance.newContext({
        viewport: { width: 1024, height: 900 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        colorScheme: 'light',
        ...options,
      });
      contexts.push(ctx);
      return ctx;
    },
    output: running.output,
    stop: async () => {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await chromiumInstance.close();
      await running.stop();
      await Promise.all([partner.close(), stranger.close()]);
      await sql.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what must not happen on a page: a script error, a console error (a CSP violation, a failed load) or a
 * request to an origin other than the service's (and the page's own, for a partner's page). The test expects
 * the list to stay empty: the window loads nothing but the service's own files.
 */
export function watchPage(page: Page, allowedOrigins: string[]): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('blob:') && !allowedOrigins.some((o) => url === o || url.startsWith(`${o}/`))) problems.push(`request to another origin: ${url}`);
  });
  return problems;
}

/** axe-core's WCAG 2.2 A/AA rules on the page (iframes included): no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // The console's toasts (Ant Design) fade in and out over a few seconds: axe would read their half-transparent text.
  await page.locator('.ant-message-notice, .ant-notification-notice').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect({ screen, serious }).toEqual({ screen, serious: [] });
}

const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

/** Saves a full-page screenshot as docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Waits until the element matching `selector` has focus (playwright-core has no assertions of its own). */
export async function expectFocused(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => document.activeElement?.matches(sel) ?? false, selector, { timeout: 5000 }).catch(async () => {
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    throw new Error(`${selector} does not have focus; ${focused} has`);
  });
}

/** Waits until the element's text is exactly `text`. */
export async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want, [selector, text] as const, { timeout: 5000 }).catch(async () => {
    throw new Error(`${selector} reads "${await page.locator(selector).first().textContent()}", not "${text}"`);
  });
}
