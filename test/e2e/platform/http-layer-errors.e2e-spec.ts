import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { createTestApp, type TestApp } from '../../support/app.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Sends bytes supertest cannot (a malformed request line or header) and reads the one answer. */
function raw(port: number, request: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // the server may reset after answering; the answer is what counts
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!status) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const bodyText = rest.join('\r\n\r\n');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(headers['transfer-encoding'] === 'chunked' ? dechunk(bodyText) : bodyText);
      } catch {
        body = { unparsed: bodyText };
      }
      resolve({ status, headers, body });
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(request);
  });
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

function expectRawProblem(res: RawAnswer, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(typeof res.body.requestId).toBe('string');
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('Refusals of the HTTP layer are problem details too', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;

  it('a path segment over the router limit answers 414 URI_TOO_LONG', async () => {
    expectRawProblem(await raw(port, get(`/v1/public/conventions/${'a'.repeat(300)}/signatories`)), 414, 'URI_TOO_LONG');
  });

  it('a malformed percent-encoding in the path answers 400 BAD_REQUEST', async () => {
    expectRawProblem(await raw(port, get('/v1/public/conventions/%E0%A4%A/signatories')), 400, 'BAD_REQUEST');
  });

  it('a very long URL answers 431 HEADERS_TOO_LARGE', async () => {
    expectRawProblem(await raw(port, get(`/v1/public/disclosures?q=${'x'.repeat(20000)}`)), 431, 'HEADERS_TOO_LARGE');
  });

  it('a very long header answers 431 HEADERS_TOO_LARGE', async () => {
    expectRawProblem(await raw(port, get('/health/live', `X-Padding: ${'y'.repeat(20000)}\r\n`)), 431, 'HEADERS_TOO_LARGE');
  });

  it('control bytes in a header answer 400 BAD_REQUEST', async () => {
    expectRawProblem(await raw(port, get('/health/live', 'X-Note: a\u0001b\r\n')), 400, 'BAD_REQUEST');
  });

  it('a request line that is not HTTP answers 400 BAD_REQUEST', async () => {
    expectRawProblem(await raw(port, 'HELLO\r\n\r\n'), 400, 'BAD_REQUEST');
  });

  it('the same checks pass for a well-formed request (the helper reads real answers)', async () => {
    const ok = await raw(port, get('/health/live'));
    expect(ok.status).toBe(200);
    expectRawProblem(await raw(port, get('/v1/nope')), 404, 'ROUTE_NOT_FOUND');
  });
});
