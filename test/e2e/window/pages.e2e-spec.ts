import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';
import { createPartner } from '../../support/factories.js';
import { startService } from '../../support/processes.js';
import { createSiteKey } from '../../support/window.js';

const INDEX = '<!doctype html><html lang="zh-CN"><head><title>投诉</title><script type="module" src="/window/assets/index-Ab12.js"></script></head><body></body></html>';
const EMBED = '(function(){/* embed */})();';
const ASSET = 'export const hello = "世界";';
const CSP = (ancestors: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
  `worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ${ancestors}`;

/** A stand-in for the Vite build: index.html, embed.js, one hashed asset with a gzip sibling, a folder and a dot file. */
function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfreg-window-'));
  mkdirSync(path.join(dir, 'assets', 'nested'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'embed.js'), EMBED);
  writeFileSync(path.join(dir, 'assets', 'index-Ab12.js'), ASSET);
  writeFileSync(path.join(dir, 'assets', 'index-Ab12.js.gz'), gzipSync(ASSET));
  writeFileSync(path.join(dir, 'assets', 'style-Cd34.css'), 'body{color:#111}');
  writeFileSync(path.join(dir, 'assets', 'nested', 'x.js'), 'x');
  writeFileSync(path.join(dir, 'assets', '.secret'), 'secret');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the assets folder');
  return dir;
}

/** A request with the path sent exactly as written (no client-side normalisation of "..", "%2e"). */
function raw(app: TestApp, target: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; bytes: Buffer }> {
  const server = app.app.getHttpServer();
  return new Promise((resolve, reject) => {
    const listening = server.listening ? Promise.resolve() : new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    void listening.then(() => {
      const { port } = server.address() as { port: number };
      const req = httpRequest({ host: '127.0.0.1', port, path: target, method: 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
      });
      req.on('error', reject);
      req.end();
    });
  });
}

describe('The complaint window pages — GET /complain, /follow, /window, /window/embed.js, /window/assets/*', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let partner: { id: string };
  let key: { id: string; key: string };

  beforeAll(async () => {
    dir = fakeBuild();
    t = await createTestApp({ WINDOW_DIR: dir });
    admin = await adminToken(t);
    partner = await createPartner(t, admin);
    key = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://news.example.cn', 'https://m.news.example.cn:8443'] });
  });
  afterAll(async () => {
    const server = t.app.getHttpServer();
    if (server.listening) await new Promise((r) => server.close(r));
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the form and the follow-up page without login, never framed, with a strict CSP', async () => {
    for (const p of ['/complain', '/follow', '/complain/']) {
      const res = await t.http().get(p);
      expect(res.status).toBe(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': CSP("'none'"),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
    }
  });

  it('lets only the site key\'s origins frame /window', async () => {
    const res = await t.http().get('/window').query({ k: key.key, theme: '#0a7', hint: 'https://news.example.cn/a' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-security-policy']).toBe(CSP('https://news.example.cn https://m.news.example.cn:8443'));
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const other = await createSiteKey(t, admin, (await createPartner(t, admin)).id, { allowedOrigins: ['https://other.example.org'] });
    expect((await t.http().get('/window').query({ k: other.key })).headers['content-security-policy']).toBe(CSP('https://other.example.org'));
  });

  it('answers a small unframeable 404 page for a missing, unknown, revoked or suspended partner\'s key', async () => {
    const revoked = await createSiteKey(t, admin, partner.id);
    await t.http().delete(`/v1/partners/${partner.id}/site-keys/${revoked.id}`).set('authorization', `Bearer ${admin}`);
    const suspendedPartner = await createPartner(t, admin);
    const suspended = await createSiteKey(t, admin, suspendedPartner.id);
    await t.http().patch(`/v1/partners/${suspendedPartner.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'suspended' });
    for (const q of ['', `?k=${revoked.key}`, `?k=${suspended.key}`, '?k=wk_AAAAAAAAAAAAAAAAAAAAAAAA', `?k=${key.key}&k=${key.key}`, '?k=%3Cscript%3E']) {
      const res = await t.http().get(`/window${q}`);
      expect([q, res.status]).toEqual([q, 404]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CSP("'none'"));
      expect(res.text).toContain('此投诉窗口不可用');
      expect(res.text).toContain('This complaint window is not available');
      expect(res.text).not.toContain('<script');
    }
  });

  it('serves embed.js to other sites\' pages, cached five minutes', async () => {
    const res = await t.http().get('/window/embed.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe(EMBED);
    expect(res.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'cross-origin-resource-policy': 'cross-origin' });
  });

  it('serves hashed assets for a year, precompressed when the client accepts it', async () => {
    const plain = await t.http().get('/window/assets/index-Ab12.js').set('accept-encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.text).toBe(ASSET);
    expect(plain.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', vary: 'Accept-Encoding' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await raw(t, '/window/assets/index-Ab12.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.bytes).toString('utf8')).toBe(ASSET);
    // No brotli sibling: a client asking only for br gets the plain file.
    expect((await raw(t, '/window/assets/index-Ab12.js', { 'accept-encoding': 'br' })).body).toBe(ASSET);
    const css = await t.http().get('/window/assets/style-Cd34.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses missing assets, folders, dot files and every path traversal with 404 problem details', async () => {
    for (const p of [
      '/window/assets/missing-0000.js', '/window/assets/nested', '/window/assets/nested/x.js', '/window/assets/.secret',
      '/window/assets/..%2Fsecret.txt', '/window/assets/..%2F..%2Fpackage.json', '/window/assets/%2e%2e%2fsecret.txt', '/window/assets/..',
      '/window/assets/../secret.txt', '/window/assets/..\\secret.txt', '/window/assets/%5c..%5csecret.txt', '/window/assets/', '/window/secret.txt',
    ]) {
      const res = await raw(t, p);
      expect([p, res.status]).toEqual([p, 404]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain('outside the assets folder');
    }
  });

  it('stays out of the API document', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    expect(Object.keys(doc.paths).filter((p) => /^\/(complain|follow|window)/.test(p))).toEqual([]);
  });
});

describe('Without a build of the window', () => {
  let t: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = mkdtempSync(path.join(tmpdir(), 'selfreg-window-empty-'));
    t = await createTestApp({ WINDOW_DIR: empty });
  });
  afterAll(async () => {
    await t.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('the pages and embed.js answer 503 WINDOW_NOT_BUILT, the API works', async () => {
    for (const p of ['/complain', '/follow', '/window/embed.js']) expectProblem(await t.http().get(p), 503, 'WINDOW_NOT_BUILT');
    expectProblem(await t.http().get('/window/assets/index-Ab12.js'), 404, 'NOT_FOUND');
    expect((await t.http().get('/health/live')).status).toBe(200);
  });

  it('the built service warns once at start-up', async () => {
    const svc = await startService({ DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, JWT_SECRET: 'window-secret-window-secret-window-secret', WINDOW_DIR: empty, JOBS_ENABLED: 'false' });
    try {
      expect((await fetch(`${svc.base}/complain`)).status).toBe(503);
    } finally {
      await svc.stop();
    }
    expect(svc.output().match(/complaint window is not built/g)).toHaveLength(1);
  }, 60_000);
});
